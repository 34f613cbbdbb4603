// The Basics section of the root README, step by step, with the emulator's user Nick on the other side.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  addMiddleware,
  answerPresses,
  downloadPhoto,
  receiveByHand,
  receiveWithLoop,
  sendKeyboards,
  sendPhotoTwice,
  sendText,
} from "../snippets/basics.ts";
import { eventually, type World, world } from "./helpers.ts";

let w: World;
let scratch: string;
beforeEach(async () => {
  w = await world();
  scratch = mkdtempSync(join(tmpdir(), "telepot-docs-"));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await w.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** The bytes of a tiny PNG picture. */
const PICTURE = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

describe("the first program", () => {
  it("prints the bot's own User, given the token and the API root in the environment", async () => {
    const script = new URL("../snippets/first-bot.ts", import.meta.url).pathname;
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, TELEGRAM_BOT_TOKEN: w.account.token, TELEGRAM_API_ROOT: w.emu.apiRoot },
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(out).toContain("is_bot: true");
    expect(out).toContain("username: 'YourBot'");
    expect(out).not.toContain(w.account.token);
    expect(code).toBe(0);
  });
});

describe("receiving", () => {
  it("by hand: getUpdates returns the pending updates, and the offset confirms them", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    w.nick.send(w.account, "Hello");
    const updates = await receiveByHand(w.bot);
    expect(updates.map((u) => u.message?.text)).toEqual(["Hello"]);
    expect(log).toHaveBeenCalledWith(updates);
    expect(await w.bot.getUpdates({ timeout: 0 })).toEqual([]);
  });

  it("with a message loop: the handler glances at each message", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const loop = receiveWithLoop(w.bot);
    const sent = w.nick.send(w.account, "Hello");
    await eventually(() => (log.mock.calls.length > 0 ? true : undefined), "the handler printed nothing");
    expect(log.mock.calls[0]).toEqual(["text", "private", sent.chat.id]);
    await loop.stop();
  });
});

describe("sending", () => {
  it("sends text to a chat", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const chatId = w.nick.send(w.account, "hi").chat.id;
    await sendText(w.bot, chatId);
    expect((await w.nick.nextMessage(w.account)).text).toBe("Good morning!");
  });

  it("shows and hides a custom keyboard, and answers a press of an inline button", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const chatId = w.nick.send(w.account, "hi").chat.id;
    const question = await sendKeyboards(w.bot, chatId);
    expect((await w.nick.nextMessage(w.account)).text).toBe("This is a custom keyboard");
    expect((await w.nick.nextMessage(w.account)).text).toBe("I am hiding it");
    const shown = await w.nick.nextMessage(w.account);
    expect(shown.message_id).toBe(question.message_id);
    expect(shown.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({
      text: "Roll",
      callback_data: "roll",
    });

    const loop = answerPresses(w.bot);
    const answer = await w.nick.press(shown, "roll");
    expect(answer.text).toBe("You pressed roll");
    expect(log).toHaveBeenCalledWith("Callback query:", expect.any(String), w.nick.id, "roll");
    await loop.stop();
  });

  it("uploads a photo from a path, then sends it again by file_id", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const path = join(scratch, "dot.png");
    writeFileSync(path, PICTURE);
    const chatId = w.nick.send(w.account, "hi").chat.id;
    const [sent, again] = await sendPhotoTwice(w.bot, chatId, path);
    expect(again.photo?.at(-1)?.file_unique_id).toBe(sent.photo?.at(-1)?.file_unique_id);
    const file = await w.bot.getFile(sent.photo!.at(-1)!.file_id);
    expect(file.file_size).toBe(PICTURE.length);
  });
});

describe("the request pipeline", () => {
  it("times every call, answers getMe from its cache after the first, and passes a call's signal", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const chatId = w.nick.send(w.account, "hi").chat.id;
    await addMiddleware(w.bot, chatId);
    expect((await w.nick.nextMessage(w.account)).text).toBe("Hi");
    const first = await w.bot.getMe();
    let served = 0;
    w.bot.use((request, next) => {
      served++; // runs inside the cache: counts the getMe calls that reach Telegram
      return next(request);
    });
    expect(await w.bot.getMe()).toEqual(first);
    expect(served).toBe(0);
    const lines = log.mock.calls.map((args) => String(args[0]));
    expect(lines.some((line) => /^sendMessage took \d+\.\d ms$/.test(line))).toBe(true);
    expect(lines.filter((line) => line.startsWith("getMe took"))).toHaveLength(2);
  });
});

describe("downloading", () => {
  it("saves the largest size of a photo the user sent", async () => {
    w.nick.sendPhoto(w.account, { data: PICTURE, filename: "dot.png", contentType: "image/png" });
    const [update] = await w.bot.getUpdates({ timeout: 0 });
    const path = join(scratch, "saved.png");
    await downloadPhoto(w.bot, update!.message!, path);
    expect(readFileSync(path)).toEqual(PICTURE);
  });
});
