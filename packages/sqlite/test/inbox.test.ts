import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { Update } from "@telepot/core";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteInbox, SqliteInboxError } from "../src/index.js";

function update(id: number, chat = 1): Update {
  return {
    update_id: id,
    message: { message_id: id, date: 0, chat: { id: chat, type: "private" }, text: `m${id}` },
  };
}

const ids = (updates: readonly Update[]) => updates.map((u) => u.update_id);

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "telepot-inbox-"));
  dirs.push(dir);
  return join(dir, "inbox.db");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("SqliteInbox", () => {
  it("appends idempotently on update_id and answers only the new updates", () => {
    const inbox = SqliteInbox.open(":memory:");
    expect(ids(inbox.append([update(1), update(2)]))).toEqual([1, 2]);
    expect(ids(inbox.append([update(2), update(3), update(1)]))).toEqual([3]);
    expect(inbox.backlog()).toBe(3);
    inbox.close();
  });

  it("keeps a repeat of a handled update from coming back", () => {
    const inbox = SqliteInbox.open(":memory:");
    inbox.append([update(1), update(2)]);
    inbox.complete([{ updateId: 1 }]);
    expect(inbox.append([update(1)])).toEqual([]);
    expect(ids(inbox.pending(10))).toEqual([2]);
    expect(inbox.backlog()).toBe(1);
    inbox.close();
  });

  it("answers pending updates in update_id order whatever the arrival order, up to a limit", () => {
    const inbox = SqliteInbox.open(":memory:");
    inbox.append([update(5), update(3)]);
    inbox.append([update(4), update(1)]);
    expect(ids(inbox.pending(10))).toEqual([1, 3, 4, 5]);
    expect(ids(inbox.pending(2))).toEqual([1, 3]);
    expect(inbox.pending(1)[0]).toEqual(update(1));
    inbox.close();
  });

  it("saves and removes conversation state in the step that marks an update done", () => {
    const inbox = SqliteInbox.open(":memory:");
    inbox.append([update(1), update(2)]);
    inbox.complete([
      { updateId: 1, states: [{ key: "chat:1", value: { answer: 42, tries: 1 }, idleAtMs: 5000 }] },
    ]);
    expect(inbox.loadState("chat:1")).toEqual({
      key: "chat:1",
      value: { answer: 42, tries: 1 },
      idleAtMs: 5000,
    });
    inbox.complete([{ updateId: 2, states: [{ key: "chat:2", value: [1] }, { key: "chat:1" }] }]);
    expect(inbox.loadState("chat:1")).toBeUndefined();
    expect(inbox.states()).toEqual([{ key: "chat:2", value: [1] }]);
    inbox.close();
  });

  it("rolls the whole step back when a state cannot be saved: the update stays pending", () => {
    const inbox = SqliteInbox.open(":memory:");
    inbox.append([update(1), update(2)]);
    expect(() =>
      inbox.complete([{ updateId: 1 }, { updateId: 2, states: [{ key: "k", value: { n: 1n } }] }]),
    ).toThrow(TypeError);
    expect(ids(inbox.pending(10))).toEqual([1, 2]);
    expect(inbox.backlog()).toBe(2);
    expect(inbox.loadState("k")).toBeUndefined();
    inbox.close();
  });

  it("keeps pending updates, handled ids and states across a reopen of the file", () => {
    const path = tempFile();
    const first = SqliteInbox.open(path);
    first.append([update(1), update(2), update(3)]);
    first.complete([{ updateId: 2, states: [{ key: "c", value: "s" }] }]);
    first.close();
    const second = SqliteInbox.open({ path, durability: "power" });
    expect(second.durability).toBe("power");
    expect(ids(second.pending(10))).toEqual([1, 3]);
    expect(second.backlog()).toBe(2);
    expect(second.append([update(2)])).toEqual([]);
    expect(second.loadState("c")?.value).toBe("s");
    second.close();
  });

  it("tells the highest id earlier processes recorded (done or pending), as it was at open", () => {
    const path = tempFile();
    const first = SqliteInbox.open(path);
    expect(first.highestIdAtOpen).toBeUndefined();
    first.append([update(7), update(9), update(8)]);
    first.complete([{ updateId: 9 }]);
    expect(first.highestIdAtOpen).toBeUndefined();
    first.close();
    const second = SqliteInbox.open(path);
    expect(second.highestIdAtOpen).toBe(9);
    second.append([update(12)]);
    expect(second.highestIdAtOpen).toBe(9);
    second.close();
  });

  it("prunes handled ids past rememberHandled; older ids then count as done, pending ones stay", () => {
    const path = tempFile();
    const inbox = SqliteInbox.open({ path, rememberHandled: 2 });
    inbox.append([update(1), update(2), update(3), update(4), update(5), update(6)]);
    inbox.complete([{ updateId: 2 }, { updateId: 3 }, { updateId: 5 }]);
    inbox.prune();
    // The floor is 6 - 2 = 4: ids 2 and 3 are forgotten for good, 1 (pending) is kept.
    expect(ids(inbox.pending(10))).toEqual([1, 4, 6]);
    expect(inbox.append([update(3), update(4), update(5)])).toEqual([]);
    inbox.close();
    const reopened = SqliteInbox.open({ path, rememberHandled: 2 });
    expect(reopened.append([update(2), update(7)]).map((u) => u.update_id)).toEqual([7]);
    expect(ids(reopened.pending(10))).toEqual([1, 4, 6, 7]);
    reopened.close();
  });

  it("reads a file whose done updates are NULL bodies (as written before the handled table)", () => {
    const path = tempFile();
    const old = new DatabaseSync(path);
    old.exec("CREATE TABLE inbox (update_id INTEGER PRIMARY KEY, body TEXT)");
    old.exec("CREATE TABLE inbox_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID");
    const insert = old.prepare("INSERT INTO inbox (update_id, body) VALUES (?, ?)");
    insert.run(1, null);
    insert.run(2, JSON.stringify(update(2)));
    insert.run(3, null);
    old.close();
    const inbox = SqliteInbox.open({ path, rememberHandled: 1 });
    expect(inbox.backlog()).toBe(1);
    expect(ids(inbox.pending(10))).toEqual([2]);
    expect(ids(inbox.append([update(1), update(3), update(4)]))).toEqual([4]);
    inbox.complete([{ updateId: 2 }, { updateId: 4 }]);
    expect(inbox.pending(10)).toEqual([]);
    inbox.prune();
    inbox.close();
    // Pruned through 3 (4 - rememberHandled): the old tombstones are gone with the new done marks.
    const check = new DatabaseSync(path);
    expect(check.prepare("SELECT update_id FROM inbox ORDER BY update_id").all()).toEqual([{ update_id: 4 }]);
    expect(check.prepare("SELECT update_id FROM handled ORDER BY update_id").all()).toEqual([
      { update_id: 4 },
    ]);
    check.close();
  });

  it("refuses bad options and use after close with a SqliteInboxError", () => {
    expect(() => SqliteInbox.open("")).toThrow(SqliteInboxError);
    expect(() => SqliteInbox.open({ path: ":memory:", durability: "disk" as "power" })).toThrow(/durability/);
    expect(() => SqliteInbox.open({ path: ":memory:", rememberHandled: -1 })).toThrow(/rememberHandled/);
    const inbox = SqliteInbox.open(":memory:");
    expect(() => inbox.pending(-1)).toThrow(/limit/);
    inbox.close();
    expect(() => inbox.append([update(1)])).toThrow(/closed/);
  });

  describe("after a week of silence (Telegram may start a new, lower sequence of update ids)", () => {
    const DAY_MS = 24 * 60 * 60 * 1000;

    it("accepts a known or lower id as a new update once the silence is long enough", () => {
      let now = 1_000_000;
      const path = tempFile();
      const inbox = SqliteInbox.open({ path, now: () => now, rememberHandled: 2 });
      inbox.append([update(500), update(501), update(502), update(503)]);
      inbox.complete([500, 501, 502, 503].map((updateId) => ({ updateId })));
      inbox.prune(); // the floor is now 501: ids at or below it count as done
      // Within the silence, a known id is a repeat and a pruned one counts as done.
      now += DAY_MS;
      expect(inbox.append([update(503), update(7)])).toEqual([]);
      // Six days after the last new update, Telegram's randomly chosen next ids are new updates.
      now += 5 * DAY_MS;
      expect(ids(inbox.append([update(7), update(8)]))).toEqual([7, 8]);
      expect(ids(inbox.pending(10))).toEqual([7, 8]);
      // The new sequence goes on as usual: repeats of it are repeats.
      inbox.complete([{ updateId: 7 }]);
      expect(inbox.append([update(7), update(8)])).toEqual([]);
      expect(ids(inbox.append([update(9)]))).toEqual([9]);
      inbox.close();
      // The time of the last new update survives a restart.
      const reopened = SqliteInbox.open({ path, now: () => now + DAY_MS, rememberHandled: 2 });
      expect(reopened.append([update(7)])).toEqual([]);
      expect(ids(reopened.pending(10))).toEqual([8, 9]);
      reopened.close();
    });

    it("keeps a known id a repeat while updates are pending, however long the silence", () => {
      let now = 0;
      const inbox = SqliteInbox.open({ path: ":memory:", now: () => now });
      inbox.append([update(10), update(11)]);
      inbox.complete([{ updateId: 10 }]);
      now += 30 * DAY_MS;
      expect(inbox.append([update(10)])).toEqual([]);
      expect(ids(inbox.pending(10))).toEqual([11]);
      inbox.close();
    });

    it("refuses a bad sequenceResetAfterMs", () => {
      expect(() => SqliteInbox.open({ path: ":memory:", sequenceResetAfterMs: 0 })).toThrow(SqliteInboxError);
    });
  });
});
