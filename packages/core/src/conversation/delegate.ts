// The delegation protocol between the engine and a delegate. createOpen, createRun and call are
// built on it, and a user can write a factory of their own against the same two interfaces.
import type { ApiCalls, CallMode } from "../generated/methods.js";
import type { InlineQuery } from "../generated/types.js";
import type { TimerClock } from "./clock.js";
import type { Done } from "./completion.js";
import type { BlockingPump } from "./listener.js";
import type { MaybePromise } from "./maybe.js";
import type { ConversationStates } from "./persistence.js";
import type { ALWAYS, Payload, SeedKey } from "./seeds.js";

/** Where an error reported by the engine came from. */
export interface ErrorSite {
  /** The step that failed: computing a seed, spawning a delegate, or a delegate's own code. */
  readonly phase: "seed" | "spawn" | "delegate" | "close";
  /** The seed of the conversation, when one was computed. */
  readonly seed?: SeedKey | typeof ALWAYS | undefined;
  /** The index of the delegation pair (in the order given to the engine). */
  readonly pair?: number | undefined;
  /** The delegate's name (its handler class), when known. */
  readonly delegate?: string | undefined;
}

/** Reports an error that no caller can catch (a delegate failing, a seed function throwing). */
export type ErrorReporter = (error: unknown, site: ErrorSite) => void;

/** What the engine lends to delegates: time, the blocking pump, error reporting, work tracking. */
export interface Runtime {
  /** The clock for idle timeouts, waits and scheduled events. */
  readonly clock: TimerClock;
  /** Present in blocking mode: how a listener waits (see {@link BlockingPump}). */
  readonly pump: BlockingPump | undefined;
  /** Reports an error to the engine's error reporter. */
  report(error: unknown, site: ErrorSite): void;
  /** Registers asynchronous work, so that {@link Delegator.settled} waits for it. */
  track(work: MaybePromise<unknown>): void;
  /** Blocking mode: whether a newer inline query of the same user is waiting (see AnswererOptions). */
  readonly isSuperseded?: ((query: InlineQuery) => boolean) | undefined;
  /** Where persistent handlers' state is loaded from and saved to (none: state lives in memory). */
  readonly states?: ConversationStates | undefined;
}

/** What a factory receives when the engine spawns a delegate. */
export interface SpawnContext<Mode extends CallMode = "async"> {
  /** The bot (its API methods in the driver's call mode). */
  readonly bot: ApiCalls<Mode>;
  /** The object that caused the spawn: the delegate's first message (see {@link resume}). */
  readonly msg: Payload;
  /**
   * True when the engine spawns the delegate only to resume its saved conversation (see
   * Delegator.resume): `msg` is a message the conversation handled before, given for context
   * (the chat, the sender), not a message to handle again.
   */
  readonly resume?: boolean | undefined;
  /** The seed computed for it. */
  readonly seed: SeedKey | typeof ALWAYS;
  /** Time, pump, reporting. */
  readonly runtime: Runtime;
  /** The index of the pair in the engine's list (for error reports). */
  readonly pair: number;
  /**
   * For a delegate that {@link Delegate.reportsDone}: call it once `msg` is processed (see
   * {@link Delegate.reportsDone} for what counts). Ignored otherwise; extra calls do nothing.
   */
  readonly done?: Done;
  /**
   * To be called exactly once, when the delegate has ended. `leftovers` are objects it accepted
   * but did not handle: the engine hands them, in order, to a fresh delegate for the same seed.
   * `dones[i]`, when given, is the done callback that came with `leftovers[i]`: the engine calls it
   * once the fresh delegate has processed the object (so the feed that brought it keeps waiting).
   */
  ended(leftovers?: readonly Payload[], dones?: readonly Done[]): void;
}

/** A live delegate, as the engine sees it. */
export interface Delegate {
  /**
   * Offers a later object for this delegate's seed. Returns false when the delegate can no longer
   * take objects (it ended): the engine then spawns a fresh delegate with it (and `done` with it).
   * A delegate that {@link reportsDone} calls `done` once it has processed an object it took.
   */
  accept(msg: Payload, done?: Done): boolean;
  /**
   * True when the delegate tells the engine when each object is processed: it calls the `done`
   * given with the object (`accept`'s second argument; `ctx.done` for the first one). An object
   * counts as processed when the delegate dropped it, or the step that took it from the queue
   * returned or threw, or a listener wait returned it, or the delegate started waiting on its
   * listener for a later object, or the delegate ended (objects it gives back as leftovers pass
   * their done on). Without it, an object counts as processed once `accept` (or `start`) returns.
   * {@link Delegator.feed} settles when every delegate that received the object has processed it.
   */
  readonly reportsDone?: boolean;
  /**
   * Called once, right after the engine recorded the delegate for its seed: the delegate handles
   * its first message (`ctx.msg`) from here, so objects fed meanwhile (a blocking wait pumping
   * updates) already find it. A delegate without `start` must have started in its factory.
   */
  start?(): void;
  /** Asks the delegate to end (a shutdown); it calls `ctx.ended` when it has. Optional. */
  close?(reason: unknown): void;
  /**
   * Like {@link close}, for a shutdown of the bot: a delegate with saved state keeps it, so the
   * next process resumes the conversation. Optional; the engine calls `close` without it.
   */
  shutdown?(reason: unknown): void;
}

/**
 * Makes a delegate for a spawning object; it must handle `ctx.msg` (in `start`). Returning nothing
 * means a fire-and-forget delegate: nothing is recorded for the seed.
 */
export type DelegateFactory<Mode extends CallMode = "async"> = (
  ctx: SpawnContext<Mode>,
) => Delegate | undefined;

/** A seed function paired with the factory of the delegates it seeds. */
export type DelegationPair<Mode extends CallMode = "async"> = readonly [
  seed: (msg: Payload) => SeedKey | typeof ALWAYS | null,
  factory: DelegateFactory<Mode>,
];
