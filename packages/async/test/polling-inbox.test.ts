import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteInbox } from "@telepot/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { journalRows } from "../../sqlite/test/fixtures/journal-rows.js";
import { Bot, messageLoop, type UpdateContext } from "../src/index.js";
import { backlogProbe, dyingApi, FakeTelegram, message, until } from "./receive-telegram.js";

const TOKEN = "123456:SECRET-token-must-never-leak";

let telegram: FakeTelegram;
let bot: Bot;
let dir: string;

beforeEach(async () => {
  telegram = await new FakeTelegram(TOKEN).start();
  bot = new Bot(TOKEN, { apiRoot: telegram.url, retry: false });
  dir = mkdtempSync(join(tmpdir(), "telepot-polling-inbox-"));
});

afterEach(async () => {
  await bot.dispose();
  await telegram.close();
  rmSync(dir, { recursive: true, force: true });
});

const chatOf = (context: UpdateContext) => (context.payload as { chat: { id: number } }).chat.id;

describe("messageLoop (polling) with an inbox", () => {
  it("confirms what the inbox holds at once; after a crash the next loop handles the rest, in order", async () => {
    const path = join(dir, "inbox.db");
    const completed: number[] = [];
    for (let i = 0; i < 100; i++) telegram.add(message(i % 10, `m${i}`));
    // The first process: chat 3's handler never finishes, and then the process dies (no stop).
    const { api: dying, die } = dyingApi(bot);
    const first = SqliteInbox.open(path);
    messageLoop(
      dying,
      async (_, context) => {
        if (chatOf(context) === 3) await new Promise(() => {});
        completed.push(context.update.update_id);
      },
      // A short long-poll, so the dead process leaves no request open for long.
      { inbox: first, limit: 5, timeout: 1, onError: () => {} },
    );
    // A stuck chat holds nothing back: all 100 are fetched and confirmed (no 100-in-flight cap).
    await until(() => completed.length === 90 && telegram.pending.length === 0);
    await until(() => first.backlog() === 10);
    die();
    const order: number[] = [];
    const second = SqliteInbox.open(path);
    const loop = bot.messageLoop(
      (_, context) => {
        completed.push(context.update.update_id);
        if (chatOf(context) === 3) order.push(context.update.update_id);
      },
      { inbox: second },
    );
    await until(() => completed.length === 100);
    await loop.stop();
    // Chat 3's updates (ids 4, 14, ..., 94), in order; nothing done by the first loop came again.
    expect(order).toEqual(Array.from({ length: 10 }, (_, i) => 4 + 10 * i));
    expect(new Set(completed).size).toBe(100);
    expect(second.backlog()).toBe(0);
    first.close();
    second.close();
  });

  it("skips updates the inbox already has (fetched again because the confirm was lost)", async () => {
    const inbox = SqliteInbox.open(":memory:");
    const [a, b] = telegram.add(message(1, "a"), message(1, "b"));
    // A previous process committed update 1 and handled it, and died before confirming it.
    inbox.append([a!]);
    inbox.complete([{ updateId: a!.update_id }]);
    const seen: number[] = [];
    const loop = bot.messageLoop((_, context) => void seen.push(context.update.update_id), { inbox });
    await until(() => seen.length === 1 && telegram.pending.length === 0);
    await loop.stop();
    expect(seen).toEqual([b!.update_id]);
    inbox.close();
  });

  it("pauses polling past maxBacklog and resumes", async () => {
    const inbox = SqliteInbox.open(":memory:");
    for (let i = 0; i < 40; i++) telegram.add(message(1 + (i % 3), String(i)));
    const { got, backlogAtPoll, handle } = backlogProbe(telegram);
    const loop = bot.messageLoop(handle, { inbox, limit: 5, concurrency: 1, maxBacklog: 8 });
    await until(() => got.length === 40);
    await loop.stop();
    expect(got).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // No poll was sent while 8 fetched updates were waiting for or in their handler.
    expect(Math.max(...backlogAtPoll)).toBeLessThan(8);
    expect(Math.max(...backlogAtPoll)).toBeGreaterThan(0);
    expect(inbox.backlog()).toBe(0);
    inbox.close();
  });

  it("reports a failing commit and goes on; the update stays pending for the next process", async () => {
    const inbox = SqliteInbox.open(":memory:");
    const errors: unknown[] = [];
    let calls = 0;
    const failing = Object.assign(Object.create(inbox) as SqliteInbox, {
      complete: () => {
        calls++;
        throw new Error("disk full");
      },
    });
    const seen: number[] = [];
    telegram.add(message(1, "a"), message(2, "b"));
    const loop = bot.messageLoop((_, context) => void seen.push(context.update.update_id), {
      inbox: failing,
      onError: (error) => errors.push(error),
    });
    await until(() => seen.length === 2 && calls > 0);
    await loop.stop();
    expect(errors.some((e) => (e as Error).message === "disk full")).toBe(true);
    expect(inbox.pending(10).map((u) => u.update_id)).toEqual([1, 2]);
    inbox.close();
  });

  it("journals a handler's calls: after a crash, a reply that was sent is not sent again", async () => {
    const path = join(dir, "inbox.db");
    const [ping] = telegram.add(message(7, "ping"));
    // The first process replies, then dies before its handler settles (the update stays pending).
    const { api: dying, die } = dyingApi(bot);
    const first = SqliteInbox.open(path);
    let replied = false;
    messageLoop(
      dying,
      async (_, context) => {
        await bot.sendMessage(chatOf(context), "pong");
        await bot.getChat(chatOf(context)); // safe to repeat: not journaled
        replied = true;
        await new Promise(() => {});
      },
      { inbox: first, timeout: 1, onError: () => {} },
    );
    await until(() => replied);
    die();
    const results: boolean[] = [];
    const second = SqliteInbox.open(path);
    const loop = bot.messageLoop(
      async (_, context) => {
        results.push(Boolean(await bot.sendMessage(chatOf(context), "pong")));
        results.push(Boolean(await bot.sendMessage(chatOf(context), "pong again")));
        await bot.getChat(chatOf(context));
      },
      { inbox: second },
    );
    await until(() => results.length === 2);
    await loop.stop();
    // The recorded result came back for "pong"; "pong again" is a new call; reads go out each time.
    expect(telegram.calls.map((c) => `${c.method} ${c.params.text ?? ""}`)).toEqual([
      "sendMessage pong",
      "getChat ",
      "sendMessage pong again",
      "getChat ",
    ]);
    // Marked done with its journal: nothing is left behind.
    expect(second.backlog()).toBe(0);
    expect(journalRows(path, ping!.update_id)).toBe(0);
    first.close();
    second.close();
  });

  it("refuses delivery with an inbox, and a maxBacklog below limit", () => {
    const inbox = SqliteInbox.open(":memory:");
    expect(() => bot.messageLoop(() => {}, { inbox, delivery: "at-least-once" })).toThrow(RangeError);
    expect(() => bot.messageLoop(() => {}, { inbox, limit: 50, maxBacklog: 10 })).toThrow(/maxBacklog/);
    inbox.close();
  });
});

describe("DelegatorBot with an inbox", () => {
  it("keeps a persistent conversation's state with each handled update; a new bot resumes it", async () => {
    const { ChatHandler, createOpen, perChatId } = await import("@telepot/core");
    const { DelegatorBot } = await import("../src/index.js");
    const seen: string[] = [];
    class Counter extends ChatHandler {
      count = 0;
      snapshot() {
        return { count: this.count };
      }
      restore(state: { count: number }) {
        this.count = state.count;
      }
      override onChatMessage(msg: { text?: string }) {
        this.count++;
        seen.push(`${msg.text}=${this.count}`);
      }
    }
    const path = join(dir, "bot.db");
    const run = async (texts: string[]) => {
      const inbox = SqliteInbox.open(path);
      const delegator = new DelegatorBot(TOKEN, [[perChatId(), createOpen(Counter)]], {
        apiRoot: telegram.url,
        retry: false,
        inbox,
      });
      const before = seen.length;
      for (const text of texts) telegram.add(message(5, text));
      const loop = delegator.messageLoop();
      await until(() => seen.length === before + texts.length && inbox.backlog() === 0);
      await loop.stop();
      await delegator.closeDelegates();
      const state = inbox.loadState("0:5")?.value;
      inbox.close();
      await delegator.dispose();
      return state;
    };
    expect(await run(["a", "b", "c"])).toEqual({ count: 3 });
    expect(await run(["d", "e"])).toEqual({ count: 5 });
    expect(seen).toEqual(["a=1", "b=2", "c=3", "d=4", "e=5"]);
  });
});
