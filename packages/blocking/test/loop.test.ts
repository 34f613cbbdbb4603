// The seed's traditional skeletons in blocking style: a global handler and a class-based handler
// with notifyOnMessage (handled while the thread is idle), runForever (straight-line, blocking),
// webhook updates through a source queue, and a worker lost mid-loop.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { glance, hasFlavor, LateUpdate, type Message, type Update } from "@telepot/core";
import { SqliteInbox } from "@telepot/sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot, UpdateQueue } from "../dist/index.js";
import { type FakeApi, inlineQuery, startFakeApi, TOKEN, text } from "./helpers/fake-api.js";

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(async () => {
  await api.close();
});

/** Lets this thread idle (so notifyOnMessage can handle updates) until `done` holds (or fails at the poll deadline). */
async function until(done: () => Promise<boolean> | boolean): Promise<void> {
  await expect.poll(done, { interval: 5 }).toBe(true);
}

async function sentSince(start: number): Promise<[unknown, unknown][]> {
  return (await api.sent()).slice(start);
}

describe("notifyOnMessage with a global handler", () => {
  it("returns at once, then handles updates between other work; handlers make blocking calls", async () => {
    const start = (await api.sent()).length;
    const bot = new Bot(TOKEN, { apiRoot: api.apiRoot });
    const log: string[] = [];
    function handle(msg: object) {
      if (!hasFlavor(msg, "normal")) return;
      const [contentType, chatType, chatId] = glance(msg);
      log.push(`${contentType} ${chatType} ${chatId}`);
      const reply = bot.sendMessage(chatId, `You said: ${(msg as Message).text}`);
      log.push(`sent ${reply.message_id > 0}`);
    }
    const loop = bot.notifyOnMessage(handle, { timeout: 1 });
    expect(loop.running).toBe(true);
    await api.push([text(1, "one"), text(2, "two"), text(1, "three")]);
    await until(async () => (await sentSince(start)).length === 3);
    expect(await sentSince(start)).toEqual([
      [1, "You said: one"],
      [2, "You said: two"],
      [1, "You said: three"],
    ]);
    expect(log).toEqual([
      "text private 1",
      "sent true",
      "text private 2",
      "sent true",
      "text private 1",
      "sent true",
    ]);
    loop.stop();
    expect(loop.running).toBe(false);
    // Everything handled was confirmed by the stop.
    expect((await api.seen()).pending).toEqual([]);
    bot.dispose();
  });

  it("reports a failing handler to onError with its update, and goes on", async () => {
    const bot = new Bot(TOKEN, { apiRoot: api.apiRoot });
    const errors: [string, number | undefined][] = [];
    const handled: string[] = [];
    const loop = bot.notifyOnMessage(
      (msg) => {
        const m = msg as Message;
        if (m.text === "boom") throw new Error("handler failed");
        handled.push(m.text ?? "");
      },
      {
        timeout: 1,
        onError: (error, context) => errors.push([(error as Error).message, context?.update.update_id]),
      },
    );
    await api.push([text(3, "boom"), text(3, "fine")]);
    await until(() => handled.length === 1);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[0]).toBe("handler failed");
    expect(handled).toEqual(["fine"]);
    loop.stop();
    bot.dispose();
  });

  it("stops when its signal is aborted while the thread is idle", async () => {
    const bot = new Bot(TOKEN, { apiRoot: api.apiRoot });
    const stop = new AbortController();
    const handled: string[] = [];
    const loop = bot.notifyOnMessage((msg) => handled.push((msg as Message).text ?? ""), {
      timeout: 1,
      signal: stop.signal,
    });
    await api.push([text(5, "before")]);
    await until(() => handled.length === 1);
    stop.abort();
    await until(() => !loop.running);
    expect(handled).toEqual(["before"]);
    expect((await api.seen()).pending).toEqual([]);
    bot.dispose();
  });

  it("keeps a script running while the loop runs, and lets it end after stop()", () => {
    const script = `
      const { Bot } = require(${JSON.stringify(new URL("../dist/index.cjs", import.meta.url).pathname)});
      const bot = new Bot(process.env.T, { apiRoot: process.env.A });
      const loop = bot.notifyOnMessage((msg) => {
        console.log("handled", msg.text);
        loop.stop();
        bot.dispose();
      }, { timeout: 1 });
      console.log("Listening ...");
    `;
    // The update is queued before the script starts; the script must stay alive to receive it.
    const queued = api.push([text(9, "wake up")]);
    return queued.then(() => {
      const run = spawnSync(process.execPath, ["-e", script], {
        env: { ...process.env, T: TOKEN, A: api.apiRoot },
        timeout: 45_000, // generous: a child node on a loaded machine starts slowly
        encoding: "utf8",
      });
      expect([run.stderr, run.stdout, run.status]).toEqual(["", "Listening ...\nhandled wake up\n", 0]);
    });
  });
});

describe("class-based handling", () => {
  class YourBot extends Bot {
    readonly seen: string[] = [];

    handle(msg: object): void {
      if (hasFlavor(msg, "normal")) {
        const [contentType, chatType, chatId] = glance(msg);
        this.seen.push(`Normal Message: ${contentType} ${chatType} ${chatId}`);
      } else if (hasFlavor(msg, "inline_query")) {
        const [queryId, fromId, query] = glance(msg, "inline_query");
        this.seen.push(`Inline Query: ${queryId} ${fromId} ${query}`);
        this.answerInlineQuery(queryId, [
          {
            type: "article",
            id: "abc",
            title: "ABC",
            input_message_content: { message_text: "Good morning" },
          },
        ]);
      }
    }
  }

  it("uses the subclass's handle when notifyOnMessage gets no handler", async () => {
    const bot = new YourBot(TOKEN, { apiRoot: api.apiRoot });
    const loop = bot.notifyOnMessage(undefined, { timeout: 1 });
    await api.push([text(4, "hi"), inlineQuery(4, "abc")]);
    await until(() => bot.seen.length === 2);
    expect(bot.seen).toEqual(["Normal Message: text private 4", "Inline Query: q-abc 4 abc"]);
    const answers = (await api.seen()).calls.filter((c) => c.method === "answerInlineQuery");
    expect(answers.at(-1)?.params).toMatchObject({ inline_query_id: "q-abc", results: [{ id: "abc" }] });
    loop.stop();
    bot.dispose();
  });

  it("refuses to start without a handler, or with a negative stop timeout (polling or webhook)", () => {
    const bot = new Bot(TOKEN, { apiRoot: api.apiRoot });
    expect(() => bot.notifyOnMessage()).toThrow(/needs a handler/);
    expect(() => bot.notifyOnMessage(() => {}, { stopTimeoutMs: -1 })).toThrow(/stopTimeoutMs/);
    expect(() => bot.notifyOnMessage(() => {}, { source: new UpdateQueue(), stopTimeout: -1 })).toThrow(
      /stopTimeoutMs/,
    );
    bot.dispose();
  });
});

describe("runForever", () => {
  it("blocks and handles updates one by one, in update order, until the signal stops it", async () => {
    const bot = new Bot(TOKEN, { apiRoot: api.apiRoot });
    await api.push([text(11, "a"), text(12, "b"), text(11, "c")]);
    await api.push([text(13, "d")], 100);
    const stop = new AbortController();
    const handled: string[] = [];
    const loop = bot.notifyOnMessage(
      (msg) => {
        const m = msg as Message;
        handled.push(m.text ?? "");
        bot.sendMessage(m.chat.id, `${handled.length}`);
        if (handled.length === 4) stop.abort();
      },
      { runForever: true, signal: stop.signal, timeout: 1 },
    );
    // Only returns once the loop has ended.
    expect(loop.running).toBe(false);
    expect(handled).toEqual(["a", "b", "c", "d"]);
    const seen = await api.seen();
    expect(seen.pending).toEqual([]);
    // Each poll confirmed only what had been handled.
    expect(seen.offsets.at(-1)).toBeGreaterThan(Math.max(...seen.offsets.slice(0, -1)));
    bot.dispose();
  });

  it("reports polling problems to onError while it blocks, and polls on", async () => {
    // Without the bot's own retries, the failed poll reaches the loop.
    const bot = new Bot(TOKEN, { apiRoot: api.apiRoot, retry: false });
    await api.failPolls(1);
    await api.push([text(14, "after the failure")], 50);
    const stop = new AbortController();
    const events: string[] = [];
    bot.notifyOnMessage(
      (msg) => {
        events.push(`handled ${(msg as Message).text}`);
        stop.abort();
      },
      {
        runForever: true,
        signal: stop.signal,
        timeout: 1,
        backoff: { base: 1, max: 1 },
        onError: (error) => events.push(`error ${(error as Error).name}`),
      },
    );
    expect(events).toEqual(["error TelegramError", "handled after the failure"]);
    bot.dispose();
  });

  it("a loop nobody waits for that meets a wrong token: reported to onError, exit code 1", () => {
    const script = `
      const { Bot } = await import(process.env.ENTRY);
      new Bot("1:wrong", { apiRoot: process.env.API }).notifyOnMessage(() => {}, {
        timeout: 1,
        onError: (error) => console.log("reported", error.name),
      });
    `;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ENTRY: new URL("../dist/index.js", import.meta.url).href,
      API: api.apiRoot,
    };
    delete env.NODE_OPTIONS;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(child.stdout).toContain("reported PollingStopped");
    expect(child.stderr).not.toMatch(/unhandled/i);
    expect(child.status).toBe(1);
  });

  it("tells onEnd how the loop ended: undefined after a stop, the error after a fatal one", async () => {
    const ends: (string | undefined)[] = [];
    const onEnd = (error: Error | undefined) => ends.push(error?.name);
    const wrong = new Bot("1:wrong", { apiRoot: api.apiRoot });
    const failed = wrong.notifyOnMessage(() => {}, { timeout: 1, onEnd, onError: () => {} });
    await until(() => ends.length === 1);
    expect(ends).toEqual(["PollingStopped"]);
    expect(failed.running).toBe(false);
    wrong.dispose();
    const bot = new Bot(TOKEN, { apiRoot: api.apiRoot });
    const loop = bot.notifyOnMessage(() => {}, { timeout: 1, onEnd });
    expect(ends).toHaveLength(1);
    loop.stop();
    expect(ends).toEqual(["PollingStopped", undefined]);
    bot.dispose();
    // The fatal end set the exit code, as a loop nobody waits for does; this test process must not keep it.
    process.exitCode = 0;
  });

  it("throws a fatal polling error (a wrong token) instead of looping", () => {
    const bot = new Bot("1:wrong", { apiRoot: api.apiRoot });
    expect(() => bot.notifyOnMessage(() => {}, { runForever: true, timeout: 1 })).toThrow(/Unauthorized/);
    bot.dispose();
  });
});

describe("webhook source", () => {
  it("handles updates put into a queue on this thread, restoring update_id order", async () => {
    const bot = new Bot(TOKEN, { apiRoot: api.apiRoot });
    const queue = new UpdateQueue();
    const handled: number[] = [];
    const loop = bot.notifyOnMessage((_msg, context) => handled.push(context.update.update_id), {
      source: queue,
      maxHold: 2000,
    });
    const update = (id: number) => ({ update_id: id, ...text(20, `#${id}`) });
    queue.put(update(101));
    queue.put(update(103));
    queue.put(update(102));
    await until(() => handled.length === 3);
    expect(handled).toEqual([101, 102, 103]);
    loop.stop();
    bot.dispose();
  });

  it("waits for lower ids at the start, and handles a late update (reported) instead of dropping it", async () => {
    const bot = new Bot(TOKEN, { apiRoot: api.apiRoot });
    const queue = new UpdateQueue();
    const handled: number[] = [];
    const errors: unknown[] = [];
    const loop = bot.notifyOnMessage((_msg, context) => handled.push(context.update.update_id), {
      source: queue,
      maxHold: 300,
      onError: (error) => errors.push(error),
    });
    const update = (id: number) => ({ update_id: id, ...text(20, `#${id}`) });
    queue.put(update(202));
    queue.put(update(201));
    await until(() => handled.length === 2);
    queue.put(update(204));
    await until(() => handled.length === 3);
    queue.put(update(203));
    queue.put(update(203));
    await until(() => handled.length === 4 && errors.length === 1);
    expect(handled).toEqual([201, 202, 204, 203]);
    expect(errors[0]).toBeInstanceOf(LateUpdate);
    loop.stop();
    expect(handled).toEqual([201, 202, 204, 203]);
    bot.dispose();
  });
});

describe("webhook source with an inbox", () => {
  it("puts what a crashed process left through the re-ordering: a lower id sent again comes first", async () => {
    const dir = mkdtempSync(join(tmpdir(), "telepot-blocking-webhook-inbox-"));
    const path = join(dir, "inbox.db");
    const update = (id: number) => ({ update_id: id, ...text(21, `#${id}`) });
    // The crashed process had committed (acknowledged) 301 and 303; 302 got no answer.
    const crashed = SqliteInbox.open(path);
    crashed.append([update(301), update(303)] as Update[]);
    crashed.close();
    const inbox = SqliteInbox.open(path);
    const bot = new Bot(TOKEN, { apiRoot: api.apiRoot });
    const queue = new UpdateQueue({ inbox });
    const handled: number[] = [];
    const loop = bot.notifyOnMessage((_msg, context) => handled.push(context.update.update_id), {
      source: queue,
      maxHold: 1000,
    });
    // Telegram sends 302 again, after the new loop has started.
    queue.put(update(302));
    await until(() => handled.length === 3);
    expect(handled).toEqual([301, 302, 303]);
    loop.stop();
    expect(inbox.backlog()).toBe(0);
    inbox.close();
    bot.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("a lost worker", () => {
  it("does not stop the loop: the failed call is reported, and polling goes on in a fresh worker", async () => {
    const bot = new Bot(TOKEN, { apiRoot: api.apiRoot, deadline: 300 });
    const attempts: string[] = [];
    const errors: string[] = [];
    const loop = bot.notifyOnMessage(
      (msg) => {
        const m = msg as Message;
        attempts.push(m.text ?? "");
        // The first time, a call passes its deadline: the worker (and its getUpdates) is replaced.
        if (attempts.length === 1) bot.getChat("hang");
      },
      { timeout: 1, onError: (error) => errors.push((error as Error).name) },
    );
    await api.push([text(30, "first"), text(31, "second")]);
    await until(() => attempts.length >= 2);
    await api.push([text(30, "third")]);
    await until(() => attempts.length >= 3);
    expect(errors).toEqual(["SyncTimeoutError"]);
    // The loop lives on this thread, so the worker took nothing with it: no update came twice.
    expect(attempts).toEqual(["first", "second", "third"]);
    loop.stop();
    expect((await api.seen()).pending).toEqual([]);
    bot.dispose();
  });
});
