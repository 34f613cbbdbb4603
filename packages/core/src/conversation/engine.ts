// The delegation engine (telepot's DelegatorBot.handle, minus the threads): for every received
// object, each pair computes a seed; the live delegate for that seed gets the object, or a new one
// is spawned. Live delegates sit in one Map per pair and leave it when they end, so nothing leaks.
import { StopListening } from "../errors.js";
import type { ApiCalls, CallMode } from "../generated/methods.js";
import type { InlineQuery } from "../generated/types.js";
import { systemTimerClock, type TimerClock } from "./clock.js";
import type { Delegate, DelegationPair, ErrorReporter, Runtime } from "./delegate.js";
import type { BlockingPump } from "./listener.js";
import { isPromiseLike, type MaybePromise } from "./maybe.js";
import { ALWAYS, describeSeed, keyOf, type Payload, type Seed, type SeedKey } from "./seeds.js";

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
}

/** The default error reporter: one line naming the conversation, then the error. */
export const logError: ErrorReporter = (error, site) => {
  const who = site.delegate ?? "delegate";
  const seed = site.seed === undefined ? "" : ` for seed ${describeSeed(site.seed as Seed)}`;
  console.error(`telepot: ${who}${seed} failed (${site.phase}):`, error);
};

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
   * Returns once it is queued; async handlers go on in the background (see {@link settled}).
   */
  feed(msg: Payload): void {
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
      this.#route(i, state, seed, msg);
    }
  }

  /**
   * Asks every live delegate to end (a StopListening reason by default: a normal end, not an
   * error), e.g. before shutting down; await {@link settled} for their onClose to finish.
   */
  closeAll(reason: unknown = new StopListening(undefined, "The bot is shutting down")): void {
    for (const state of this.#pairs) {
      for (const delegate of [...state.live.values()]) delegate.close?.(reason);
    }
  }

  /** Resolves when no delegate has asynchronous work in flight (for tests and graceful stops). */
  settled(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#settledWaiters.push(resolve));
  }

  #route(index: number, state: PairState<Mode>, seed: SeedKey | typeof ALWAYS, msg: Payload): void {
    if (seed === ALWAYS) {
      this.#spawn(index, state, seed, undefined, msg);
      return;
    }
    const key = keyOf(seed);
    const live = state.live.get(key);
    if (live?.accept(msg)) return;
    if (live !== undefined) state.live.delete(key);
    this.#spawn(index, state, seed, key, msg);
  }

  #spawn(
    index: number,
    state: PairState<Mode>,
    seed: SeedKey | typeof ALWAYS,
    key: string | number | undefined,
    msg: Payload,
  ): void {
    let delegate: Delegate | undefined;
    let finished = false;
    const ended = (leftovers: readonly Payload[] = []) => {
      if (finished) return;
      finished = true;
      if (key !== undefined && delegate !== undefined && state.live.get(key) === delegate)
        state.live.delete(key);
      for (const left of leftovers) this.#route(index, state, seed, left);
    };
    try {
      delegate = state.pair[1]({ bot: this.#bot, msg, seed, runtime: this.#runtime, pair: index, ended });
      // Recorded before it starts: a reentrant feed (a blocking wait pumping updates) must find it.
      if (key !== undefined && delegate !== undefined && !finished) state.live.set(key, delegate);
      delegate?.start?.();
    } catch (error) {
      if (key !== undefined && delegate !== undefined && state.live.get(key) === delegate)
        state.live.delete(key);
      this.#runtime.report(error, { phase: "spawn", seed, pair: index });
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
