// Webhooks with an inbox: an update is committed before the webhook answers 200, a repeat is
// dropped, past the backlog the webhook answers 503, and a new loop on the same inbox handles what
// a crashed one left, in order and once.
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Update } from "@telepot/core";
import { SqliteInbox } from "@telepot/sqlite";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { until } from "../../core/test/fixtures/until.js";
import { messageLoop, nodeHttpWebhook, QueueFull, type UpdateContext, UpdateQueue } from "../src/index.js";

const api = { getUpdates: () => Promise.reject(new Error("a webhook loop does not poll")) };
const update = (id: number, chat = 1): Update =>
  ({
    update_id: id,
    message: { message_id: id, date: 0, chat: { id: chat, type: "private" }, text: `m${id}` },
  }) as Update;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "telepot-webhook-inbox-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The queue's webhook on a local port: `post` answers each request's HTTP status. */
async function serve(queue: UpdateQueue): Promise<{ post(body: string): Promise<number>; close(): void }> {
  const server = createServer(nodeHttpWebhook(queue));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return {
    post: (body) =>
      new Promise((resolve, reject) => {
        const req = request({
          port,
          host: "127.0.0.1",
          method: "POST",
          headers: { "content-type": "application/json" },
        });
        req.on("response", (res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
        });
        req.on("error", reject);
        req.end(body);
      }),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe("UpdateQueue with an inbox", () => {
  it("commits each update before the webhook answers 200, and drops a repeat", async () => {
    const inbox = SqliteInbox.open(":memory:");
    const queue = new UpdateQueue({ inbox });
    const server = await serve(queue);
    // What the inbox holds when the answer arrives (nothing else runs before the await resumes).
    const answer = async (body: string) => ({
      status: await server.post(body),
      pendingAtAnswer: inbox.backlog(),
    });
    try {
      expect(await answer(JSON.stringify(update(1)))).toEqual({ status: 200, pendingAtAnswer: 1 });
      expect(await answer(JSON.stringify(update(1)))).toEqual({ status: 200, pendingAtAnswer: 1 });
      expect(queue.size).toBe(1);
    } finally {
      server.close();
      inbox.close();
    }
  });

  it("commits the updates of requests read together in one transaction, each 200 after it", async () => {
    const inbox = SqliteInbox.open(":memory:");
    const append = vi.spyOn(inbox, "append");
    const queue = new UpdateQueue({ inbox });
    const accepted = [3, 1, 2, 1].map((id) => queue.accept(update(id)));
    // Nothing is committed, or handed to a loop, before the group's commit.
    expect(inbox.backlog()).toBe(0);
    expect(queue.size).toBe(0);
    await Promise.all(accepted);
    expect(append).toHaveBeenCalledTimes(1);
    expect(inbox.pending(10).map((u) => u.update_id)).toEqual([1, 2, 3]);
    expect(queue.size).toBe(3); // the repeat of 1 is acknowledged, not queued twice
    // A repeat of a committed update, alone in its group.
    await queue.accept(update(2));
    expect(append).toHaveBeenCalledTimes(2);
    expect(queue.size).toBe(3);
    inbox.close();
  });

  it("answers 500 and queues nothing when the commit fails (Telegram sends the update again)", async () => {
    const inbox = SqliteInbox.open(":memory:");
    vi.spyOn(inbox, "append").mockImplementationOnce(() => {
      throw new Error("disk I/O error");
    });
    const queue = new UpdateQueue({ inbox });
    const server = await serve(queue);
    try {
      expect(await server.post(JSON.stringify(update(7)))).toBe(500);
      expect(inbox.backlog()).toBe(0);
      expect(queue.size).toBe(0);
      // Sent again, it is stored and acknowledged.
      expect(await server.post(JSON.stringify(update(7)))).toBe(200);
      expect(inbox.pending(10).map((u) => u.update_id)).toEqual([7]);
    } finally {
      server.close();
      inbox.close();
    }
  });

  it("refuses updates past maxSize unhandled ones (the webhook answers 503)", () => {
    const inbox = SqliteInbox.open(":memory:");
    const queue = new UpdateQueue({ inbox, maxSize: 2 });
    queue.put(update(1));
    queue.put(update(2));
    expect(() => queue.put(update(3))).toThrow(QueueFull);
    expect(inbox.pending(10).map((u) => u.update_id)).toEqual([1, 2]);
    inbox.close();
  });

  it("a new loop handles, in order and once, what a crashed one acknowledged and left", async () => {
    const path = join(dir, "inbox.db");
    // The crashed process: updates acknowledged (committed), shuffled, never handled.
    const first = SqliteInbox.open(path);
    const dead = new UpdateQueue({ inbox: first });
    for (const id of [3, 1, 4, 2]) dead.put(update(id));
    first.close();
    // The next process: one more arrives before its loop starts (queued and in the inbox).
    const inbox = SqliteInbox.open(path);
    const queue = new UpdateQueue({ inbox });
    queue.put(update(5));
    queue.put(update(4)); // a repeat of an acknowledged one: dropped
    const seen: number[] = [];
    const loop = messageLoop(
      api,
      (_: unknown, context: UpdateContext) => void seen.push(context.update.update_id),
      {
        source: queue,
      },
    );
    await until(() => seen.length === 5);
    await loop.stop();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(inbox.backlog()).toBe(0);
    inbox.close();
  });

  it("reports as late an update a crashed process gave up, when Telegram sends it to the next one", async () => {
    const path = join(dir, "inbox.db");
    // The crashed process acknowledged 1, 3 and 4 (2 never came; it gave 2 up and handled 3).
    const first = SqliteInbox.open(path);
    const dead = new UpdateQueue({ inbox: first });
    for (const id of [1, 3, 4]) dead.put(update(id));
    first.complete([{ updateId: 1 }, { updateId: 3 }]);
    first.close();
    // The next process: 2 comes now, within its start's wait, and 5 after it.
    const inbox = SqliteInbox.open(path);
    const queue = new UpdateQueue({ inbox });
    queue.put(update(2));
    queue.put(update(5));
    const seen: number[] = [];
    const late: [number, number][] = [];
    const loop = messageLoop(
      api,
      (_: unknown, context: UpdateContext) => void seen.push(context.update.update_id),
      {
        source: queue,
        maxHoldMs: 50,
        onLate: (u, expected) => late.push([u.update_id, expected]),
      },
    );
    await until(() => seen.length === 3);
    await loop.stop();
    expect(seen).toEqual([2, 4, 5]);
    expect(late).toEqual([[2, 5]]);
    inbox.close();
  });
});
