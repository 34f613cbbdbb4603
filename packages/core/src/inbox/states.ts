// Conversation state on an inbox: a change made while handling an update waits for that update's
// completion, so both are committed in one step; a change with no update is committed at once.
// Pure glue shared by the drivers: the loop calls track() before a handler runs and take() when
// it has settled.

import { logError } from "../conversation/log-error.js";
import type { MaybePromise } from "../conversation/maybe.js";
import { isPromiseLike } from "../conversation/maybe.js";
import type { ConversationStates } from "../conversation/persistence.js";
import type { Payload } from "../conversation/seeds.js";
import type { HandledUpdate, Inbox, StateChange, StoredState } from "./inbox.js";

/** Conversation states kept in an inbox, committed with the updates that changed them. */
export class InboxStates implements ConversationStates {
  readonly #inbox: Inbox;
  readonly #report: (error: unknown) => void;
  // Keyed by the payload object the handler receives: the engine hands the same object around.
  #changes = new WeakMap<object, StateChange[]>();
  // The latest change per key that waits for its update's commit: a conversation reopening
  // meanwhile (a game won, and the next message) must see it, not the older committed state.
  #unsaved = new Map<string, StateChange>();

  /** States in `inbox`; a failed stand-alone commit goes to `report`. */
  constructor(inbox: Inbox, report: (error: unknown) => void = logError) {
    this.#inbox = inbox;
    this.#report = report;
  }

  /** The inbox the states live in. */
  get inbox(): Inbox {
    return this.#inbox;
  }

  /** {@inheritDoc ConversationStates.load} */
  load(key: string): MaybePromise<StoredState | undefined> {
    const change = this.#unsaved.get(key);
    if (change === undefined) return this.#inbox.loadState(key);
    return change.value === undefined ? undefined : storedCopy(key, change);
  }

  /** Told that `changes` were committed: loads read them from the inbox again. */
  saved(changes: readonly StateChange[]): void {
    for (const change of changes) {
      if (this.#unsaved.get(change.key) === change) this.#unsaved.delete(change.key);
    }
  }

  /** Starts collecting the changes made while `payload` is handled. */
  track(payload: object): void {
    this.#changes.set(payload, []);
  }

  /** The changes made while `payload` was handled (and stops collecting them). */
  take(payload: object): readonly StateChange[] | undefined {
    const changes = this.#changes.get(payload);
    this.#changes.delete(payload);
    return changes !== undefined && changes.length > 0 ? changes : undefined;
  }

  /** {@inheritDoc ConversationStates.record} */
  record(msg: Payload | undefined, change: StateChange): void {
    const pending = msg === undefined ? undefined : this.#changes.get(msg);
    if (pending !== undefined) {
      pending.push(change);
      this.#unsaved.set(change.key, change);
      return;
    }
    const alone: HandledUpdate = { states: [change] };
    try {
      const result = this.#inbox.complete([alone]);
      if (isPromiseLike(result)) result.then(undefined, this.#report);
    } catch (error) {
      this.#report(error);
    }
  }
}

/**
 * A saved state as a store would give it back: a copy of its value (JSON's), so that the handler
 * loading it never shares an object with the state that was saved.
 */
export function storedCopy(
  key: string,
  saved: { readonly value?: unknown; readonly idleAtMs?: number | undefined },
): StoredState {
  const value: unknown = JSON.parse(JSON.stringify(saved.value));
  return saved.idleAtMs === undefined ? { key, value } : { key, value, idleAtMs: saved.idleAtMs };
}
