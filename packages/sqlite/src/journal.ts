// The call journal in the inbox's database (see CallJournal in @telepot/core): one row per
// journaled call of a pending update, its result once it succeeded. Each write is one statement,
// so one small transaction of its own; the inbox deletes an update's rows in the transaction that
// marks it done, and a row is only written for an update still pending, so nothing is left over.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { CallJournal, JournalRecord } from "@telepot/core";
import { PENDING } from "./schema.js";

/** The journal of calls made while handling a SqliteInbox's updates. */
export class SqliteCallJournal implements CallJournal {
  readonly #record: StatementSync;
  readonly #start: StatementSync;
  readonly #finish: StatementSync;
  readonly #forget: StatementSync;
  readonly #check: () => void;
  // The updates that have rows (this connection is the inbox's only writer): marking an update
  // done deletes its rows only if it has some, so updates whose handlers made no journaled call
  // cost nothing more to complete.
  readonly #updates: Set<number>;

  /** The journal in `db` (whose schema has the call_journal table); `check` throws once it is closed. */
  constructor(db: DatabaseSync, check: () => void) {
    this.#check = check;
    this.#record = db.prepare("SELECT result FROM call_journal WHERE update_id = ? AND call = ?");
    this.#start = db.prepare(
      "INSERT INTO call_journal (update_id, call, result) SELECT ?, ?, NULL " +
        `WHERE EXISTS (SELECT 1 FROM inbox WHERE update_id = ? AND ${PENDING}) ` +
        "ON CONFLICT (update_id, call) DO NOTHING",
    );
    this.#finish = db.prepare("UPDATE call_journal SET result = ? WHERE update_id = ? AND call = ?");
    this.#forget = db.prepare("DELETE FROM call_journal WHERE update_id = ? AND call = ?");
    const left = db.prepare("SELECT DISTINCT update_id AS id FROM call_journal").all() as { id: number }[];
    this.#updates = new Set(left.map((row) => Number(row.id)));
  }

  /** Whether `updateId` may have rows (its completion must delete them). */
  holds(updateId: number): boolean {
    return this.#updates.has(updateId);
  }

  /** Told that the rows of these updates (or, with `atOrBelow`, of every id up to it) were deleted. */
  dropped(updateIds: Iterable<number>, atOrBelow = Number.NEGATIVE_INFINITY): void {
    for (const id of updateIds) this.#updates.delete(id);
    if (atOrBelow > Number.NEGATIVE_INFINITY) {
      for (const id of this.#updates) if (id <= atOrBelow) this.#updates.delete(id);
    }
  }

  /** The record of `call`, if any; else records that it is about to be sent (only while the update is pending). */
  start(updateId: number, call: string): JournalRecord | undefined {
    this.#check();
    // Only updates that had rows before can have this call's (this handling's identities are fresh).
    if (this.#updates.has(updateId)) {
      const row = this.#record.get(updateId, call) as { result: string | null } | undefined;
      if (row !== undefined) return toRecord(row.result);
    }
    if (this.#start.run(updateId, call, updateId).changes > 0) this.#updates.add(updateId);
    return undefined;
  }

  /** Records the result of a started call. */
  finish(updateId: number, call: string, result: unknown): void {
    this.#check();
    this.#finish.run(JSON.stringify(result) ?? "null", updateId, call);
  }

  /** Removes a started call that surely did not reach Telegram. */
  forget(updateId: number, call: string): void {
    this.#check();
    this.#forget.run(updateId, call);
  }
}

function toRecord(result: string | null): JournalRecord {
  return result === null ? { state: "started" } : { state: "finished", result: JSON.parse(result) };
}
