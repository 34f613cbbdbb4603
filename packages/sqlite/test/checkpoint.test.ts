// WAL checkpoints run on a thread of their own; closing still leaves everything in the database
// file, even while that thread holds a connection.
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Update } from "@telepot/core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { SqliteInbox } from "../src/index.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "telepot-checkpoint-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const update = (id: number): Update =>
  ({ update_id: id, message: { message_id: id, date: 0, chat: { id: 1, type: "private" } } }) as Update;

it("after close, the database file alone holds every update (the WAL was checkpointed into it)", async () => {
  const path = join(dir, "inbox.db");
  const inbox = SqliteInbox.open(path);
  // Enough commits that the background checkpoints start.
  for (let id = 1; id <= 2_000; id += 10) {
    inbox.append(Array.from({ length: 10 }, (_, i) => update(id + i)));
  }
  inbox.complete(Array.from({ length: 500 }, (_, i) => ({ updateId: i + 1 })));
  inbox.close();
  // A copy of the file without its WAL (as a backup that copies only the .db would be).
  const copy = join(dir, "copy.db");
  copyFileSync(path, copy);
  expect(existsSync(`${copy}-wal`)).toBe(false);
  const reopened = SqliteInbox.open(copy);
  expect(reopened.backlog()).toBe(1_500);
  expect(reopened.pending(1)[0]?.update_id).toBe(501);
  // A repeat of a handled update is still known as one.
  expect(reopened.append([update(3)])).toEqual([]);
  reopened.close();
  expect(statSync(path).size).toBeGreaterThan(0);
});
