// The inbox: a durable journal between receiving updates and handling them. A receiver appends
// what it fetched (or what a webhook request carried) before it acknowledges it to Telegram; a
// handler marks an update done once it has settled, saving its conversation's state in the same
// atomic step. After a crash, a new process handles what was not marked done, and nothing that was.
//
// The interface is deliberately small and free of storage details so that more than one backend
// can implement it (the embedded @telepot/sqlite; a networked store later): every method may
// answer synchronously (an embedded store, usable from the blocking driver) or with a promise.

import type { MaybePromise } from "../conversation/maybe.js";
import type { Update } from "../generated/types.js";
import type { CallJournal } from "./journal.js";

/** A conversation's saved state, as a backend stores it. */
export interface StoredState {
  /** The conversation's key (its seed, e.g. `chat:123`). */
  readonly key: string;
  /** The state, JSON-serialisable. */
  readonly value: unknown;
  /** When the conversation goes idle (ms since the epoch), if it has a timeout. */
  readonly idleAtMs?: number | undefined;
}

/** A change to one conversation's state: saved (`value` given) or removed (`value` undefined). */
export interface StateChange {
  /** The conversation's key. */
  readonly key: string;
  /** The new state; undefined removes the conversation's state (it closed). */
  readonly value?: unknown;
  /** When the conversation goes idle (ms since the epoch), if it has a timeout. */
  readonly idleAtMs?: number | undefined;
}

/**
 * One update marked handled, with the state changes its handling made (committed together). With
 * no update id, only the state changes apply (an idle timeout closed a conversation).
 */
export interface HandledUpdate {
  /** The handled update's id; undefined for state changes that no update caused. */
  readonly updateId?: number | undefined;
  /** State saved or removed by the handling of this update, in the same atomic step. */
  readonly states?: readonly StateChange[] | undefined;
}

/**
 * A durable journal of updates and conversation state. Update ids are the identity: appending an
 * id already present, already done, or pruned is a no-op, so a receiver may append the same
 * update any number of times (Telegram re-sends what it was not told about).
 */
export interface Inbox {
  /**
   * The journal of the Bot API calls made while handling this inbox's updates (a loop given the
   * inbox uses it); `complete` removes a done update's records in its atomic step. Undefined: the
   * calls are not journaled.
   */
  readonly journal?: CallJournal | undefined;
  /**
   * The highest update_id recorded (done or pending) when this inbox was opened, by earlier
   * processes, for an inbox one process owns at a time. A webhook loop reports a new update below
   * it as late (see ReorderOptions.recordedBefore): a later one was acknowledged before it, and may
   * have been handled. Undefined when unknown (or the inbox is shared, as on Redis).
   */
  readonly highestIdAtOpen?: number | undefined;
  /**
   * Records a batch of updates in one atomic step, durable when the result is returned (or its
   * promise resolves). Answers the updates that were new, in the order given; repeats are left out.
   */
  append(updates: readonly Update[]): MaybePromise<readonly Update[]>;
  /**
   * The updates recorded and not done, in update_id order, at most `limit` of them: what a
   * process starting after a crash must handle. Handling order within a key is update_id order.
   */
  pending(limit: number): MaybePromise<readonly Update[]>;
  /** Marks updates done and applies their state changes, all in one atomic step. */
  complete(completions: readonly HandledUpdate[]): MaybePromise<void>;
  /** How many updates are recorded and not done (for back-pressure). */
  backlog(): MaybePromise<number>;
  /** The saved state of one conversation, or undefined. */
  loadState(key: string): MaybePromise<StoredState | undefined>;
  /** Every saved conversation state (to resume or expire conversations after a restart). */
  states(): MaybePromise<readonly StoredState[]>;
  /** Releases the store; the inbox is unusable afterwards. */
  close(): MaybePromise<void>;
}

/** An inbox whose every method answers synchronously (usable from the blocking driver). */
export interface SyncInbox extends Inbox {
  /** {@inheritDoc Inbox.append} */
  append(updates: readonly Update[]): readonly Update[];
  /** {@inheritDoc Inbox.pending} */
  pending(limit: number): readonly Update[];
  /** {@inheritDoc Inbox.complete} */
  complete(completions: readonly HandledUpdate[]): void;
  /** {@inheritDoc Inbox.backlog} */
  backlog(): number;
  /** {@inheritDoc Inbox.loadState} */
  loadState(key: string): StoredState | undefined;
  /** {@inheritDoc Inbox.states} */
  states(): readonly StoredState[];
  /** {@inheritDoc Inbox.close} */
  close(): void;
}
