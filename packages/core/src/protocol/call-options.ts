// The per-call options every Bot API call takes as its last argument, in each driver's flavour.
import type { CallMode } from "../generated/methods.js";

/** Options of one call of the async Bot (the last argument of every method, and of `bot.call`). */
export interface CallOptions extends BlockingCallOptions {
  /** Aborts the call (also while it waits to retry or for its flood-control slot). */
  readonly signal?: AbortSignal;
}

/** Options of one call of the blocking Bot: no signal, as nothing can abort while this thread waits. */
export interface BlockingCallOptions {
  /** Milliseconds to wait for the reply, replacing the bot's timeoutMs for this call. */
  readonly timeoutMs?: number;
  /** @deprecated Renamed timeoutMs (the same milliseconds); this name goes in the next major version. */
  readonly timeout?: number;
}

/** A call's own reply timeout in milliseconds, by its new name or its deprecated one (undefined: the bot's). */
export function callTimeoutMs(options: BlockingCallOptions): number | undefined {
  return options.timeoutMs ?? options.timeout;
}

/** The per-call options of a driver. */
export type CallOptionsFor<Mode extends CallMode> = Mode extends "blocking"
  ? BlockingCallOptions
  : CallOptions;
