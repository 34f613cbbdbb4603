// One running conversation: a handler plus a queue. Messages are handled strictly one at a time;
// an idle deadline is checked lazily (a timer re-arms itself instead of being reset per message);
// on close, whatever arrived meanwhile is handed back to the engine for a fresh conversation.
// Each queued message carries the engine's done callback (see Delegate.reportsDone): it is called
// when the step that took the message completes, or earlier when that step waits on the listener.
import { IdleTerminate, StopListening, WaitTooLong } from "../errors.js";
import type { CallMode } from "../generated/methods.js";
import type { StoredState } from "../inbox/inbox.js";
import { eventName } from "../message/flavor.js";
import type { CancelTimer } from "./clock.js";
import { type Done, NOT_TRACKED } from "./completion.js";
import type { Delegate, Runtime, SpawnContext } from "./delegate.js";
import { Scheduler } from "./event-scheduler.js";
import type { Handler, HandlerControl } from "./handler.js";
import { Listener } from "./listener.js";
import { andThen, attempt, isPromiseLike, type MaybePromise } from "./maybe.js";
import { isPersistent } from "./persistence.js";
import { ALWAYS, keyOf, type Payload, type SeedKey } from "./seeds.js";

const OPEN = 0;
const CLOSING = 1;
const CLOSED = 2;

/** The queue entry that stands for "the idle timeout may have expired". */
const IDLE: Payload = /* @__PURE__ */ Object.freeze({});

/** A queued message and the callback that tells the engine it was processed. */
interface Entry {
  readonly msg: Payload;
  readonly done: Done;
}

/** A closing reason that is a normal end, not a failure to report. */
export function isNormalEnd(reason: unknown): boolean {
  return reason instanceof StopListening || reason instanceof WaitTooLong;
}

/** Runs one handler as a delegate of the engine. */
export class Conversation<Mode extends CallMode = CallMode> implements Delegate, HandlerControl<Mode> {
  #handler!: Handler<Mode>;
  readonly #runtime: Runtime;
  readonly #seed: SeedKey | typeof ALWAYS;
  readonly #pair: number;
  #ended: SpawnContext<Mode>["ended"] | undefined;
  #queue: Entry[] | undefined;
  // The entry the running step took (its done is called when the step completes or waits).
  #current: Entry | undefined;
  #state = OPEN;
  #busy = false;
  #opened = false;
  #deadline = 0;
  #cancelTimer: CancelTimer | undefined;
  #closeReason: unknown;
  #leftovers: Entry[] | undefined;
  #listener: Listener<Mode> | undefined;
  #scheduler: Scheduler | undefined;
  // Where the handler's state is saved, when it is persistent and the engine has a store.
  #stateKey: string | undefined;
  // True while saved state is being loaded: messages queue up, none is handled yet.
  #loading = false;
  // True when the engine ended the conversation for a shutdown: its saved state is kept.
  #shutdown = false;

  /** A conversation for a spawn; {@link start} it once its handler is attached. */
  constructor(ctx: SpawnContext<Mode>) {
    this.#runtime = ctx.runtime;
    this.#seed = ctx.seed;
    this.#pair = ctx.pair;
    this.#ended = ctx.ended;
    this.#firstDone = ctx.done ?? NOT_TRACKED;
  }

  #first: Payload | undefined;
  #firstDone: Done;

  /** Tells the engine when each message is processed (see {@link Delegate.reportsDone}). */
  readonly reportsDone = true;

  /**
   * Attaches the handler and the spawning message, handled once the engine calls {@link start}
   * (none for a resumed conversation: it only loads its saved state).
   */
  attach(handler: Handler<Mode>, msg: Payload | undefined): void {
    this.#handler = handler;
    this.#first = msg;
    if (this.#runtime.states !== undefined && this.#seed !== ALWAYS && isPersistent(handler)) {
      this.#stateKey = `${this.#pair}:${String(keyOf(this.#seed))}`;
    }
  }

  /** Handles the spawning message (see {@link Delegate.start}), after loading saved state. */
  start(): void {
    const msg = this.#first;
    const done = this.#firstDone;
    this.#first = undefined;
    this.#firstDone = NOT_TRACKED;
    const key = this.#stateKey;
    const states = this.#runtime.states;
    if (key === undefined || states === undefined) {
      if (msg !== undefined) this.#enqueue({ msg, done });
      else done();
      return;
    }
    this.#loading = true;
    const loaded = attempt(
      () => states.load(key),
      (error) => {
        this.#report(error, "delegate");
        return undefined;
      },
    );
    this.#runtime.track(
      andThen(loaded, (stored) => {
        // Queued first (an expired idle check, then the message), handled once all are in place.
        if (stored !== undefined) this.#restore(stored);
        if (msg !== undefined) this.#enqueue({ msg, done });
        else done();
        this.#loading = false;
        if (this.#queue !== undefined && !this.#busy) return this.#drain();
        return undefined;
      }),
    );
  }

  /** Ends the conversation for a shutdown (see {@link Delegate.shutdown}): its saved state stays. */
  shutdown(reason: unknown): void {
    if (this.#state === OPEN && this.#closeReason === undefined) this.#shutdown = true;
    this.close(reason);
  }

  // Reopens a saved conversation: its state, and its idle deadline (already past: onIdle runs
  // first, and the message that reopened it goes to a fresh conversation).
  #restore(stored: StoredState): void {
    const restored = attempt(
      () => {
        (this.#handler as unknown as { restore(state: unknown): void }).restore(stored.value);
        return true;
      },
      (error) => {
        this.#report(error, "delegate");
        return false;
      },
    );
    if (restored !== true) return;
    this.#opened = true;
    if (stored.idleAtMs === undefined) return;
    this.#deadline = stored.idleAtMs;
    const clock = this.#runtime.clock;
    if (clock.now() >= this.#deadline) this.#enqueue({ msg: IDLE, done: NOT_TRACKED });
    else this.#cancelTimer ??= clock.setTimer(this.#deadline, () => this.#onTimer());
  }

  // Records the handler's state after a step: a snapshot, or its removal once the conversation
  // closes (not for a shutdown, which the next process resumes from). `msg` is the update's
  // object the step handled, undefined for an idle check or an event.
  #saveState(msg: Payload | undefined, closing: boolean): void {
    const key = this.#stateKey;
    const states = this.#runtime.states;
    if (key === undefined || states === undefined) return;
    attempt(
      () => {
        if (closing && !this.#shutdown) {
          states.record(msg, { key });
          return;
        }
        const value = (this.#handler as unknown as { snapshot(): unknown }).snapshot();
        const timeout = this.#handler.timeout;
        const idleAtMs = timeout === undefined ? undefined : this.#deadline;
        states.record(msg, { key, value, idleAtMs });
      },
      (error) => this.#report(error, "delegate"),
    );
  }

  #report(error: unknown, phase: "delegate" | "close"): void {
    const name = this.#handler.constructor.name;
    this.#runtime.report(error, { phase, seed: this.#seed, pair: this.#pair, delegate: name });
  }

  /** Whether the conversation still takes messages. */
  get open(): boolean {
    return this.#state === OPEN;
  }

  /** Offers a message routed to this seed (see {@link Delegate.accept}). */
  accept(msg: Payload, done: Done = NOT_TRACKED): boolean {
    if (this.#state === CLOSED) return false;
    if (this.#state === CLOSING) {
      // Arrived while the handler is closing: kept for the next conversation, never lost.
      this.#leftovers ??= [];
      this.#leftovers.push({ msg, done });
      return true;
    }
    if (!this.#handler.accepts(msg)) {
      done();
      return true;
    }
    // A handler waiting on its listener (mid-message, or in a flow of its own) takes it first.
    if (this.#listener?.waiting && this.#listener.offer(msg)) {
      done();
      return true;
    }
    this.#enqueue({ msg, done });
    return true;
  }

  /** Queues a scheduled event (see {@link Scheduler}); false once closed. */
  deliver(event: Payload): boolean {
    if (this.#state !== OPEN) return false;
    this.#enqueue({ msg: event, done: NOT_TRACKED });
    return true;
  }

  /** Removes the first queued message `take` accepts (a listener waiting on queued messages). */
  take(accept: (msg: Payload) => boolean): Payload | undefined {
    const queue = this.#queue;
    if (queue === undefined) return undefined;
    const i = queue.findIndex((e) => e.msg !== IDLE && accept(e.msg));
    if (i < 0) return undefined;
    const entry = queue.splice(i, 1)[0] as Entry;
    // Taken by a listener wait, which returns it now: for the engine, it has been processed.
    entry.done();
    return entry.msg;
  }

  /** {@inheritDoc HandlerControl.close} */
  close(reason: unknown): void {
    if (this.#state !== OPEN || this.#closeReason !== undefined) return;
    this.#closeReason = reason ?? new StopListening();
    if (!this.#busy) this.#beginClose();
  }

  /** {@inheritDoc HandlerControl.listener} */
  listener(): Listener<Mode> {
    if (this.#listener === undefined) {
      const runtime = this.#runtime;
      // While the handler waits for a later message, the one it is handling no longer holds its feed.
      const host = { clock: runtime.clock, pump: runtime.pump, onWait: () => this.#current?.done() };
      this.#listener = new Listener<Mode>(host, this);
      this.#listener.capture({ _: () => true });
    }
    return this.#listener;
  }

  /** {@inheritDoc HandlerControl.scheduler} */
  scheduler(): Scheduler {
    this.#scheduler ??= new Scheduler(this.#runtime.clock, this);
    return this.#scheduler;
  }

  #enqueue(entry: Entry): void {
    this.#queue ??= [];
    this.#queue.push(entry);
    if (!this.#busy && !this.#loading) this.#runtime.track(this.#drain());
  }

  /** Handles queued messages until the queue is empty or a handler returns a promise. */
  #drain(): MaybePromise<void> {
    while (this.#state === OPEN && this.#closeReason === undefined) {
      const queue = this.#queue;
      const entry = queue?.shift();
      if (entry === undefined) {
        this.#queue = undefined;
        return;
      }
      this.#busy = true;
      this.#current = entry;
      const handled = attempt(
        () => this.#handle(entry.msg),
        (error) => this.close(error),
      );
      if (isPromiseLike(handled)) {
        return Promise.resolve(handled).then(() => {
          this.#afterHandled(entry);
          return this.#drain();
        });
      }
      this.#afterHandled(entry);
    }
  }

  #afterHandled(entry: Entry): void {
    const msg = entry.msg;
    this.#busy = false;
    this.#current = undefined;
    const closing = this.#closeReason !== undefined;
    const fromUpdate = msg !== IDLE && !this.#isEvent(msg);
    const timeout = this.#handler.timeout;
    if (!closing && fromUpdate && timeout !== undefined) {
      this.#deadline = this.#runtime.clock.now() + timeout * 1000;
      this.#cancelTimer ??= this.#runtime.clock.setTimer(this.#deadline, () => this.#onTimer());
    }
    // Before done: the loop commits the update's completion with the state it carries.
    this.#saveState(fromUpdate ? msg : undefined, closing);
    entry.done();
    if (closing) this.#beginClose();
  }

  #isEvent(msg: Payload): boolean {
    return eventName(msg) !== undefined;
  }

  #handle(msg: Payload): MaybePromise<unknown> {
    const handler = this.#handler;
    if (msg === IDLE) {
      const timeout = handler.timeout;
      // A message handled since the timer was due moved the deadline: the idle check is stale.
      if (timeout === undefined || this.#runtime.clock.now() < this.#deadline) return undefined;
      return andThen(handler.onIdle({ seconds: timeout }), () => this.close(new IdleTerminate(timeout)));
    }
    if (!this.#opened) {
      this.#opened = true;
      return andThen(handler.open(msg, this.#seed), (consumed) =>
        consumed ? undefined : handler.onMessage(msg),
      );
    }
    return handler.onMessage(msg);
  }

  #onTimer(): void {
    this.#cancelTimer = undefined;
    if (this.#state !== OPEN || this.#closeReason !== undefined) return;
    // Busy: the deadline is refreshed (and the timer re-armed) once the current message is done.
    if (this.#busy) return;
    const clock = this.#runtime.clock;
    if (clock.now() < this.#deadline) {
      this.#cancelTimer = clock.setTimer(this.#deadline, () => this.#onTimer());
      return;
    }
    this.#enqueue({ msg: IDLE, done: NOT_TRACKED });
  }

  #beginClose(): void {
    if (this.#state !== OPEN) return;
    this.#state = CLOSING;
    const reason = this.#closeReason;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.#scheduler?.cancelAll();
    this.#listener?.close();
    const pending = this.#queue?.filter((e) => e.msg !== IDLE && !this.#isEvent(e.msg));
    this.#queue = undefined;
    if (pending !== undefined && pending.length > 0)
      this.#leftovers = [...pending, ...(this.#leftovers ?? [])];
    const name = this.#handler.constructor.name;
    if (!isNormalEnd(reason)) {
      this.#runtime.report(reason, { phase: "delegate", seed: this.#seed, pair: this.#pair, delegate: name });
    }
    const closed = attempt(
      () => this.#handler.onClose(reason),
      (error) =>
        this.#runtime.report(error, { phase: "close", seed: this.#seed, pair: this.#pair, delegate: name }),
    );
    this.#runtime.track(andThen(closed, () => this.#finish()));
  }

  #finish(): void {
    this.#state = CLOSED;
    const leftovers = this.#leftovers ?? [];
    this.#leftovers = undefined;
    const ended = this.#ended;
    this.#ended = undefined;
    if (ended === undefined) {
      for (const e of leftovers) e.done();
      return;
    }
    ended(
      leftovers.map((e) => e.msg),
      leftovers.map((e) => e.done),
    );
  }
}
