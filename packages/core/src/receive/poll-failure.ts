// What a polling loop does when getUpdates fails: some failures can only repeat forever (a wrong
// token, another instance polling), so the loop stops with a clear error; the rest are waited
// out with an exponential backoff.

import { BadHTTPResponse, TelegramError, TelepotError, TooManyRequestsError } from "../errors.js";
import { backoff, type ResolvedRetryOptions } from "../protocol/retry.js";

/** Why a polling loop stopped on its own. */
export type PollingStopReason = "conflict" | "unauthorized" | "not-found" | "refused";

/** The polling loop met a failure that repeating cannot fix, and stopped. `cause` is the failure. */
export class PollingStopped extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.PollingStopped";
  /** What kind of failure stopped the loop. */
  readonly reason: PollingStopReason;

  constructor(reason: PollingStopReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/** Backoff of a polling loop after a failure: 0.5 s doubling up to 30 s (an outage is waited out). */
export const POLL_BACKOFF: Pick<ResolvedRetryOptions, "backoffBase" | "backoffMax"> = {
  backoffBase: 500,
  backoffMax: 30_000,
};

/** The verdict on a failed getUpdates: stop with an error, or retry after `retryAfter` ms. */
export type PollVerdict =
  | {
      /** The error to stop the polling loop with. */
      readonly stop: PollingStopped;
    }
  | {
      /** Milliseconds to wait before the next getUpdates. */
      readonly retryAfter: number;
    };

function statusOf(error: unknown): number | undefined {
  if (error instanceof TelegramError) return error.errorCode;
  if (error instanceof BadHTTPResponse) return error.status;
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === "number" ? code : undefined;
}

/**
 * Decides what to do about a failed getUpdates; `attempt` counts consecutive failures (1 for the
 * first) and `delays` gives the backoff (see POLL_BACKOFF). 401 (token rejected), 404 (malformed token or wrong apiRoot), 409 (another getUpdates or
 * a webhook) and other 4xx refusals except 429 stop the loop; 429 waits `retry_after`; network
 * faults, 5xx and anything else back off.
 */
export function judgePollFailure(error: unknown, attempt: number, delays: ResolvedRetryOptions): PollVerdict {
  const status = statusOf(error);
  if (status === 409) {
    return stop(
      "conflict",
      "getUpdates was refused with 409 Conflict: another process is polling with this bot token, or a " +
        "webhook is set (remove it with deleteWebhook first). Polling stopped.",
      error,
    );
  }
  if (status === 401) {
    return stop(
      "unauthorized",
      "getUpdates was refused with 401 Unauthorized: the bot token is wrong or was revoked. Polling stopped.",
      error,
    );
  }
  if (status === 404) {
    return stop(
      "not-found",
      "getUpdates answered 404 Not Found: the bot token is malformed or the apiRoot is wrong. Polling stopped.",
      error,
    );
  }
  if (error instanceof TooManyRequestsError || status === 429) {
    const seconds = (error as { parameters?: { retry_after?: unknown } }).parameters?.retry_after;
    return { retryAfter: typeof seconds === "number" ? seconds * 1000 : backoff(attempt - 1, delays) };
  }
  if (error instanceof TelegramError && status !== undefined && status >= 400 && status < 500) {
    return stop(
      "refused",
      `getUpdates was refused: ${error.description} (${status}). Polling stopped.`,
      error,
    );
  }
  return { retryAfter: backoff(attempt - 1, delays) };
}

function stop(reason: PollingStopReason, message: string, cause: unknown): PollVerdict {
  return { stop: new PollingStopped(reason, message, { cause }) };
}
