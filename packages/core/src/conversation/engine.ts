// The delegation engine (telepot's DelegatorBot.handle, minus the threads): for every received
// object, each pair computes a seed; the live delegate for that seed gets the object, or a new one
// is spawned. Live delegates sit in one Map per pair and leave it when they end, so nothing leaks.
import { StopListening } from "../errors.js";
import type { ApiCalls, CallMode } from "../generated/methods.js";
import type { InlineQuery } from "../generated/types.js";
import { systemTimerClock, type TimerClock } from "./clock.js";
import { Completion, type Done, NOT_TRACKED } from "./completion.js";
import type { Delegate, DelegationPair, ErrorReporter, Runtime } from "./delegate.js";
import type { BlockingPump } from "./listener.js";
import { logError } from "./log-error.js";
import { isPromiseLike, type MaybePromise } from "./maybe.js";
import type { ConversationStates } from "./persistence.js";
import { ALWAYS, keyOf, type Payload, type Seed, type SeedKey } from "./seeds.js";

/** Options of the {@link Delegator} engine. */
export interface DelegatorOptions {
  /** Time source for idle timeouts, waits and scheduled events (default: {@link systemTimerClock}). */
  readonly clock?: TimerClock;
  /** Blocking mode only: how a listener waits for the next update (see {@link BlockingPump}). */
  readonly pump?: BlockingPump;
  /** Where delegate failures go (default: console.error with the seed and delegate name). */
  readonly onError?: ErrorReporter;
  /** Blocking mode only: lets Answerers skip superseded inline queries (see AnswererOptions). */
  readonly isSuperseded?: (query: InlineQuery) => boolean;
  /** Where persistent handlers keep their state (see {@link Persistent}); default: nowhere. */
  readonly states?: ConversationStates;
}

interface PairState<Mode extends CallMode> {
  readonly pair: DelegationPair<Mode>;
  readonly live: Map<string | number, Delegate>;
}

/** Drives conversations: feed it every received object; it spawns and feeds delegates. */
export class Delegator<Mode extends CallMode = "async"> {
  readonly #bot: ApiCalls<Mode>;
  readonly #pairs: PairState<Mode>[];
  readonly #runtime: Runtime;
  #inFlight = 0;
  #settledWaiters: (() => void)[] = [];

  /** An engine for `bot` with the given `[seedFunction, factory]` pairs. */
  constructor(bot: ApiCalls<Mode>, pairs: readonly DelegationPair<Mode>[], options: DelegatorOptions = {}) {
    this.#bot = bot;
    this.#pairs = pairs.map((pair) => ({ pair, live: new Map() }));
    const onError = options.onError ?? logError;
    this.#runtime = {
      clock: options.clock ?? systemTimerClock,
      pump: options.pump,
      report: (error, site) => {
        try {
          onError(error, site);
        } catch {
          // A failing reporter must not take the engine down with it.
        }
      },
      track: (work) => this.#track(work),
      isSuperseded: options.isSuperseded,
      states: options.states,
    };
  }

  /** The runtime lent to delegates (clock, pump, reporting). */
  get runtime(): Runtime {
    return this.#runtime;
  }

  /** The number of live (recorded) delegates, over all pairs. */
  get size(): number {
    let n = 0;
    for (const p of this.#pairs) n += p.live.size;
    return n;
  }

  /** Whether a live delegate holds `seed` in pair `pair` (0-based). */
  has(pair: number, seed: SeedKey): boolean {
    return this.#pairs[pair]?.live.has(keyOf(seed)) ?? false;
  }

  /**
   * Routes one received object (the inner object of an update, or an event) to every pair.
   * Returns undefined when every delegate that received it has already processed it (always so
   * for synchronous handlers), else a promise that resolves once they all have: a driver confirms
   * the update then. What "processed" means is defined at {@link Delegate.reportsDone}; in short,
   * the handler step that took it returned or threw, or it waits on its listener for a later
   * object, or the delegate dropped it or ended. The promise never rejects (failures are reported).
   */
  feed(msg: Payload): MaybePromise<void> {
    const completion = new Completion();
    for (let i = 0; i < this.#pairs.length; i++) {
      const state = this.#pairs[i] as PairState<Mode>;
      let seed: Seed;
      try {
        seed = state.pair[0](msg);
      } catch (error) {
        this.#runtime.report(error, { phase: "seed", pair: i });
        continue;
      }
      if (seed === null || seed === undefined) continue;
      this.#route(i, state, seed, msg, completion.hold());
    }
    return completion.seal();
  }

  /**
   * Spawns the delegate of pair `pair` (0-based) for the seed of `msg`, only to resume its saved
   * conversation (see `SpawnContext.resume`): `msg` is not handled again. A persistent
   * conversation loads its state, and one past its idle deadline runs onIdle and onClose; e.g. a
   * worker whose store says a conversation went idle. Nothing happens when a delegate is live for
   * the seed, or the pair gives `msg` no seed. Await {@link settled} for it to finish.
   */
  resume(pair: number, msg: Payload): void {
    const state = this.#pairs[pair];
    if (state === undefined) throw new RangeError(`no delegation pair ${pair}`);
    let seed: Seed;
    try {
      seed = state.pair[0](msg);
    } catch (error) {
      this.#runtime.report(error, { phase: "seed", pair });
      return;
    }
    if (seed === null || seed === undefined || seed === ALWAYS) return;
    const key = keyOf(seed);
    if (state.live.has(key)) return;
    this.#spawn(pair, state, seed, key, msg, NOT_TRACKED, true);
  }

  /**
   * Asks every live delegate to end (a StopListening reason by default: a normal end, not an
   * error), e.g. before shutting down; await {@link settled} for their onClose to finish. Saved
   * conversation state is kept: a persistent conversation goes on after the restart.
   */
  closeAll(reason: unknown = new StopListening(undefined, "The bot is shutting down")): void {
    for (const state of this.#pairs) {
      for (const delegate of [...state.live.values()]) {
        if (delegate.shutdown !== undefined) delegate.shutdown(reason);
        else delegate.close?.(reason);
      }
    }
  }

  /** Resolves when no delegate has asynchronous work in flight (for tests and graceful stops). */
  settled(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#settledWaiters.push(resolve));
  }

  #route(
    index: number,
    state: PairState<Mode>,
    seed: SeedKey | typeof ALWAYS,
    msg: Payload,
    done: Done,
  ): void {
    if (seed === ALWAYS) {
      this.#spawn(index, state, seed, undefined, msg, done);
      return;
    }
    const key = keyOf(seed);
    const live = state.live.get(key);
    if (live !== undefined) {
      let taken: boolean;
      try {
        taken = live.accept(msg, done);
      } catch (error) {
        // A user delegate's accept failed: the object is lost to it, but not the engine.
        this.#runtime.report(error, { phase: "delegate", seed, pair: index });
        done();
        return;
      }
      if (taken) {
        if (live.reportsDone !== true) done();
        return;
      }
      state.live.delete(key);
    }
    this.#spawn(index, state, seed, key, msg, done);
  }

  #spawn(
    index: number,
    state: PairState<Mode>,
    seed: SeedKey | typeof ALWAYS,
    key: string | number | undefined,
    msg: Payload,
    done: Done,
    resume = false,
  ): void {
    let delegate: Delegate | undefined;
    let finished = false;
    const ended = (leftovers: readonly Payload[] = [], dones: readonly Done[] = []) => {
      if (finished) return;
      finished = true;
      if (key !== undefined && delegate !== undefined && state.live.get(key) === delegate)
        state.live.delete(key);
      leftovers.forEach((left, i) => {
        this.#route(index, state, seed, left, dones[i] ?? NOT_TRACKED);
      });
    };
    try {
      delegate = state.pair[1]({
        bot: this.#bot,
        msg,
        seed,
        runtime: this.#runtime,
        pair: index,
        done,
        ended,
        ...(resume ? { resume } : {}),
      });
      // Recorded before it starts: a reentrant feed (a blocking wait pumping updates) must find it.
      if (key !== undefined && delegate !== undefined && !finished) state.live.set(key, delegate);
      delegate?.start?.();
      if (delegate?.reportsDone !== true) done();
    } catch (error) {
      if (key !== undefined && delegate !== undefined && state.live.get(key) === delegate)
        state.live.delete(key);
      this.#runtime.report(error, { phase: "spawn", seed, pair: index });
      done();
    }
  }

  #track(work: MaybePromise<unknown>): void {
    if (!isPromiseLike(work)) return;
    this.#inFlight++;
    const done = () => {
      if (--this.#inFlight === 0) {
        const waiters = this.#settledWaiters;
        this.#settledWaiters = [];
        for (const w of waiters) w();
      }
    };
    work.then(done, done);
  }
}
