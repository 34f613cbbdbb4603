// Runs a DelegatorBot's conversations on RedisWorkers: the core engine (createOpen, Persistent
// handlers, idle timeouts) drives each update, with the conversation state of the worker's claim.
// An engine lives for one update (or one idle expiry): its delegates restore their state from what
// the claim read from Redis, never from memory that another worker may have advanced since, and
// their snapshots are committed with the update's done mark under the claim's fencing token.
import {
  type ApiCalls,
  type ConversationStates,
  type DelegationPair,
  Delegator,
  type ErrorReporter,
  type Payload,
  type StateChange,
  type StoredState,
  type TimerClock,
  type Update,
  unwrapUpdate,
} from "@telepot/core";
import { storedCopy } from "@telepot/core/internal";
import type { IdleHandler, WorkerConversation, WorkerHandler } from "./worker.js";

/** Options of {@link WorkerDelegates}. */
export interface WorkerDelegatesOptions {
  /** Told when a delegate fails (default: console.error naming the handler and the seed). */
  readonly onDelegateError?: ErrorReporter | undefined;
  /** The time in ms since the epoch, for idle deadlines (default Date.now). */
  readonly now?: (() => number) | undefined;
}

/** One persistent delegate's saved conversation, inside the worker's state of its key. */
interface SavedDelegate {
  readonly value: unknown;
  readonly idleAtMs?: number | undefined;
  // The last message it handled: the context (chat, sender) to respawn it with when it goes idle.
  readonly msg?: Payload | undefined;
}

/** What a conversation key's state holds: the saved delegates, by `<pair>:<seed>`. */
interface SavedDelegates {
  readonly delegates: Record<string, SavedDelegate>;
}

function isSavedDelegates(value: unknown): value is SavedDelegates {
  const delegates = (value as Partial<SavedDelegates> | null)?.delegates;
  return typeof delegates === "object" && delegates !== null && !Array.isArray(delegates);
}

// The engine's state key is `<pair index>:<seed key>` (see Conversation.attach).
function pairOf(stateKey: string): number {
  return Number(stateKey.slice(0, stateKey.indexOf(":")));
}

// Timers never fire here: an engine lives for one update, and idle deadlines are the worker's
// (the saved idleAtMs makes it call onIdle). Scheduler events and listener timeouts need a
// long-lived conversation, which a worker does not keep.
function frozenClock(now: () => number): TimerClock {
  return { now, setTimer: () => () => {} };
}

/** The engine states of one update's run, read from and written back to the worker's conversation. */
class ClaimStates implements ConversationStates {
  readonly #entries: Map<string, SavedDelegate>;
  #changed = false;

  constructor(conversation: WorkerConversation) {
    const stored = conversation.state?.value;
    if (stored !== undefined && !isSavedDelegates(stored)) {
      throw new TypeError(`the state of ${conversation.key} is not a saved delegates record`);
    }
    this.#entries = new Map(Object.entries(stored?.delegates ?? {}));
  }

  /** The saved delegates, by engine state key. */
  get entries(): ReadonlyMap<string, SavedDelegate> {
    return this.#entries;
  }

  load(key: string): StoredState | undefined {
    const saved = this.#entries.get(key);
    // A copy: the handler must not share an object with the state the claim holds.
    return saved === undefined ? undefined : storedCopy(key, saved);
  }

  record(msg: Payload | undefined, change: StateChange): void {
    this.#changed = true;
    if (change.value === undefined) {
      this.#entries.delete(change.key);
      return;
    }
    const last = msg ?? this.#entries.get(change.key)?.msg;
    this.#entries.set(change.key, {
      value: change.value,
      ...(change.idleAtMs === undefined ? {} : { idleAtMs: change.idleAtMs }),
      ...(last === undefined ? {} : { msg: last }),
    });
  }

  /** Forgets a saved delegate that cannot be resumed. */
  drop(key: string): void {
    this.#changed = true;
    this.#entries.delete(key);
  }

  /** Writes the changes to the worker's conversation (committed with the update), if any. */
  commit(conversation: WorkerConversation, always: boolean): void {
    if (!this.#changed && !always) return;
    if (this.#entries.size === 0) {
      conversation.remove();
      return;
    }
    let idleAtMs: number | undefined;
    for (const saved of this.#entries.values()) {
      if (saved.idleAtMs !== undefined) idleAtMs = Math.min(idleAtMs ?? saved.idleAtMs, saved.idleAtMs);
    }
    conversation.save({ delegates: Object.fromEntries(this.#entries) } satisfies SavedDelegates, idleAtMs);
  }
}

/**
 * A DelegatorBot's conversations, run by {@link RedisWorker}s: give {@link handle} and
 * {@link onIdle} to the worker. Persistent handlers (snapshot/restore) resume on whichever worker
 * claims their chat; a handler's idle timeout runs its onIdle and onClose on the worker that
 * claims the expired conversation. Handlers that are not persistent start afresh with each update.
 */
export class WorkerDelegates {
  readonly #bot: ApiCalls<"async">;
  readonly #pairs: readonly DelegationPair<"async">[];
  readonly #onError: ErrorReporter | undefined;
  readonly #clock: TimerClock;

  /** Delegates of `pairs` (e.g. `[[perChatId(), createOpen(Player, { timeout: 60 })]]`) calling `bot`. */
  constructor(
    bot: ApiCalls<"async">,
    pairs: readonly DelegationPair<"async">[],
    options: WorkerDelegatesOptions = {},
  ) {
    this.#bot = bot;
    this.#pairs = pairs;
    this.#onError = options.onDelegateError;
    this.#clock = frozenClock(options.now ?? Date.now);
  }

  #engine(states: ClaimStates): Delegator<"async"> {
    return new Delegator<"async">(this.#bot, this.#pairs, {
      clock: this.#clock,
      states,
      ...(this.#onError ? { onError: this.#onError } : {}),
    });
  }

  /** The worker's update handler: feeds the update to the delegates, saves their snapshots. */
  readonly handle: WorkerHandler = async (update: Update, conversation: WorkerConversation) => {
    const [kind, payload] = unwrapUpdate(update);
    if (kind === "unknown" || typeof payload !== "object" || payload === null) return;
    const states = new ClaimStates(conversation);
    const engine = this.#engine(states);
    await engine.feed(payload);
    await engine.settled();
    states.commit(conversation, false);
  };

  /** The worker's idle handler: resumes each expired delegate, which runs onIdle and onClose. */
  readonly onIdle: IdleHandler = async (conversation: WorkerConversation) => {
    const states = new ClaimStates(conversation);
    const engine = this.#engine(states);
    const now = this.#clock.now();
    for (const [key, saved] of [...states.entries]) {
      if (saved.idleAtMs === undefined || saved.idleAtMs > now) continue;
      if (saved.msg === undefined) states.drop(key);
      else engine.resume(pairOf(key), saved.msg);
    }
    await engine.settled();
    // Always written: a worker's idle claim that changes nothing removes the state.
    states.commit(conversation, true);
  };
}
