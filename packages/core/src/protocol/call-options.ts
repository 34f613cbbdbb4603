// The per-call options every Bot API call takes as its last argument, in each driver's flavour.
import type { CallMode } from "../generated/methods.js";

/** Options of one call of the async Bot (the last argument of every method, and of `bot.call`). */
export interface CallOptions {
  /** Aborts the call (also while it waits to retry or for its flood-control slot). */
  readonly signal?: AbortSignal;
  /** Milliseconds to wait for the reply, replacing the bot's timeout for this call. */
  readonly timeout?: number;
}

/** Options of one call of the blocking Bot: no signal, as nothing can abort while this thread waits. */
export interface BlockingCallOptions {
  /** Milliseconds to wait for the reply, replacing the bot's timeout for this call. */
  readonly timeout?: number;
}

/** The per-call options of a driver. */
export type CallOptionsFor<Mode extends CallMode> = Mode extends "blocking"
  ? BlockingCallOptions
  : CallOptions;
