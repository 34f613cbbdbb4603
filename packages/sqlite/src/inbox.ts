// The embedded inbox: node:sqlite (synchronous), WAL journal. Every method commits before it
// returns, so it serves the blocking driver as it is and the async driver without a thread hop.
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { HandledUpdate, StoredState, SyncInbox, Update } from "@telepot/core";
import { Checkpointer, WRITER_CHECKPOINT_PAGES } from "./checkpointer.js";
import { SqliteCallJournal } from "./journal.js";
import {
  type ResolvedOptions,
  resolveOptions,
  SqliteInboxError,
  type SqliteInboxOptions,
} from "./options.js";
import { FLOOR, LAST_APPEND, PENDING, SCHEMA } from "./schema.js";

// Pruning handled ids costs a statement; doing it every this many completions keeps it off the hot path.
const PRUNE_EVERY = 1_000;

interface Statements {
  readonly insert: StatementSync;
  readonly markDone: StatementSync;
  readonly pending: StatementSync;
  readonly saveState: StatementSync;
  readonly removeState: StatementSync;
  readonly loadState: StatementSync;
  readonly allStates: StatementSync;
  readonly prune: StatementSync;
  readonly pruneHandled: StatementSync;
  readonly setFloor: StatementSync;
  readonly setMeta: StatementSync;
  readonly forgetHandled: StatementSync;
  readonly forgetHandledIds: StatementSync;
  readonly forgetFloor: StatementSync;
  readonly dropJournal: StatementSync;
  readonly pruneJournal: StatementSync;
  readonly forgetJournal: StatementSync;
}

interface StateRow {
  key: string;
  value: string;
  idle_at_ms: number | null;
}

/** A durable inbox and conversation store in one SQLite file (or in memory). */
export class SqliteInbox implements SyncInbox {
  /**
   * The journal of the Bot API calls made while handling this inbox's updates (a loop given the
   * inbox journals them; see the README's "Durability"); undefined with `journal: false`.
   */
  readonly journal: SqliteCallJournal | undefined;
  /** The highest update_id recorded when the file was opened (see Inbox.highestIdAtOpen). */
  readonly highestIdAtOpen: number | undefined;
  private readonly db: DatabaseSync;
  private readonly statements: Statements;
  private readonly options: ResolvedOptions;
  private pendingCount: number;
  private floor: number;
  private highest: number;
  private lastAppendMs: number | undefined;
  private completedSincePrune = 0;
  private closed = false;
  // Off the event loop: see checkpointer.ts (none for ":memory:", which has no WAL).
  private readonly checkpointer: Checkpointer | undefined;

  private constructor(options: ResolvedOptions) {
    this.options = options;
    try {
      this.db = new DatabaseSync(options.path, { timeout: options.busyTimeoutMs });
    } catch (error) {
      throw new SqliteInboxError(`cannot open the inbox database ${options.path}`, { cause: error });
    }
    const db = this.db;
    const synchronous = options.durability === "power" ? "FULL" : "NORMAL";
    if (options.path !== ":memory:") {
      db.exec("PRAGMA journal_mode = WAL");
      db.exec(`PRAGMA wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
      this.checkpointer = new Checkpointer(options.path, synchronous, options.busyTimeoutMs);
    }
    db.exec(`PRAGMA synchronous = ${synchronous}`);
    db.exec(SCHEMA);
    this.statements = {
      insert: db.prepare(
        "INSERT INTO inbox (update_id, body) VALUES (?, ?) ON CONFLICT (update_id) DO NOTHING",
      ),
      // Changes a row only for an update that is pending (recorded with a body, not yet handled).
      markDone: db.prepare(
        "INSERT INTO handled (update_id) SELECT ?1 " +
          "WHERE EXISTS (SELECT 1 FROM inbox WHERE update_id = ?1 AND body IS NOT NULL) " +
          "ON CONFLICT (update_id) DO NOTHING",
      ),
      pending: db.prepare(`SELECT body FROM inbox WHERE ${PENDING} ORDER BY update_id LIMIT ?`),
      saveState: db.prepare(
        "INSERT INTO conversation_state (key, value, idle_at_ms) VALUES (?, ?, ?) " +
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value, idle_at_ms = excluded.idle_at_ms",
      ),
      removeState: db.prepare("DELETE FROM conversation_state WHERE key = ?"),
      loadState: db.prepare("SELECT key, value, idle_at_ms FROM conversation_state WHERE key = ?"),
      allStates: db.prepare("SELECT key, value, idle_at_ms FROM conversation_state ORDER BY key"),
      // Pending updates stay, whatever their age: only done ones are forgotten (those in `handled`,
      // found through its index, and the NULL bodies of older files).
      prune: db.prepare(
        "DELETE FROM inbox WHERE update_id IN (SELECT update_id FROM handled WHERE update_id <= ?1) " +
          "OR (update_id <= ?1 AND body IS NULL)",
      ),
      pruneHandled: db.prepare("DELETE FROM handled WHERE update_id <= ?"),
      setFloor: db.prepare(
        "INSERT INTO inbox_meta (name, value) VALUES (?, ?) " +
          "ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)",
      ),
      setMeta: db.prepare(
        "INSERT INTO inbox_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      ),
      forgetHandled: db.prepare(`DELETE FROM inbox WHERE NOT (${PENDING})`),
      forgetHandledIds: db.prepare("DELETE FROM handled"),
      forgetFloor: db.prepare("DELETE FROM inbox_meta WHERE name = ?"),
      dropJournal: db.prepare("DELETE FROM call_journal WHERE update_id = ?"),
      pruneJournal: db.prepare("DELETE FROM call_journal WHERE update_id <= ?"),
      forgetJournal: db.prepare("DELETE FROM call_journal"),
    };
    this.journal = options.journal ? new SqliteCallJournal(db, () => this.check()) : undefined;
    const count = db.prepare(`SELECT count(*) AS n FROM inbox WHERE ${PENDING}`).get() as { n: number };
    this.pendingCount = Number(count.n);
    const meta = db.prepare("SELECT value FROM inbox_meta WHERE name = ?");
    const floorRow = meta.get(FLOOR) as { value: number } | undefined;
    this.floor = floorRow === undefined ? Number.NEGATIVE_INFINITY : Number(floorRow.value);
    const lastRow = meta.get(LAST_APPEND) as { value: number } | undefined;
    this.lastAppendMs = lastRow === undefined ? undefined : Number(lastRow.value);
    const top = db.prepare("SELECT max(update_id) AS id FROM inbox").get() as { id: number | null };
    this.highest = top.id === null ? this.floor : Number(top.id);
    this.highestIdAtOpen = top.id === null ? undefined : this.highest;
  }

  /** Opens (creating if needed) the inbox at a file path or ":memory:". */
  static open(options: SqliteInboxOptions | string): SqliteInbox {
    return new SqliteInbox(resolveOptions(options));
  }

  /** What a commit survives ("process" or "power"). */
  get durability(): ResolvedOptions["durability"] {
    return this.options.durability;
  }

  /** Records a batch in one transaction; answers the updates that were new. */
  append(updates: readonly Update[]): readonly Update[] {
    this.check();
    if (updates.length === 0) return [];
    const fresh: Update[] = [];
    const insert = this.statements.insert;
    const now = this.options.now();
    this.transaction(() => {
      if (this.isNewSequence(updates, now)) this.startNewSequence();
      for (const update of updates) {
        const id = update.update_id;
        if (id <= this.floor) continue;
        if (insert.run(id, JSON.stringify(update)).changes === 0) continue;
        fresh.push(update);
      }
      if (fresh.length > 0) this.statements.setMeta.run(LAST_APPEND, now);
    });
    if (fresh.length > 0) this.lastAppendMs = now;
    this.pendingCount += fresh.length;
    for (const update of fresh) if (update.update_id > this.highest) this.highest = update.update_id;
    return fresh;
  }

  /** Pending updates in update_id order, at most `limit`. */
  pending(limit: number): readonly Update[] {
    this.check();
    if (!(Number.isSafeInteger(limit) && limit >= 0)) {
      throw new SqliteInboxError(`limit must be an integer >= 0, got ${String(limit)}`);
    }
    const rows = this.statements.pending.all(limit) as { body: string }[];
    return rows.map((row) => JSON.parse(row.body) as Update);
  }

  /** Marks updates done, drops their call journal and applies their state changes in one transaction. */
  complete(completions: readonly HandledUpdate[]): void {
    this.check();
    if (completions.length === 0) return;
    const { markDone, saveState, removeState, dropJournal } = this.statements;
    const journal = this.journal;
    const journaled: number[] = [];
    let done = 0;
    this.transaction(() => {
      for (const completion of completions) {
        if (completion.updateId !== undefined) {
          done += Number(markDone.run(completion.updateId).changes);
          if (journal?.holds(completion.updateId)) {
            dropJournal.run(completion.updateId);
            journaled.push(completion.updateId);
          }
        }
        for (const change of completion.states ?? []) {
          if (change.value === undefined) removeState.run(change.key);
          else saveState.run(change.key, JSON.stringify(change.value), change.idleAtMs ?? null);
        }
      }
    });
    journal?.dropped(journaled);
    this.pendingCount -= done;
    this.completedSincePrune += done;
    if (this.completedSincePrune >= PRUNE_EVERY) this.prune();
  }

  /** Updates recorded and not done. */
  backlog(): number {
    return this.pendingCount;
  }

  /** One conversation's saved state. */
  loadState(key: string): StoredState | undefined {
    this.check();
    const row = this.statements.loadState.get(key) as StateRow | undefined;
    return row === undefined ? undefined : toState(row);
  }

  /** Every saved conversation state, by key. */
  states(): readonly StoredState[] {
    this.check();
    return (this.statements.allStates.all() as unknown as StateRow[]).map(toState);
  }

  /**
   * Forgets handled ids older than the last `rememberHandled` (they then count as done for good).
   * Runs by itself every 1 000 completions and on close.
   */
  prune(): void {
    this.check();
    this.completedSincePrune = 0;
    const floor = this.highest - this.options.rememberHandled;
    if (!(floor > this.floor)) return;
    this.transaction(() => {
      this.statements.prune.run(floor);
      this.statements.pruneHandled.run(floor);
      this.statements.pruneJournal.run(floor);
      this.statements.setFloor.run(FLOOR, floor);
    });
    this.journal?.dropped([], floor);
    this.floor = floor;
  }

  /** Prunes, checkpoints the WAL into the database file and closes it. */
  close(): void {
    if (this.closed) return;
    this.prune();
    this.closed = true;
    this.checkpointer?.stop();
    if (this.checkpointer !== undefined) {
      // The thread's connection may still be open: checkpoint here, so that the file holds
      // everything. If it cannot (busy), the WAL keeps it: the next open reads it as well.
      try {
        this.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch {}
    }
    this.db.close();
  }

  /**
   * Whether `updates` begin a new sequence of ids: after `sequenceResetAfterMs` without a new
   * update, nothing pending, and an id at or below what the inbox knows (Telegram picks the first id
   * after a week of silence at random, so it may be lower than the handled ones). Within the
   * silence, or with updates still pending, a known id stays a repeat.
   */
  private isNewSequence(updates: readonly Update[], now: number): boolean {
    if (this.lastAppendMs === undefined || this.pendingCount > 0) return false;
    if (now - this.lastAppendMs < this.options.sequenceResetAfterMs) return false;
    return updates.some((update) => update.update_id <= this.highest);
  }

  /** Forgets the handled ids and the prune floor of the old sequence (in the caller's transaction). */
  private startNewSequence(): void {
    this.statements.forgetHandled.run();
    this.statements.forgetHandledIds.run();
    this.statements.forgetFloor.run(FLOOR);
    this.statements.forgetJournal.run();
    this.journal?.dropped([], Number.POSITIVE_INFINITY);
    this.floor = Number.NEGATIVE_INFINITY;
    this.highest = Number.NEGATIVE_INFINITY;
  }

  private transaction(work: () => void): void {
    const db = this.db;
    db.exec("BEGIN IMMEDIATE");
    try {
      work();
      db.exec("COMMIT");
    } catch (error) {
      if (db.isTransaction) db.exec("ROLLBACK");
      throw error;
    }
    this.checkpointer?.committed();
  }

  private check(): void {
    if (this.closed) throw new SqliteInboxError("the inbox is closed");
  }
}

function toState(row: StateRow): StoredState {
  const value: unknown = JSON.parse(row.value);
  return row.idle_at_ms === null
    ? { key: row.key, value }
    : { key: row.key, value, idleAtMs: Number(row.idle_at_ms) };
}
