// One running conversation: a handler plus a queue. Messages are handled strictly one at a time;
// an idle deadline is checked lazily (a timer re-arms itself instead of being reset per message);
// on close, whatever arrived meanwhile is handed back to the engine for a fresh conversation.
// Each queued message carries the engine's done callback (see Delegate.reportsDone): it is called
// when the step that took the message completes, or earlier when that step waits on the listener.
import { IdleTerminate, StopListening, WaitTooLong } from "../errors.js";
import type { CallMode } from "../generated/methods.js";
import type { CancelTimer } from "./clock.js";
import { type Done, NOT_TRACKED } from "./completion.js";
import type { Delegate, Runtime, SpawnContext } from "./delegate.js";
import type { Handler, HandlerControl } from "./handler.js";
import { Listener } from "./listener.js";
import { andThen, attempt, isPromiseLike, type MaybePromise } from "./maybe.js";
import { Scheduler } from "./scheduler.js";
import type { ALWAYS, Payload, SeedKey } from "./seeds.js";

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

  /** Attaches the handler and the spawning message, handled once the engine calls {@link start}. */
  attach(handler: Handler<Mode>, msg: Payload): void {
    this.#handler = handler;
    this.#first = msg;
  }

  /** Handles the spawning message (see {@link Delegate.start}). */
  start(): void {
    const msg = this.#first;
    const done = this.#firstDone;
    this.#first = undefined;
    this.#firstDone = NOT_TRACKED;
    if (msg !== undefined) this.#enqueue({ msg, done });
    else done();
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
    if (!this.#busy) this.#runtime.track(this.#drain());
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
    entry.done();
    if (this.#closeReason !== undefined) {
      this.#beginClose();
      return;
    }
    const timeout = this.#handler.timeout;
    if (msg === IDLE || timeout === undefined || this.#isEvent(msg)) return;
    this.#deadline = this.#runtime.clock.now() + timeout * 1000;
    this.#cancelTimer ??= this.#runtime.clock.setTimer(this.#deadline, () => this.#onTimer());
  }

  #isEvent(msg: Payload): boolean {
    const keys = Object.keys(msg);
    return keys.length === 1 && (keys[0] as string).startsWith("_");
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
