import { PollingStopped } from "@telepot/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Bot, StopTimeout, type UpdateContext, UpdateQueue } from "../src/index.js";
import { backlogProbe, dyingApi, FakeTelegram, message, until } from "./receive-telegram.js";

const TOKEN = "123456:SECRET-token-must-never-leak";

let telegram: FakeTelegram;
let bot: Bot;

beforeEach(async () => {
  telegram = await new FakeTelegram(TOKEN).start();
  bot = new Bot(TOKEN, { apiRoot: telegram.url, retry: false });
});

afterEach(async () => {
  await bot.dispose();
  await telegram.close();
});

describe("messageLoop (polling)", () => {
  it("hands the inner object to the handler with the kind and the whole update", async () => {
    const seen: [unknown, string, number][] = [];
    const [first] = telegram.add(message(5, "hi"));
    telegram.add({ callback_query: { id: "q", from: { id: 9 }, chat_instance: "c", data: "d" } });
    telegram.add({ brand_new_kind: { chat: { id: 5 }, x: 1 } });
    const loop = bot.messageLoop(
      (payload, context) => {
        seen.push([payload, context.kind, context.update.update_id]);
      },
      { timeout: 20 },
    );
    await until(() => seen.length === 3);
    await loop.stop();
    expect(seen[0]).toEqual([first!.message, "message", 1]);
    expect(seen[1]![1]).toBe("callback_query");
    expect((seen[1]![0] as { data: string }).data).toBe("d");
    // An unknown kind is delivered, not fatal.
    expect(seen[2]![1]).toBe("unknown");
    expect(seen[2]![0]).toEqual({ kind: "brand_new_kind", value: { chat: { id: 5 }, x: 1 } });
    expect(telegram.pending).toEqual([]);
  });

  it("sends timeout, limit and allowed_updates (the latter with the first call only)", async () => {
    let count = 0;
    const loop = bot.messageLoop(() => void count++, {
      pollTimeoutSeconds: 7,
      limit: 30,
      allowedUpdates: ["message"],
    });
    telegram.add(message(1, "a"));
    await until(() => count === 1);
    telegram.add(message(1, "b"));
    await until(() => count === 2);
    await loop.stop();
    expect(telegram.polls[0]).toEqual({
      offset: undefined,
      limit: 30,
      timeout: 7,
      allowed_updates: ["message"],
    });
    expect(telegram.polls.slice(1).every((p) => p.allowed_updates === undefined)).toBe(true);
    expect(telegram.polls.slice(1, -1).every((p) => p.limit === 30 && p.timeout === 7)).toBe(true);
    // Stopping ended the long poll and confirmed with a zero-timeout call.
    expect(telegram.polls.at(-1)).toEqual({ offset: 3, limit: 1, timeout: 0, allowed_updates: undefined });
  });

  it("is exactly-once across a graceful stop and restart", async () => {
    const handled = new Map<number, number>();
    const handle = async (_: unknown, context: UpdateContext) => {
      await new Promise((r) => setImmediate(r));
      handled.set(context.update.update_id, (handled.get(context.update.update_id) ?? 0) + 1);
    };
    for (let i = 0; i < 150; i++) telegram.add(message(i % 7, `m${i}`));
    const first = bot.messageLoop(handle, { limit: 40 });
    await until(() => handled.size >= 60);
    await first.stop();
    const afterFirst = handled.size;
    // Everything the first loop took was handled and confirmed before stop() resolved.
    expect(telegram.firstUnconfirmed).toBe(afterFirst + 1);
    for (let i = 150; i < 200; i++) telegram.add(message(i % 7, `m${i}`));
    const second = bot.messageLoop(handle, { limit: 40 });
    await until(() => handled.size === 200);
    await second.stop();
    expect([...handled.values()].every((n) => n === 1)).toBe(true);
    expect(telegram.pending).toEqual([]);
  });

  it("is at-least-once across a crash: nothing is lost", async () => {
    const completed = new Set<number>();
    const started = new Set<number>();
    for (let i = 0; i < 100; i++) telegram.add(message(i % 10, `m${i}`));
    // The first process: its handlers for chat 3 never finish, and at some point it dies
    // (no more requests, no replies), without stop().
    const { api: dying, die } = dyingApi(bot);
    const { messageLoop } = await import("../src/index.js");
    messageLoop(
      dying,
      async (_, context) => {
        started.add(context.update.update_id);
        if ((context.payload as { chat: { id: number } }).chat.id === 3) await new Promise(() => {});
        completed.add(context.update.update_id);
      },
      { onError: () => {}, limit: 5 },
    );
    // Update 4 (chat 3) never finishes, so the dying loop gets no further than update 8.
    await until(() => completed.size >= 7);
    die();
    expect(completed.size).toBeLessThan(100);
    // A new process starts from whatever Telegram still holds.
    const second = bot.messageLoop((_, context) => {
      completed.add(context.update.update_id);
    });
    await until(() => completed.size === 100, 20_000);
    await second.stop();
    for (let id = 1; id <= 100; id++) expect(completed.has(id)).toBe(true);
    // The stuck update (chat 3's first, id 4) held the offset, so it came again.
    expect(started.has(4)).toBe(true);
    expect(telegram.pending).toEqual([]);
  });

  it("at-most-once: a stuck handler holds nothing back, and fetched updates are confirmed", async () => {
    const done = new Set<number>();
    for (let chat = 1; chat <= 20; chat++) telegram.add(message(chat, String(chat)));
    const loop = bot.messageLoop(
      async (_, context) => {
        if (context.update.update_id === 1) await new Promise(() => {});
        done.add(context.update.update_id);
      },
      { limit: 5, delivery: "at-most-once", stopTimeout: 0, onError: () => {} },
    );
    await until(() => done.size === 19);
    await loop.stop();
    // Update 1 never finished, yet it was confirmed: at most once.
    expect(telegram.pending).toEqual([]);
    expect(() => bot.messageLoop(() => {}, { delivery: "twice" as "at-most-once" })).toThrow(RangeError);
  });

  it("does not poll again while a short batch is still being handled, then long-polls", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let handled = 0;
    telegram.add(message(1, "slow"));
    const loop = bot.messageLoop(async () => {
      await gate;
      handled++;
    });
    await until(() => telegram.polls.length === 1);
    for (let turn = 0; turn < 200; turn++) await new Promise((r) => setImmediate(r));
    // Polling again now would only fetch the unfinished update again, at once, in a hot loop.
    expect(telegram.polls).toHaveLength(1);
    release();
    await until(() => handled === 1 && telegram.polls.length === 2);
    expect(telegram.polls[1]).toMatchObject({ offset: 2, timeout: 20 });
    await loop.stop();
  });

  it("at-most-once: pauses polling while the backlog is full, and resumes", async () => {
    for (let i = 0; i < 40; i++) telegram.add(message(1 + (i % 3), String(i)));
    const { got, backlogAtPoll, handle } = backlogProbe(telegram);
    const loop = bot.messageLoop(handle, { limit: 5, concurrency: 1, delivery: "at-most-once" });
    await until(() => got.length === 40);
    await loop.stop();
    expect(got).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // With concurrency 1 the backlog is 10 updates: no poll was sent while 10 were waiting.
    expect(Math.max(...backlogAtPoll)).toBeLessThan(10);
    expect(Math.max(...backlogAtPoll)).toBeGreaterThan(0);
  });

  it("keeps each chat in order while chats overlap", async () => {
    const perChat = new Map<number, number[]>();
    let running = 0;
    let maxRunning = 0;
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const total = 2000;
    for (let i = 0; i < total; i++) {
      const chat = rand() % 60;
      telegram.add(message(chat, String(i)));
    }
    let handled = 0;
    const loop = bot.messageLoop(
      async (payload) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        const msg = payload as { chat: { id: number }; text: string };
        for (let t = rand() % 4; t > 0; t--) await new Promise((r) => setImmediate(r));
        (perChat.get(msg.chat.id) ?? perChat.set(msg.chat.id, []).get(msg.chat.id)!).push(Number(msg.text));
        running--;
        handled++;
      },
      { concurrency: 16 },
    );
    await until(() => handled === total);
    await loop.stop();
    expect(maxRunning).toBeGreaterThan(1);
    expect(maxRunning).toBeLessThanOrEqual(16);
    for (const seq of perChat.values()) expect(seq).toEqual([...seq].sort((a, b) => a - b));
    expect([...perChat.values()].reduce((n, s) => n + s.length, 0)).toBe(total);
  });

  it("reports handler errors to onError and goes on (the failed update is not repeated)", async () => {
    const errors: [unknown, UpdateContext | undefined][] = [];
    const ok: string[] = [];
    telegram.add(message(1, "boom"), message(1, "fine"), message(2, "sync-boom"), message(2, "also fine"));
    const loop = bot.messageLoop(
      async (payload) => {
        const text = (payload as { text: string }).text;
        if (text === "sync-boom") throw new TypeError("sync failure");
        await Promise.resolve();
        if (text === "boom") throw new Error("async failure");
        ok.push(text);
      },
      { onError: (error, context) => errors.push([error, context]) },
    );
    await until(() => ok.length === 2);
    await loop.stop();
    expect(ok.sort()).toEqual(["also fine", "fine"]);
    const reported = errors.map(([e, c]) => [(e as Error).message, c?.update.update_id]);
    expect(reported.sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ["async failure", 1],
      ["sync failure", 3],
    ]);
    expect(telegram.pending).toEqual([]);
  });

  it("stops with a clear error on 409 (a webhook is set, or another instance polls)", async () => {
    telegram.persistentFailure = {
      status: 409,
      description: "Conflict: can't use getUpdates method while webhook is active",
    };
    const loop = bot.messageLoop(() => {});
    const error = await loop.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PollingStopped);
    expect((error as PollingStopped).reason).toBe("conflict");
    expect((error as Error).message).toMatch(/409 Conflict.*deleteWebhook/);
    expect(loop.running).toBe(false);
  });

  it("stops with a clear error on 401, without the token anywhere", async () => {
    const wrong = new Bot("999:WRONG-secret-token", { apiRoot: telegram.url, retry: false });
    const error = await wrong
      .messageLoop(() => {})
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    await wrong.dispose();
    expect((error as PollingStopped).reason).toBe("unauthorized");
    expect((error as Error).message).toMatch(/401 Unauthorized/);
    const dump = `${(error as Error).stack} ${JSON.stringify(error)} ${String((error as Error).cause)}`;
    expect(dump).not.toContain("WRONG-secret-token");
  });

  it("backs off and retries on network faults and 5xx, reporting them", async () => {
    telegram.failures.push("destroy", { status: 502, description: "Bad Gateway" }, "destroy");
    telegram.add(message(1, "after the outage"));
    const errors: unknown[] = [];
    const got: string[] = [];
    const loop = bot.messageLoop((p) => void got.push((p as { text: string }).text), {
      backoff: { firstMs: 1, maxMs: 4 },
      onError: (e) => errors.push(e),
    });
    await until(() => got.length === 1);
    await loop.stop();
    expect(got).toEqual(["after the outage"]);
    expect(errors).toHaveLength(3);
    expect(telegram.polls.length).toBeGreaterThanOrEqual(4);
  });

  it("waits retry_after on 429", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      telegram.failures.push({
        status: 429,
        description: "Too Many Requests: retry after 5",
        retry_after: 5,
      });
      telegram.add(message(1, "x"));
      const got: unknown[] = [];
      const loop = bot.messageLoop((p) => void got.push(p), { onError: () => {} });
      await until(() => telegram.polls.length === 1);
      await until(() => vi.getTimerCount() > 0);
      await vi.advanceTimersByTimeAsync(4999);
      expect(telegram.polls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await until(() => got.length === 1);
      await loop.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it("reports and skips malformed updates", async () => {
    telegram.addRaw(
      { update_id: 1, ...message(1, "one") },
      42,
      { no_id: true },
      { update_id: 2, ...message(1, "two") },
    );
    const errors: unknown[] = [];
    const got: string[] = [];
    const loop = bot.messageLoop((p) => void got.push((p as { text: string }).text), {
      onError: (e) => errors.push(e),
    });
    await until(() => got.length === 2);
    await loop.stop();
    expect(got).toEqual(["one", "two"]);
    expect(errors.map((e) => (e as Error).name)).toEqual(["MalformedUpdate", "MalformedUpdate"]);
    expect(telegram.pending).toEqual([]);
  });

  it("starts from a given offset", async () => {
    telegram.add(...Array.from({ length: 10 }, (_, i) => message(1, String(i + 1))));
    const got: string[] = [];
    const loop = bot.messageLoop((p) => void got.push((p as { text: string }).text), { offset: 6 });
    await until(() => got.length === 5);
    await loop.stop();
    expect(got).toEqual(["6", "7", "8", "9", "10"]);
    expect(telegram.polls[0]!.offset).toBe(6);
  });

  it("stops when its AbortSignal aborts, cutting the long poll short", async () => {
    const controller = new AbortController();
    const loop = bot.messageLoop(() => {}, { signal: controller.signal, timeout: 50 });
    await until(() => telegram.polls.length === 1);
    controller.abort();
    await loop;
    expect(loop.running).toBe(false);
  });

  it("gives up on handlers that outlive stopTimeout; their updates come again", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      telegram.add(message(1, "stuck"), message(2, "quick"));
      const errors: unknown[] = [];
      let quick = 0;
      const loop = bot.messageLoop(
        async (p) => {
          if ((p as { text: string }).text === "stuck") await new Promise(() => {});
          quick++;
        },
        { stopTimeout: 1000, onError: (e) => errors.push(e) },
      );
      await until(() => quick === 1);
      const stopped = loop.stop();
      await vi.advanceTimersByTimeAsync(1000);
      await stopped;
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(StopTimeout);
      expect(telegram.firstUnconfirmed).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("uses a subclass's handle method when no handler is given", async () => {
    const got: unknown[] = [];
    class EchoBot extends Bot {
      handle(msg: { text: string }) {
        got.push([this instanceof EchoBot, msg.text]);
      }
    }
    const echo = new EchoBot(TOKEN, { apiRoot: telegram.url, retry: false });
    telegram.add(message(1, "hello"));
    const loop = echo.messageLoop();
    await until(() => got.length === 1);
    await loop.stop();
    await echo.dispose();
    expect(got).toEqual([[true, "hello"]]);
  });

  it("refuses to start without a handler, or with bad options", () => {
    expect(() => bot.messageLoop()).toThrow(/needs a handler/);
    expect(() => bot.messageLoop(() => {}, { limit: 101 })).toThrow(RangeError);
    expect(() => bot.messageLoop(() => {}, { concurrency: 0 })).toThrow(RangeError);
    expect(() => bot.messageLoop(() => {}, { stopTimeoutMs: -1 })).toThrow(/stopTimeoutMs/);
    expect(() => bot.messageLoop(() => {}, { source: new UpdateQueue(), stopTimeout: -1 })).toThrow(
      /stopTimeoutMs/,
    );
    expect(telegram.polls).toHaveLength(0);
  });

  it("never prints the token with the default onError", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      lines.push(
        args.map((a) => (a instanceof Error ? `${a.stack} ${String(a.cause)}` : String(a))).join(" "),
      );
    });
    try {
      telegram.failures.push("destroy");
      telegram.add(message(1, "x"));
      let done = false;
      const loop = bot.messageLoop(
        async () => {
          done = true;
          // A handler that fails on an API call: the error comes from the Bot.
          await bot.sendMessage(1, "reply").then(() => {
            throw new Error("handler failed");
          });
        },
        { backoff: { base: 1, max: 1 } },
      );
      await until(() => done && lines.length >= 2);
      await loop.stop();
    } finally {
      spy.mockRestore();
    }
    expect(lines.join("\n")).toMatch(/getUpdates/);
    expect(lines.join("\n")).toMatch(/handler failed on update 1 \(message\)/);
    expect(lines.join("\n")).not.toContain(TOKEN);
    expect(lines.join("\n")).not.toContain("SECRET-token");
  });
});
