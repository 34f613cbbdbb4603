// The options of the root README's "Delivery guarantees", against the emulator.
import type { UpdatePayload } from "@telepot/async";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { atMostOnceLoop, carefulBot } from "../snippets/delivery.ts";
import { eventually, type World, world } from "./helpers.ts";

let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await w.close();
});

describe("a careful bot", () => {
  it("sends through flood control, and prints no token when it waits out a 429", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const bot = carefulBot(w.account.token, w.emu.apiRoot);
    try {
      const chatId = w.nick.send(w.account, "hi").chat.id;
      const texts = ["one", "two", "three"];
      for (const text of texts) await bot.sendMessage(chatId, text);
      for (const text of texts) expect((await w.nick.nextMessage(w.account)).text).toBe(text);
      for (const [line] of warn.mock.calls) expect(String(line)).not.toContain(w.account.token);
    } finally {
      await bot.dispose();
    }
  });
});

describe("an at-most-once loop", () => {
  it("confirms an update while its handler still runs", async () => {
    const started: UpdatePayload[] = [];
    let finish: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const loop = atMostOnceLoop(w.bot, async (msg) => {
      started.push(msg);
      await held;
    });
    w.nick.send(w.account, "slow");
    await eventually(() => (started.length === 1 ? true : undefined), "the handler did not start");
    // The next poll confirms the fetched update; another client asking for it would not get it.
    w.nick.send(w.account, "second");
    await eventually(() => (started.length === 2 ? true : undefined), "the second update did not arrive");
    finish();
    await loop.stop();
    expect(await w.bot.getUpdates({ timeout: 0 })).toEqual([]);
  });
});
