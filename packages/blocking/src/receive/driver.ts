// The calling thread's half of a blocking message loop. The worker runs the async messageLoop and
// parks updates in its Relay; this driver pulls them one at a time and runs the handler here:
// - notifyOnMessage(handle): returns at once; the worker says "ready" and the updates are pulled
//   and handled while this thread is idle (between REPL commands, or in a script's event loop);
// - runForever: blocks, pulling and handling updates in straight-line code until stopped;
// - pump(ready, deadline): a blocking listener.wait() handles later updates until its own arrives.
// Every wait is bounded by the nearest conversation timer, which fires on time in between.
// The worker says "ready" once per pull, and that event may come just after it answered a pull
// with "idle" (an update parked in between): a pull that takes such an event with it must be
// followed by another one, or that update waits, unseen, until something else makes this thread pull.
import { logError, type UpdateContext, type UpdateHandler, type UpdateSource } from "@telepot/async";
import { type Update, unwrapUpdate } from "@telepot/core";
import { reportFatalLoopEnd } from "@telepot/core/internal";
import { SyncTimeoutError, WorkerCrashedError } from "../sync/channel.js";
import type { WireError } from "../sync/protocol.js";
import type { NextResult, RelayEvent, WireLoopOptions } from "../worker/relay.js";
import type { LiveClock } from "./live-clock.js";

/** The worker operations the driver uses (implemented by the Bot over its SyncWorker). */
export interface LoopChannel {
  /** Runs a loop op in the worker and returns its result; waits at most about `waitMs` for `next`. */
  op<T>(op: "loopStart" | "next" | "peek" | "loopStop" | "push", payload: unknown, waitMs?: number): T;
  /** Keeps the process alive while a loop runs in notify mode. */
  holdOpen(hold: boolean): void;
  /**
   * Handles the worker's waiting log lines and loop errors now (this thread is busy pulling).
   * Returns whether a "ready" or "ended" was among the events taken: the worker may then hold
   * an update (or an end) that the pull just answered did not see.
   */
  flushEvents(): boolean;
  /** Rebuilds an error from the worker. */
  revive(error: WireError): Error;
}

/** Where handler errors and loop problems go. */
export type LoopErrorHandler = (error: unknown, context?: UpdateContext) => void;

interface LoopState {
  readonly handler: UpdateHandler;
  readonly onError: LoopErrorHandler;
  readonly wire: WireLoopOptions;
  readonly source: UpdateSource | undefined;
  readonly signal: AbortSignal | undefined;
  readonly sink: (update: Update) => void;
  stopping: boolean;
  ended: boolean;
  fatal: Error | undefined;
  restarts: number[];
  needsRestart: boolean;
}

// The longest single wait for the next update: waits are repeated, so a stop from another thread
// (a signal) or a crashed worker is noticed within this time.
const MAX_WAIT = 10_000;
// A crashing worker is restarted with its loop at most this often.
const MAX_RESTARTS = 3;
const RESTART_WINDOW = 60_000;

/** Pulls updates from the worker and runs the handler on this thread. */
export class LoopDriver {
  readonly #channel: LoopChannel;
  readonly #clock: LiveClock;
  #loop: LoopState | undefined;
  // How many of this driver's pulling loops (runForever, stop, pump, a drain) run on this thread
  // now: inside one, a "ready" needs no drain of its own (and must not start a nested one).
  #depth = 0;
  // A "ready" (or "ended") came since the last pull began: pull again before going idle.
  #readySeen = false;
  #sleeper: Int32Array | undefined;

  constructor(channel: LoopChannel, clock: LiveClock) {
    this.#channel = channel;
    this.#clock = clock;
  }

  /** Whether a loop is running. */
  get running(): boolean {
    return this.#loop !== undefined && !this.#loop.ended;
  }

  /** Starts a loop in the worker (polling, or fed from `source`). */
  start(
    handler: UpdateHandler,
    wire: WireLoopOptions,
    extras: { onError?: LoopErrorHandler; source?: UpdateSource; signal?: AbortSignal },
  ): void {
    if (this.running) throw new TypeError("A message loop is already running for this bot; stop it first");
    const state: LoopState = {
      handler,
      onError: extras.onError ?? logError,
      wire: { ...wire, source: extras.source !== undefined },
      source: extras.source,
      signal: extras.signal,
      sink: (update) => this.#forward(state, update),
      stopping: false,
      ended: false,
      fatal: undefined,
      restarts: [],
      needsRestart: false,
    };
    this.#channel.op("loopStart", { options: state.wire });
    this.#loop = state;
    state.source?.attach(state.sink);
    this.#channel.holdOpen(true);
    // Aborting asks the worker to stop at once; the updates it already fetched are still pulled
    // and handled (by runForever, or as events while this thread is idle), then the loop ends.
    state.signal?.addEventListener("abort", () => this.#checkSignal(state), { once: true });
    this.#checkSignal(state);
  }

  /**
   * Handles updates here until the loop ends (a stop, the signal, or a fatal error, which is
   * thrown). The handler's own waits (listener.wait) pump the same loop.
   */
  runForever(): void {
    this.#enter();
    try {
      for (;;) {
        const state = this.#loop;
        if (state === undefined || state.ended) break;
        this.#checkSignal(state);
        const result = this.#pull(this.#waitBound(undefined));
        if (result?.type === "update") this.#dispatch(result.update);
      }
    } finally {
      this.#leave();
    }
    const fatal = this.#takeFatal();
    if (fatal !== undefined) throw fatal;
  }

  /**
   * Stops the loop gracefully: no new updates are fetched, the ones already fetched are still
   * handled here (so this blocks until the worker's loop has finished), then offsets are confirmed.
   */
  stop(): void {
    const state = this.#loop;
    if (state === undefined || state.ended) return;
    this.#requestStop(state);
    this.#enter();
    try {
      while (this.#loop === state && !state.ended) {
        const result = this.#pull(this.#waitBound(undefined));
        if (result?.type === "update") this.#dispatch(result.update);
      }
    } finally {
      this.#leave();
    }
    const fatal = this.#takeFatal();
    // Nobody can catch it here (notify mode): reported, and the process will end non-zero.
    if (fatal !== undefined) reportFatalLoopEnd(fatal, state.onError);
  }

  /**
   * A blocking wait (listener.wait): handles updates and fires timers until `ready()` holds or
   * the time reaches `deadline`. Without a running loop only timers can make it ready.
   */
  pump(ready: () => boolean, deadline: number | undefined): void {
    this.#enter();
    try {
      this.#pumpUntil(ready, deadline);
    } finally {
      this.#leave();
    }
  }

  #pumpUntil(ready: () => boolean, deadline: number | undefined): void {
    for (;;) {
      this.#clock.fireDue();
      if (ready()) return;
      const now = Date.now();
      if (deadline !== undefined && now >= deadline) return;
      if (!this.running) {
        if (deadline === undefined && this.#clock.nextAt() === undefined) {
          throw new TypeError(
            "Nothing can arrive while waiting: start a message loop (bot.notifyOnMessage) before listener.wait()",
          );
        }
        this.#sleep(this.#waitBound(deadline));
        continue;
      }
      const result = this.#pull(this.#waitBound(deadline));
      if (result?.type === "update") this.#dispatch(result.update);
    }
  }

  /** The waiting updates' inline queries: whether `userId` has one (a newer query). */
  hasWaitingInlineQuery(userId: number): boolean {
    if (!this.running) return false;
    let waiting: Update[];
    try {
      waiting = this.#channel.op<Update[]>("peek", {});
    } catch {
      return false;
    }
    return waiting.some((u) => u.inline_query?.from.id === userId);
  }

  /** Handles an event from the worker (this thread is idle). */
  onEvent(event: RelayEvent): void {
    const state = this.#loop;
    if (event.type === "log") return;
    if (event.type === "error") {
      state?.onError(this.#channel.revive(event.error));
      return;
    }
    // "ready" or "ended": pull what there is, unless a pulling loop is already under way (it
    // pulls again anyway; a drain nested in one of its handlers would break the updates' order).
    this.#readySeen = true;
    if (state === undefined || this.#depth > 0) return;
    this.#enter();
    try {
      for (;;) {
        const result = this.#pull(0);
        if (result?.type === "update") this.#dispatch(result.update);
        else if (!this.#readySeen || !this.running) break;
      }
    } finally {
      this.#leave();
    }
    const fatal = this.#takeFatal();
    // Nobody can catch it here (notify mode): reported, and the process will end non-zero.
    if (fatal !== undefined) reportFatalLoopEnd(fatal, state.onError);
  }

  /** The worker was lost (crash or deadline): restart its loop, unless it keeps crashing. */
  onLost(): void {
    const state = this.#loop;
    if (state === undefined || state.ended) return;
    // A stopping loop is not restarted: what it had not confirmed comes again to the next loop.
    if (state.stopping) {
      this.#end(state, undefined);
      return;
    }
    const now = Date.now();
    state.restarts = state.restarts.filter((t) => now - t < RESTART_WINDOW);
    if (state.restarts.length >= MAX_RESTARTS) {
      this.#end(
        state,
        new WorkerCrashedError("The worker running the message loop kept failing; the loop ended"),
      );
      return;
    }
    state.restarts.push(now);
    state.needsRestart = true;
    // Restarted from the event loop (this may run inside the failed call's stack), or by the
    // next pull, whichever comes first.
    setImmediate(() => this.#restart(state));
  }

  // One `next` op; handles the loop's end and a lost worker. Undefined when nothing came.
  #pull(waitMs: number): NextResult | undefined {
    const state = this.#loop;
    if (state === undefined) return undefined;
    let result: NextResult;
    // Events taken before this pull are answered by it; those it takes with it may not be.
    this.#readySeen = false;
    try {
      result = this.#channel.op<NextResult>("next", { timeout: waitMs }, waitMs);
    } catch (error) {
      if (!(error instanceof WorkerCrashedError || error instanceof SyncTimeoutError)) throw error;
      // onLost has counted the loss; the loop restarts in a fresh worker at once.
      this.#restart(state);
      return undefined;
    }
    if (this.#channel.flushEvents()) this.#readySeen = true;
    if (result.type === "ended") {
      this.#end(state, result.error === undefined ? undefined : this.#channel.revive(result.error));
      return undefined;
    }
    if (result.type === "idle") this.#clock.fireDue();
    return result;
  }

  #enter(): void {
    this.#depth++;
  }

  // Leaving the outermost pulling loop with a "ready" unanswered (a pump that returned as soon as
  // its own update came): the updates it announced are pulled once this thread is idle.
  #leave(): void {
    if (--this.#depth > 0 || !this.#readySeen || !this.running) return;
    setImmediate(() => {
      if (this.#depth === 0 && this.#readySeen) this.onEvent({ type: "ready" });
    });
  }

  #restart(state: LoopState): void {
    if (this.#loop !== state || state.ended || !state.needsRestart) return;
    state.needsRestart = false;
    try {
      this.#channel.op("loopStart", { options: state.wire });
    } catch (error) {
      this.#end(state, error as Error);
    }
  }

  #end(state: LoopState, fatal: Error | undefined): void {
    if (state.ended) return;
    state.ended = true;
    state.fatal = fatal;
    state.source?.detach(state.sink);
    this.#channel.holdOpen(false);
  }

  #takeFatal(): Error | undefined {
    const state = this.#loop;
    if (state === undefined || !state.ended) return undefined;
    this.#loop = undefined;
    return state.fatal;
  }

  #dispatch(update: Update): void {
    const state = this.#loop;
    if (state === undefined) return;
    const [kind, payload] = unwrapUpdate(update);
    const context = { kind, payload, update } as UpdateContext;
    this.#clock.fireDue();
    try {
      const out = state.handler(context.payload, context);
      // An async handler cannot be waited for here; its failure is still reported.
      if (out instanceof Promise) out.catch((error: unknown) => state.onError(error, context));
    } catch (error) {
      state.onError(error, context);
    }
    this.#checkSignal(state);
  }

  #checkSignal(state: LoopState): void {
    if (state.signal?.aborted) this.#requestStop(state);
  }

  // Tells the worker's loop to stop fetching; the caller goes on pulling until it has ended.
  #requestStop(state: LoopState): void {
    if (state.stopping || state.ended) return;
    state.stopping = true;
    state.source?.detach(state.sink);
    try {
      this.#channel.op("loopStop", {});
    } catch {
      // The worker is gone, and its loop with it: nothing fetched was confirmed.
      this.#end(state, undefined);
    }
  }

  // Webhook updates put into the source on this thread go to the worker's loop.
  #forward(state: LoopState, update: Update): void {
    try {
      this.#channel.op("push", { update });
    } catch (error) {
      state.onError(error);
    }
  }

  // How long the next wait may last: until the deadline, the nearest timer, or MAX_WAIT.
  #waitBound(deadline: number | undefined): number {
    const now = Date.now();
    let until = now + MAX_WAIT;
    const timer = this.#clock.nextAt();
    if (timer !== undefined && timer < until) until = timer;
    if (deadline !== undefined && deadline < until) until = deadline;
    return Math.max(0, Math.ceil(until - now));
  }

  #sleep(ms: number): void {
    this.#sleeper ??= new Int32Array(new SharedArrayBuffer(4));
    if (ms > 0) Atomics.wait(this.#sleeper, 0, 0, ms);
  }
}
