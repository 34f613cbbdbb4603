// When to repeat a failed request, shared by both drivers. The rule that matters: a request that
// may have reached Telegram is repeated only if repeating it cannot duplicate anything (a second
// `sendMessage` would send a second message), unless the user explicitly accepts that risk.
import { BadHTTPResponse, NetworkError, TelegramError, TooManyRequestsError } from "../errors.js";
import { isSafeToRepeat } from "./traits.js";

/** Waits that double after each failure, up to a longest one: the one shape of every backoff option. */
export interface BackoffOptions {
  /** The first wait after a failure, in milliseconds; each further failure doubles it. */
  readonly firstMs?: number;
  /** The longest single wait, in milliseconds. */
  readonly maxMs?: number;
}

/** How a bot retries failed requests. */
export interface RetryOptions {
  /** The longest total time one call may spend waiting out 429 flood limits, in ms (default 60 000; 0: never wait). */
  readonly maxFloodWaitMs?: number;
  /** How many times one call is repeated after network faults or 5xx replies (default 3; 0: never). */
  readonly maxRetries?: number;
  /** The backoff between repeats after faults (default: first 500 ms, at most 10 000 ms). */
  readonly backoff?: BackoffOptions;
  /**
   * Also repeat methods that create something (send*, forward*, copy*, create*, ...) after a fault
   * that may have reached Telegram. This can duplicate messages; off by default.
   */
  readonly retryUnsafe?: boolean;
  /** @deprecated Renamed maxFloodWaitMs (the same milliseconds); this name goes in the next major version. */
  readonly maxFloodWait?: number;
  /** @deprecated Use `backoff: { firstMs }` (the same milliseconds); this name goes in the next major version. */
  readonly backoffBase?: number;
  /** @deprecated Use `backoff: { maxMs }` (the same milliseconds); this name goes in the next major version. */
  readonly backoffMax?: number;
}

/** {@link RetryOptions} with every default filled in, as the retry rule reads them. All durations in milliseconds. */
export interface ResolvedRetryOptions {
  /** See {@link RetryOptions.maxFloodWaitMs}. */
  readonly maxFloodWait: number;
  /** See {@link RetryOptions.maxRetries}. */
  readonly maxRetries: number;
  /** See {@link BackoffOptions.firstMs}. */
  readonly backoffBase: number;
  /** See {@link BackoffOptions.maxMs}. */
  readonly backoffMax: number;
  /** See {@link RetryOptions.retryUnsafe}. */
  readonly retryUnsafe: boolean;
}

/** The defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: ResolvedRetryOptions = {
  maxFloodWait: 60_000,
  maxRetries: 3,
  backoffBase: 500,
  backoffMax: 10_000,
  retryUnsafe: false,
};

// The public name of each resolved field, for error messages.
const OPTION_NAMES = {
  maxFloodWait: "maxFloodWaitMs",
  maxRetries: "maxRetries",
  backoffBase: "backoff.firstMs",
  backoffMax: "backoff.maxMs",
} as const;

/** Fills in the defaults; `false` turns every retry off. */
export function resolveRetryOptions(options: RetryOptions | false | undefined): ResolvedRetryOptions {
  if (options === false) return { ...DEFAULT_RETRY, maxFloodWait: 0, maxRetries: 0 };
  const resolved: ResolvedRetryOptions = {
    maxFloodWait: options?.maxFloodWaitMs ?? options?.maxFloodWait ?? DEFAULT_RETRY.maxFloodWait,
    maxRetries: options?.maxRetries ?? DEFAULT_RETRY.maxRetries,
    backoffBase: options?.backoff?.firstMs ?? options?.backoffBase ?? DEFAULT_RETRY.backoffBase,
    backoffMax: options?.backoff?.maxMs ?? options?.backoffMax ?? DEFAULT_RETRY.backoffMax,
    retryUnsafe: options?.retryUnsafe ?? DEFAULT_RETRY.retryUnsafe,
  };
  for (const key of ["maxFloodWait", "maxRetries", "backoffBase", "backoffMax"] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`retry.${OPTION_NAMES[key]} must be a number >= 0`);
  }
  return resolved;
}

/** What a call has spent on retries so far. */
export interface RetryTally {
  /** Repeats after faults so far. */
  readonly faults: number;
  /** Milliseconds spent waiting out flood limits so far. */
  readonly floodWaited: number;
}

/** A decision to repeat a request. */
export interface RetryDecision {
  /** Milliseconds to wait before repeating. */
  readonly delay: number;
  /** Whether the wait is for a flood limit (counts against maxFloodWait) or after a fault (counts against maxRetries). */
  readonly reason: "flood" | "fault";
}

/** Facts about the failed request that the decision needs. */
export interface FailedRequest {
  /** The Bot API method. */
  readonly method: string;
  /** Whether the request can be sent again (false when it streamed a one-shot upload). */
  readonly replayable: boolean;
}

/**
 * A retry policy: whether and when to repeat a request that failed with `error` (the redacted
 * error of the last attempt), given what the call has spent so far; undefined means give up and
 * throw it. A decision with reason "flood" also pauses flood control's sends for its delay.
 */
export type RetryPolicy = (
  error: unknown,
  request: FailedRequest,
  tally: RetryTally,
) => RetryDecision | undefined;

/** The policy `BotOptions.retry` asks for: a function as it is, else the built-in rule with these numbers. */
export function retryPolicy(options: RetryOptions | RetryPolicy | false | undefined): RetryPolicy {
  if (typeof options === "function") return options;
  const resolved = resolveRetryOptions(options);
  return (error, request, tally) => retryDecision(error, request, tally, resolved);
}

/** Whether and when to repeat a request that failed with `error`; undefined means give up and throw it. */
export function retryDecision(
  error: unknown,
  request: FailedRequest,
  tally: RetryTally,
  options: ResolvedRetryOptions,
): RetryDecision | undefined {
  if (!request.replayable) return undefined;
  if (error instanceof TooManyRequestsError) {
    // Telegram refused without acting, so any method may be repeated; only the wait is bounded.
    const seconds = error.retryAfter;
    const delay = seconds === undefined ? backoff(tally.faults, options) : seconds * 1000;
    if (tally.floodWaited + delay > options.maxFloodWait) return undefined;
    return { delay, reason: "flood" };
  }
  const reached = mayHaveReached(error);
  if (reached === undefined) return undefined;
  if (tally.faults >= options.maxRetries) return undefined;
  if (reached && !options.retryUnsafe && !isSafeToRepeat(request.method)) return undefined;
  return { delay: backoff(tally.faults, options), reason: "fault" };
}

/** The backoff before the (faults + 1)-th repeat: base * 2^faults, capped. */
export function backoff(faults: number, options: ResolvedRetryOptions): number {
  return Math.min(options.backoffMax, options.backoffBase * 2 ** faults);
}

/**
 * Whether a failed request may have reached Telegram: true (a network fault after sending, a 5xx),
 * false (it surely did not), undefined (not a transient fault: a refusal, a bad request).
 */
export function mayHaveReached(error: unknown): boolean | undefined {
  if (error instanceof NetworkError) return error.kind === "aborted" ? undefined : error.mayHaveReachedServer;
  if (error instanceof TelegramError) return (error.errorCode ?? 0) >= 500 ? true : undefined;
  if (error instanceof BadHTTPResponse) return error.status >= 500 ? true : undefined;
  return undefined;
}
