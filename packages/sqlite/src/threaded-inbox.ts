// The SQLite inbox on a thread of its own, for async bots. A commit writes to the WAL, and on a
// busy machine those writes cost more than everything else a loop does for an update (measured:
// about 5 us per update of the polling benchmark's 12): run in the bot's event loop, they halved
// its throughput. Here a worker thread owns the database (the same SqliteInbox) and the event
// loop only posts messages; every method answers with a promise that settles once the thread has
// committed. Same file format and guarantees as SqliteInbox; the blocking driver, which needs
// synchronous answers, keeps using SqliteInbox.
import type { CallJournal, HandledUpdate, Inbox, JournalRecord, StoredState, Update } from "@telepot/core";
import { type ResolvedOptions, resolveOptions, type SqliteInboxOptions } from "./options.js";
import { ThreadClient } from "./thread/client.js";

/** A durable inbox and conversation store in one SQLite file, served by a worker thread. */
export class ThreadedSqliteInbox implements Inbox {
  /** The journal of the Bot API calls made while handling this inbox's updates; undefined with `journal: false`. */
  readonly journal: CallJournal | undefined;
  readonly #thread: ThreadClient;
  readonly #options: ResolvedOptions;
  #closing: Promise<void> | undefined;

  private constructor(thread: ThreadClient, options: ResolvedOptions) {
    this.#thread = thread;
    this.#options = options;
    this.journal = options.journal ? new ThreadedCallJournal(thread) : undefined;
  }

  /**
   * Opens (creating if needed) the inbox at a file path or ":memory:" on a new thread; rejects
   * with a SqliteInboxError if the file cannot be opened. Options as for SqliteInbox.open.
   */
  static async open(options: SqliteInboxOptions | string): Promise<ThreadedSqliteInbox> {
    const resolved = resolveOptions(options);
    const { now: _clock, ...settings } = resolved;
    return new ThreadedSqliteInbox(await ThreadClient.start(settings), resolved);
  }

  /** What a commit survives ("process" or "power"). */
  get durability(): ResolvedOptions["durability"] {
    return this.#options.durability;
  }

  /** {@inheritDoc @telepot/core#Inbox.append} */
  async append(updates: readonly Update[]): Promise<readonly Update[]> {
    const nowMs = this.#options.now();
    const kept = (await this.#thread.ask({ op: "append", updates: JSON.stringify(updates), nowMs })) as
      | number[]
      | undefined;
    return kept === undefined ? updates : kept.map((index) => updates[index]!);
  }

  /** {@inheritDoc @telepot/core#Inbox.pending} */
  async pending(limit: number): Promise<readonly Update[]> {
    return (await this.#thread.ask({ op: "pending", limit })) as Update[];
  }

  /** {@inheritDoc @telepot/core#Inbox.complete} */
  async complete(completions: readonly HandledUpdate[]): Promise<void> {
    if (completions.length === 0) return;
    await this.#thread.ask({ op: "complete", completions });
  }

  /** Updates recorded and not done, as of the thread's latest answer (it reports the count with each). */
  backlog(): number {
    return this.#thread.backlog;
  }

  /** {@inheritDoc @telepot/core#Inbox.loadState} */
  async loadState(key: string): Promise<StoredState | undefined> {
    return (await this.#thread.ask({ op: "loadState", key })) as StoredState | undefined;
  }

  /** {@inheritDoc @telepot/core#Inbox.states} */
  async states(): Promise<readonly StoredState[]> {
    return (await this.#thread.ask({ op: "states" })) as StoredState[];
  }

  /** Forgets handled ids older than the last `rememberHandled` (see SqliteInbox.prune). */
  async prune(): Promise<void> {
    await this.#thread.ask({ op: "prune" });
  }

  /** Prunes, checkpoints and closes the database, then ends the thread. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= this.#thread
      .ask({ op: "close" })
      .catch(() => {}) // already gone: nothing left to close
      .then(() => this.#thread.terminate());
    return this.#closing;
  }
}

/** The call journal of a ThreadedSqliteInbox: each record is written by the SQLite thread. */
class ThreadedCallJournal implements CallJournal {
  readonly #thread: ThreadClient;

  constructor(thread: ThreadClient) {
    this.#thread = thread;
  }

  async records(updateId: number): Promise<ReadonlyMap<string, JournalRecord>> {
    return (await this.#thread.ask({ op: "records", updateId })) as ReadonlyMap<string, JournalRecord>;
  }

  async start(updateId: number, call: string): Promise<JournalRecord | undefined> {
    return (await this.#thread.ask({ op: "start", updateId, call })) as JournalRecord | undefined;
  }

  async finish(updateId: number, call: string, result: unknown): Promise<void> {
    await this.#thread.ask({ op: "finish", updateId, call, result });
  }

  async forget(updateId: number, call: string): Promise<void> {
    await this.#thread.ask({ op: "forget", updateId, call });
  }
}
