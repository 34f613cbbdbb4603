// Conversations that survive a restart. A handler that implements Persistent declares its state;
// the engine loads it when the conversation opens, and records a snapshot after each handled
// message through ConversationStates, which commits it together with the message's update (so a
// crash never leaves state and progress apart).
import type { StateChange, StoredState } from "../inbox/inbox.js";
import type { MaybePromise } from "./maybe.js";
import type { Payload } from "./seeds.js";

/** A handler whose state survives a restart: `S` must be JSON-serialisable. */
export interface Persistent<S> {
  /** The state to save after each handled message. */
  snapshot(): S;
  /** Called before the first message when a conversation reopens with saved state. */
  restore(state: S): void;
}

/** Whether a handler declares persistent state. */
export function isPersistent(handler: object): handler is Persistent<unknown> {
  const h = handler as Partial<Persistent<unknown>>;
  return typeof h.snapshot === "function" && typeof h.restore === "function";
}

/** Where conversation state is loaded from and recorded to (given to the engine by a driver). */
export interface ConversationStates {
  /** The saved state of a conversation, or undefined. */
  load(key: string): MaybePromise<StoredState | undefined>;
  /**
   * Records a change made while handling `msg` (the inner object of an update): it is committed
   * with that update. Without `msg` (an idle timeout), or when `msg` is not an update being
   * tracked, the change is committed on its own.
   */
  record(msg: Payload | undefined, change: StateChange): void;
}
