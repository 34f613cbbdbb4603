// Microphone and Listener: broadcast of received objects to whoever waits for them. A listener
// holds only the objects its criteria capture, and a closed listener is unregistered at once (in
// telepot it kept receiving until garbage collection).
import { StopListening, WaitTooLong } from "../errors.js";
import type { CallMode, Returned } from "../generated/methods.js";
import { type CaptureTemplate, matchesAny } from "./capture.js";
import type { CancelTimer, TimerClock } from "./clock.js";
import type { Payload } from "./seeds.js";

/**
 * How a blocking driver waits: it receives and dispatches updates until `ready()` holds or the
 * clock reaches `deadline` (undefined: no deadline), firing due timers meanwhile.
 */
export type BlockingPump = (ready: () => boolean, deadline: number | undefined) => void;

/** Options of {@link Listener.wait}. */
export interface WaitOptions {
  /** Seconds to wait before failing with WaitTooLong; no limit when omitted. */
  readonly timeout?: number;
}

/** Where a listener may find objects that arrived before it waited (a delegate's inbox). */
export interface Backlog {
  /** Removes and returns the first held object `accept` takes, if any. */
  take(accept: (msg: Payload) => boolean): Payload | undefined;
}

/** What a listener needs from its owner. */
export interface ListenerHost {
  /** The clock for wait timeouts. */
  readonly clock: TimerClock;
  /** The blocking driver's pump; absent in async mode (wait returns a promise). */
  readonly pump?: BlockingPump | undefined;
  /** Called once when the listener closes (to unregister it). */
  detach?(listener: Listener<CallMode>): void;
  /**
   * Called when a wait() finds nothing ready and starts waiting: the owner is now idle until a
   * later object arrives (a delegate counts the object it was processing as done, see Delegate.reportsDone).
   */
  onWait?(): void;
}

interface Waiter {
  resolve(msg: Payload): void;
  reject(error: unknown): void;
  cancelTimer: CancelTimer | undefined;
}

/** Waits for received objects matching its capture criteria. */
export class Listener<Mode extends CallMode = "async"> {
  readonly #host: ListenerHost;
  readonly #backlog: Backlog | undefined;
  #criteria: CaptureTemplate[] = [];
  #queue: Payload[] = [];
  #waiter: Waiter | undefined;
  #closed = false;

  /** A listener for `host`; `backlog` is consulted before waiting (used by conversation handlers). */
  constructor(host: ListenerHost, backlog?: Backlog) {
    this.#host = host;
    this.#backlog = backlog;
  }

  /** Adds templates; an object is captured when it matches any template added so far. */
  capture(...templates: CaptureTemplate[]): this {
    this.#criteria.push(...templates);
    return this;
  }

  /** Whether the listener would capture `msg`. */
  accepts(msg: Payload): boolean {
    return !this.#closed && matchesAny(this.#criteria, msg);
  }

  /** Whether someone is waiting on this listener right now. */
  get waiting(): boolean {
    return this.#waiter !== undefined;
  }

  /** Whether the listener was closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Offers an object; returns whether it was captured (handed to a waiter or queued). */
  offer(msg: Payload): boolean {
    if (!this.accepts(msg)) return false;
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.cancelTimer?.();
      waiter.resolve(msg);
    } else {
      this.#queue.push(msg);
    }
    return true;
  }

  /** Removes and returns the oldest captured object, if any, without waiting. */
  take(): Payload | undefined {
    const queued = this.#queue.shift();
    if (queued !== undefined) return queued;
    return this.#backlog?.take((m) => this.accepts(m));
  }

  /**
   * The next captured object. Async mode: a promise. Blocking mode: the object itself, after the
   * driver's pump delivered it. Fails with WaitTooLong after `timeout` seconds, with StopListening
   * when the listener is (or gets) closed.
   */
  wait(options: WaitOptions = {}): Returned<Mode, Payload> {
    return this.#wait(options) as Returned<Mode, Payload>;
  }

  #wait(options: WaitOptions): Payload | Promise<Payload> {
    if (this.#criteria.length === 0)
      throw new TypeError("The listener captures nothing: call capture() before wait()");
    if (this.#closed) throw new StopListening(undefined, "The listener is closed");
    if (this.#waiter !== undefined) throw new TypeError("Only one wait() at a time per listener");
    const ready = this.take();
    if (ready !== undefined) return ready;
    const { clock, pump } = this.#host;
    this.#host.onWait?.();
    const deadline = options.timeout === undefined ? undefined : clock.now() + options.timeout * 1000;
    if (pump !== undefined) {
      // The object may land in this listener's queue or in the backlog (a busy delegate's queue).
      let got: Payload | undefined;
      pump(() => {
        got ??= this.take();
        return got !== undefined || this.#closed;
      }, deadline);
      got ??= this.take();
      if (got !== undefined) return got;
      if (this.#closed) throw new StopListening(undefined, "The listener is closed");
      throw new WaitTooLong(options.timeout);
    }
    return new Promise<Payload>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, cancelTimer: undefined };
      if (deadline !== undefined) {
        waiter.cancelTimer = clock.setTimer(deadline, () => {
          if (this.#waiter !== waiter) return;
          this.#waiter = undefined;
          reject(new WaitTooLong(options.timeout));
        });
      }
      this.#waiter = waiter;
    });
  }

  /** Stops capturing at once: unregisters, drops what is queued, fails a pending wait with StopListening. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    this.#host.detach?.(this as Listener<CallMode>);
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter !== undefined) {
      waiter.cancelTimer?.();
      waiter.reject(new StopListening(undefined, "The listener is closed"));
    }
  }
}

/** Broadcasts every received object to its listeners (a SpeakerBot's `mic`). */
export class Microphone<Mode extends CallMode = "async"> {
  readonly #listeners = new Set<Listener<CallMode>>();
  readonly #host: ListenerHost;

  /** A microphone whose listeners time their waits on `clock` (and block through `pump`, if given). */
  constructor(clock: TimerClock, pump?: BlockingPump) {
    this.#host = { clock, pump, detach: (l) => this.#listeners.delete(l) };
  }

  /** A new listener registered on this microphone (capture nothing until `capture()` is called). */
  createListener(): Listener<Mode> {
    const listener = new Listener<Mode>(this.#host);
    this.#listeners.add(listener as Listener<CallMode>);
    return listener;
  }

  /** The number of registered (open) listeners. */
  get size(): number {
    return this.#listeners.size;
  }

  /** Offers `msg` to every listener. */
  send(msg: Payload): void {
    for (const listener of this.#listeners) listener.offer(msg);
  }
}
