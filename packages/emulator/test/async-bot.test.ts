// The project's own async Bot (@telepot/async) against the emulator: calls, uploads, downloads,
// errors, the message loop, and its flood control meeting the emulator's rate limits.
import { Bot } from "@telepot/async";
import { InputFile, type Message, TelegramError, TooManyRequestsError } from "@telepot/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHandle, type Emulator, start, type UserHandle } from "../src/index.js";
import { PNG } from "./helpers.js";

let emu: Emulator;
let handle: BotHandle;
let ann: UserHandle;
let bot: Bot;
beforeAll(async () => {
  emu = await start({ port: 0 });
  handle = emu.driver.createBot({ username: "telepot_bot" });
  ann = emu.driver.createUser({ firstName: "Ann" });
  ann.start(handle);
  bot = new Bot(handle.token, { apiRoot: emu.apiRoot, retry: false });
});
afterAll(async () => {
  await bot.dispose();
  await emu.close();
});

describe("@telepot/async Bot against the emulator", () => {
  it("calls methods with positional arguments and options", async () => {
    expect((await bot.getMe()).username).toBe("telepot_bot");
    const sent = await bot.sendMessage(ann.id, "<b>hi</b>", {
      parse_mode: "HTML",
      reply_markup: { inline_keyboard: [[{ text: "go", callback_data: "go" }]] },
    });
    expect(sent.entities).toEqual([{ type: "bold", offset: 0, length: 2 }]);
    expect((await ann.nextMessage(handle)).text).toBe("hi");
  });

  it("uploads with InputFile and downloads the same bytes", async () => {
    const sent = await bot.sendPhoto(
      ann.id,
      new InputFile(PNG, { filename: "dot.png", contentType: "image/png" }),
      { caption: "dot" },
    );
    const fileId = sent.photo?.[0]?.file_id as string;
    const chunks: Buffer[] = [];
    for await (const chunk of await bot.fileStream(fileId)) chunks.push(chunk as Buffer);
    expect(new Uint8Array(Buffer.concat(chunks))).toEqual(PNG);
  });

  it("turns the emulator's refusals into telepot's errors, without the token", async () => {
    const error = await bot.sendMessage(999, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramError);
    expect((error as TelegramError).description).toBe("Bad Request: chat not found");
    expect(String((error as Error).message)).not.toContain(handle.token.split(":")[1]);
  });

  it("receives messages through its message loop", async () => {
    const pending = await bot.getUpdates();
    const last = pending.at(-1)?.update_id;
    if (last !== undefined) await bot.getUpdates({ offset: last + 1 });
    const got: string[] = [];
    const loop = bot.messageLoop(
      async (msg) => {
        const message = msg as Message;
        got.push(message.text ?? "");
        await bot.sendMessage(message.chat.id, `echo ${message.text}`);
      },
      { timeout: 1 },
    );
    try {
      ann.skipAll(handle);
      ann.send(handle, "one");
      expect((await ann.nextMessage(handle)).text).toBe("echo one");
      ann.send(handle, "two");
      expect((await ann.nextMessage(handle)).text).toBe("echo two");
    } finally {
      await loop.stop();
    }
    expect(got).toEqual(["one", "two"]);
  });

  it("gets 429 with retry_after from the emulator's flood control", async () => {
    let now = 10_000_000;
    const limited = await start({ port: 0, rateLimits: true, now: () => now });
    const h = limited.driver.createBot({ username: "flood_bot" });
    const u = limited.driver.createUser({ firstName: "U" });
    u.start(h);
    const fast = new Bot(h.token, { apiRoot: limited.apiRoot, retry: false });
    try {
      await fast.sendMessage(u.id, "1");
      const error = await fast.sendMessage(u.id, "2").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TooManyRequestsError);
      expect((error as TooManyRequestsError).retryAfter).toBe(1);
      now += 1000;
      expect((await fast.sendMessage(u.id, "3")).text).toBe("3");
    } finally {
      await fast.dispose();
      await limited.close();
    }
  });
});
