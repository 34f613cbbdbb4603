// The options of the root README's "Delivery guarantees", against the emulator.
import type { UpdatePayload } from "@telepot/async";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { atMostOnceLoop, carefulBot } from "../snippets/delivery.ts";
import { eventually, type World, world } from "./helpers.ts";

let w: World;
beforeEach(async () => {
  // Telegram's flood limits enforced: over 1 message a second to a chat gets 429.
  w = await world({ rateLimits: true });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await w.close();
});

describe("a careful bot", () => {
  it("paces its sends under the limits: everything delivered, no 429 met", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const bot = carefulBot(w.account.token, w.emu.apiRoot);
    try {
      const chatId = w.nick.send(w.account, "hi").chat.id;
      const texts = ["one", "two"];
      for (const text of texts) await bot.sendMessage(chatId, text);
      for (const text of texts) expect((await w.nick.nextMessage(w.account)).text).toBe(text);
      // The logger hears of every 429 waited out and every retry: there were none.
      expect(warn).not.toHaveBeenCalled();
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
    // The updates the emulator still holds for the bot: those not yet confirmed.
    const unconfirmed = () => w.emu.runtime.world.bots.get(w.account.id)?.updates.size;
    try {
      w.nick.send(w.account, "slow");
      await eventually(() => (started.length === 1 ? true : undefined), "the handler did not start");
      // The next poll confirms what was fetched, although the first handler has not finished
      // (at-least-once would hold the first update back until it had).
      const ann = w.emu.driver.createUser({ firstName: "Ann" });
      ann.send(w.account, "second");
      await eventually(() => (started.length === 2 ? true : undefined), "the second update did not arrive");
      await eventually(
        () => (unconfirmed() === 0 ? true : undefined),
        "updates in flight were not confirmed",
      );
    } finally {
      finish();
      await loop.stop();
    }
    expect(await w.bot.getUpdates({ timeout: 0 })).toEqual([]);
  });
});
