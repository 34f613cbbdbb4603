// The call journal on Redis, driven through the pipeline's journal stage as a bot's calls are: a
// handler's calls run in the journal scope of its update, and a second scope for the same update
// plays the handler run again after a crash (or by the worker that took over a lost claim).
import { JournalError, TelegramError } from "@telepot/core";
import { Redis } from "ioredis";
import { afterAll, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { handling, send, Wire } from "../../core/test/fixtures/journal-harness.js";
import { RedisInbox, RedisWorker } from "../src/index.js";
import { RedisCallJournal } from "../src/journal.js";
import { freshPrefix, textUpdate, until } from "./helpers/fixtures.js";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.quit());
let inbox: RedisInbox;
beforeEach(() => {
  inbox = new RedisInbox({ redis, prefix: freshPrefix() });
});

describe("the call journal on Redis", () => {
  it("answers a call that completed before a crash from the journal; a different call is sent", async () => {
    await inbox.append([textUpdate(1, 1)]);
    const wire = new Wire();
    const journal = inbox.journal!;
    const first = await handling(journal, 1, () => send(wire, "sendMessage", { chat_id: 1, text: "a" }));
    const again = await handling(journal, 1, async () => [
      await send(wire, "sendMessage", { chat_id: 1, text: "a" }),
      await send(wire, "sendMessage", { chat_id: 1, text: "b" }),
    ]);
    expect(again).toEqual([first, { message_id: 2 }]);
    expect(wire.sent.map((s) => s.params.text)).toEqual(["a", "b"]);
  });

  it("does not record a refused call, nor calls that are safe to repeat", async () => {
    await inbox.append([textUpdate(1, 1)]);
    const wire = new Wire();
    const journal = inbox.journal!;
    wire.failWith = new TelegramError({ method: "sendMessage", description: "Bad Request", errorCode: 400 });
    await expect(
      handling(journal, 1, () => send(wire, "sendMessage", { chat_id: 1, text: "a" })),
    ).rejects.toThrow("Bad Request");
    wire.failWith = undefined;
    await handling(journal, 1, () => send(wire, "getChat", { chat_id: 1 }));
    expect(await redis.exists(inbox.keys.journalOf(1))).toBe(0);
    // Nothing was recorded: a record left "started" would refuse this re-run as interrupted.
    await handling(journal, 1, () => send(wire, "sendMessage", { chat_id: 1, text: "a" }));
    expect(wire.sent.map((s) => s.method)).toEqual(["sendMessage", "getChat", "sendMessage"]);
  });

  it("drops an update's records in the completion, and records nothing for a done update", async () => {
    await inbox.append([textUpdate(1, 1), textUpdate(2, 1)]);
    const wire = new Wire();
    const journal = inbox.journal!;
    await handling(journal, 1, () => send(wire, "sendMessage", { chat_id: 1, text: "a" }));
    await handling(journal, 2, () => send(wire, "sendMessage", { chat_id: 1, text: "b" }));
    await inbox.complete([{ updateId: 1 }]);
    expect(await redis.exists(inbox.keys.journalOf(1))).toBe(0);
    // Update 2 is still pending: its re-run is answered from its record, not sent.
    await handling(journal, 2, () => send(wire, "sendMessage", { chat_id: 1, text: "b" }));
    expect(wire.sent).toHaveLength(2);
    // A late call for a done update is refused before it is sent.
    await expect(
      handling(journal, 1, () => send(wire, "sendMessage", { chat_id: 1, text: "late" })),
    ).rejects.toThrow("no longer");
    expect(wire.sent).toHaveLength(2);
    expect(await redis.exists(inbox.keys.journalOf(1))).toBe(0);
  });

  it("fences a worker that lost its claim: it neither records nor sends", async () => {
    await inbox.append([textUpdate(1, 1)]);
    await redis.hset(inbox.keys.fence, "chat:1", "5");
    await redis.zadd(inbox.keys.claims, Date.now() + 60_000, "chat:1");
    const wire = new Wire();
    const stalled = inbox.journal!.fenced({ key: "chat:1", token: "5" });
    await handling(stalled, 1, () => send(wire, "sendMessage", { chat_id: 1, text: "a" }));
    // Another worker claims the key (token 6); the stalled one wakes up and tries a second reply.
    await redis.hset(inbox.keys.fence, "chat:1", "6");
    await expect(
      handling(stalled, 1, () => send(wire, "sendMessage", { chat_id: 1, text: "b" })),
    ).rejects.toThrow("claim was lost");
    expect(wire.sent.map((s) => s.params.text)).toEqual(["a"]);
    // The new holder finds the first reply recorded: it is not sent again.
    const holder = inbox.journal!.fenced({ key: "chat:1", token: "6" });
    await handling(holder, 1, async () => {
      await send(wire, "sendMessage", { chat_id: 1, text: "a" });
      await send(wire, "sendMessage", { chat_id: 1, text: "b" });
    });
    expect(wire.sent.map((s) => s.params.text)).toEqual(["a", "b"]);
  });

  it("journals a worker's calls under its claim, and leaves nothing once they are committed", async () => {
    const wire = new Wire();
    const seen: number[] = [];
    const worker = new RedisWorker({
      inbox,
      pollIntervalMs: 20,
      handle: async (update) => {
        await send(wire, "sendMessage", { chat_id: 1, text: String(update.update_id) });
        seen.push(await redis.hlen(inbox.keys.journalOf(update.update_id)));
      },
    });
    await worker.start();
    await inbox.append([textUpdate(1, 1), textUpdate(2, 1)]);
    await until(async () => (await inbox.backlog()) === 0);
    await worker.stop();
    expect(seen).toEqual([1, 1]);
    expect(await redis.exists(inbox.keys.journalOf(1), inbox.keys.journalOf(2))).toBe(0);
  });

  it("leaves an update pending, and gives its key up, when its journal cannot be written; the next claim runs it again", async () => {
    const wire = new Wire();
    const handled: number[] = [];
    const errors: unknown[] = [];
    // The journal's store fails once, at update 2's reply (as Redis going away for a moment would).
    const start = RedisCallJournal.prototype.start;
    let failed = false;
    const spy = vi.spyOn(RedisCallJournal.prototype, "start").mockImplementation(function (
      this: RedisCallJournal,
      updateId: number,
      call: string,
    ) {
      if (updateId === 2 && !failed) {
        failed = true;
        return Promise.reject(new Error("Connection is closed."));
      }
      return start.call(this, updateId, call);
    });
    try {
      const worker = new RedisWorker({
        inbox,
        pollIntervalMs: 20,
        onError: (error) => errors.push(error),
        handle: async (update, conversation) => {
          handled.push(update.update_id);
          await send(wire, "sendMessage", { chat_id: 1, text: String(update.update_id) });
          conversation.save(((conversation.state?.value as number | undefined) ?? 0) + 1);
        },
      });
      await worker.start();
      await inbox.append([textUpdate(1, 1), textUpdate(2, 1), textUpdate(3, 1)]);
      await until(async () => (await inbox.backlog()) === 0);
      await worker.stop();
    } finally {
      spy.mockRestore();
    }
    expect(handled).toEqual([1, 2, 2, 3]);
    expect(wire.sent.map((s) => s.params.text)).toEqual(["1", "2", "3"]);
    expect((await inbox.loadState("chat:1"))?.value).toBe(3);
    expect(errors).toEqual([expect.any(JournalError)]);
  });

  it("is off with journal: false", () => {
    expect(new RedisInbox({ redis, prefix: freshPrefix(), journal: false }).journal).toBeUndefined();
  });
});
