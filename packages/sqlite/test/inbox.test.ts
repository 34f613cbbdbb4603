// The inbox's behaviour, the same for both implementations: SqliteInbox (synchronous, in the
// caller's thread) and ThreadedSqliteInbox (the same inbox on a worker thread, every answer a
// promise). Every call is awaited, which a synchronous answer allows too.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HandledUpdate, StoredState, Update } from "@telepot/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  SqliteInbox,
  SqliteInboxError,
  type SqliteInboxOptions,
  ThreadedSqliteInbox,
} from "../dist/index.js";

/** What the tests use of an inbox, whichever implementation answers. */
interface AnyInbox {
  readonly durability: string;
  append(updates: readonly Update[]): readonly Update[] | Promise<readonly Update[]>;
  pending(limit: number): readonly Update[] | Promise<readonly Update[]>;
  complete(completions: readonly HandledUpdate[]): void | Promise<void>;
  backlog(): number;
  loadState(key: string): StoredState | undefined | Promise<StoredState | undefined>;
  states(): readonly StoredState[] | Promise<readonly StoredState[]>;
  prune(): void | Promise<void>;
  close(): void | Promise<void>;
}

const IMPLEMENTATIONS: [string, (options: SqliteInboxOptions | string) => Promise<AnyInbox>][] = [
  ["SqliteInbox", async (options) => SqliteInbox.open(options)],
  ["ThreadedSqliteInbox", (options) => ThreadedSqliteInbox.open(options)],
];

function update(id: number, chat = 1): Update {
  return {
    update_id: id,
    message: { message_id: id, date: 0, chat: { id: chat, type: "private" }, text: `m${id}` },
  };
}

const ids = (updates: readonly Update[]) => updates.map((u) => u.update_id);

/** Whatever `run` does, as a promise: a synchronous throw becomes a rejection. */
const attempt = (run: () => unknown) => Promise.resolve().then(run);

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "telepot-inbox-"));
  dirs.push(dir);
  return join(dir, "inbox.db");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.each(IMPLEMENTATIONS)("%s", (_name, open) => {
  it("appends idempotently on update_id and answers only the new updates", async () => {
    const inbox = await open(":memory:");
    expect(ids(await inbox.append([update(1), update(2)]))).toEqual([1, 2]);
    expect(ids(await inbox.append([update(2), update(3), update(1)]))).toEqual([3]);
    expect(inbox.backlog()).toBe(3);
    await inbox.close();
  });

  it("keeps a repeat of a handled update from coming back", async () => {
    const inbox = await open(":memory:");
    await inbox.append([update(1), update(2)]);
    await inbox.complete([{ updateId: 1 }]);
    expect(await inbox.append([update(1)])).toEqual([]);
    expect(ids(await inbox.pending(10))).toEqual([2]);
    expect(inbox.backlog()).toBe(1);
    await inbox.close();
  });

  it("answers pending updates in update_id order whatever the arrival order, up to a limit", async () => {
    const inbox = await open(":memory:");
    await inbox.append([update(5), update(3)]);
    await inbox.append([update(4), update(1)]);
    expect(ids(await inbox.pending(10))).toEqual([1, 3, 4, 5]);
    expect(ids(await inbox.pending(2))).toEqual([1, 3]);
    expect((await inbox.pending(1))[0]).toEqual(update(1));
    await inbox.close();
  });

  it("saves and removes conversation state in the step that marks an update done", async () => {
    const inbox = await open(":memory:");
    await inbox.append([update(1), update(2)]);
    await inbox.complete([
      { updateId: 1, states: [{ key: "chat:1", value: { answer: 42, tries: 1 }, idleAtMs: 5000 }] },
    ]);
    expect(await inbox.loadState("chat:1")).toEqual({
      key: "chat:1",
      value: { answer: 42, tries: 1 },
      idleAtMs: 5000,
    });
    await inbox.complete([{ updateId: 2, states: [{ key: "chat:2", value: [1] }, { key: "chat:1" }] }]);
    expect(await inbox.loadState("chat:1")).toBeUndefined();
    expect(await inbox.states()).toEqual([{ key: "chat:2", value: [1] }]);
    await inbox.close();
  });

  it("rolls the whole step back when a state cannot be saved: the update stays pending", async () => {
    const inbox = await open(":memory:");
    await inbox.append([update(1), update(2)]);
    // JSON cannot hold a BigInt (the threaded inbox reports the thread's TypeError as a SqliteInboxError).
    await expect(
      attempt(() =>
        inbox.complete([{ updateId: 1 }, { updateId: 2, states: [{ key: "k", value: { n: 1n } }] }]),
      ),
    ).rejects.toThrow(/BigInt/);
    expect(ids(await inbox.pending(10))).toEqual([1, 2]);
    expect(inbox.backlog()).toBe(2);
    expect(await inbox.loadState("k")).toBeUndefined();
    await inbox.close();
  });

  it("keeps pending updates, handled ids and states across a reopen of the file", async () => {
    const path = tempFile();
    const first = await open(path);
    await first.append([update(1), update(2), update(3)]);
    await first.complete([{ updateId: 2, states: [{ key: "c", value: "s" }] }]);
    await first.close();
    const second = await open({ path, durability: "power" });
    expect(second.durability).toBe("power");
    expect(ids(await second.pending(10))).toEqual([1, 3]);
    expect(second.backlog()).toBe(2);
    expect(await second.append([update(2)])).toEqual([]);
    expect((await second.loadState("c"))?.value).toBe("s");
    await second.close();
  });

  it("prunes handled ids past rememberHandled; older ids then count as done, pending ones stay", async () => {
    const path = tempFile();
    const inbox = await open({ path, rememberHandled: 2 });
    await inbox.append([update(1), update(2), update(3), update(4), update(5), update(6)]);
    await inbox.complete([{ updateId: 2 }, { updateId: 3 }, { updateId: 5 }]);
    await inbox.prune();
    // The floor is 6 - 2 = 4: ids 2 and 3 are forgotten for good, 1 (pending) is kept.
    expect(ids(await inbox.pending(10))).toEqual([1, 4, 6]);
    expect(await inbox.append([update(3), update(4), update(5)])).toEqual([]);
    await inbox.close();
    const reopened = await open({ path, rememberHandled: 2 });
    expect(ids(await reopened.append([update(2), update(7)]))).toEqual([7]);
    expect(ids(await reopened.pending(10))).toEqual([1, 4, 6, 7]);
    await reopened.close();
  });

  it("refuses bad options and use after close with a SqliteInboxError", async () => {
    await expect(open("")).rejects.toThrow(SqliteInboxError);
    await expect(open({ path: ":memory:", durability: "disk" as "power" })).rejects.toThrow(/durability/);
    await expect(open({ path: ":memory:", rememberHandled: -1 })).rejects.toThrow(/rememberHandled/);
    await expect(open(join(tempFile(), "no-such-dir", "inbox.db"))).rejects.toThrow(SqliteInboxError);
    const inbox = await open(":memory:");
    await expect(attempt(() => inbox.pending(-1))).rejects.toThrow(SqliteInboxError);
    await expect(attempt(() => inbox.pending(-1))).rejects.toThrow(/limit/);
    await inbox.close();
    await inbox.close(); // a second close does nothing
    await expect(attempt(() => inbox.append([update(1)]))).rejects.toThrow(SqliteInboxError);
    await expect(attempt(() => inbox.append([update(1)]))).rejects.toThrow(/closed/);
  });

  describe("after a week of silence (Telegram may start a new, lower sequence of update ids)", () => {
    const DAY_MS = 24 * 60 * 60 * 1000;

    it("accepts a known or lower id as a new update once the silence is long enough", async () => {
      let now = 1_000_000;
      const path = tempFile();
      const inbox = await open({ path, now: () => now, rememberHandled: 2 });
      await inbox.append([update(500), update(501), update(502), update(503)]);
      await inbox.complete([500, 501, 502, 503].map((updateId) => ({ updateId })));
      await inbox.prune(); // the floor is now 501: ids at or below it count as done
      // Within the silence, a known id is a repeat and a pruned one counts as done.
      now += DAY_MS;
      expect(await inbox.append([update(503), update(7)])).toEqual([]);
      // Six days after the last new update, Telegram's randomly chosen next ids are new updates.
      now += 5 * DAY_MS;
      expect(ids(await inbox.append([update(7), update(8)]))).toEqual([7, 8]);
      expect(ids(await inbox.pending(10))).toEqual([7, 8]);
      // The new sequence goes on as usual: repeats of it are repeats.
      await inbox.complete([{ updateId: 7 }]);
      expect(await inbox.append([update(7), update(8)])).toEqual([]);
      expect(ids(await inbox.append([update(9)]))).toEqual([9]);
      await inbox.close();
      // The time of the last new update survives a restart.
      const reopened = await open({ path, now: () => now + DAY_MS, rememberHandled: 2 });
      expect(await reopened.append([update(7)])).toEqual([]);
      expect(ids(await reopened.pending(10))).toEqual([8, 9]);
      await reopened.close();
    });

    it("keeps a known id a repeat while updates are pending, however long the silence", async () => {
      let now = 0;
      const inbox = await open({ path: ":memory:", now: () => now });
      await inbox.append([update(10), update(11)]);
      await inbox.complete([{ updateId: 10 }]);
      now += 30 * DAY_MS;
      expect(await inbox.append([update(10)])).toEqual([]);
      expect(ids(await inbox.pending(10))).toEqual([11]);
      await inbox.close();
    });

    it("refuses a bad sequenceResetAfterMs", async () => {
      await expect(open({ path: ":memory:", sequenceResetAfterMs: 0 })).rejects.toThrow(SqliteInboxError);
    });
  });
});
