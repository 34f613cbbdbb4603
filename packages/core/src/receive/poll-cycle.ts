// The decisions of a polling loop, apart from how it waits: which getUpdates to send next, what a
// batch or a failure means, when to pause, and what a stop must confirm. The async driver awaits
// the calls and the blocking driver waits with Atomics.wait; both follow this one cycle. Pure.

import type { GetUpdatesParams } from "../generated/methods.js";
import type { Update } from "../generated/types.js";
import type { Inbox } from "../inbox/inbox.js";
import { type BackoffOptions, DEFAULT_RETRY, type ResolvedRetryOptions } from "../protocol/retry.js";
import { OffsetTracker } from "./offsets.js";
import { isUpdate, MalformedUpdate } from "./parse.js";
import { judgePollFailure, POLL_BACKOFF, type PollVerdict } from "./poll-failure.js";
import { shouldPoll } from "./poll-plan.js";
import { type StopTimeoutConfig, stopTimeoutMs } from "./stop-timeout.js";

/**
 * The polling options both drivers take (see the async PollingOptions for their meaning). `I`: the
 * kind of inbox (the blocking driver's must answer synchronously, a SyncInbox).
 */
export interface PollConfig<I extends Inbox = Inbox> extends StopTimeoutConfig {
  /** Long-poll timeout in seconds. Default 20. */
  readonly pollTimeoutSeconds?: number | undefined;
  /** @deprecated Renamed pollTimeoutSeconds (the same seconds). */
  readonly timeout?: number | undefined;
  /** Updates per getUpdates call, 1-100. Default 100. */
  readonly limit?: number | undefined;
  /** Update kinds to receive, sent with the first call. */
  readonly allowedUpdates?: readonly string[] | undefined;
  /** The offset to start from. */
  readonly offset?: number | undefined;
  /** When updates are confirmed to Telegram. Default "at-least-once". */
  readonly delivery?: "at-least-once" | "at-most-once" | undefined;
  /** A durable inbox: batches are committed to it and confirmed at once. */
  readonly inbox?: I | undefined;
  /** With an inbox or at-most-once: how many fetched updates may wait before polling pauses. */
  readonly maxBacklog?: number | undefined;
  /** Backoff after a failed getUpdates (`firstMs`, `maxMs`; `base`, `max`: their deprecated names). */
  readonly backoff?:
    | (BackoffOptions & { readonly base?: number | undefined; readonly max?: number | undefined })
    | undefined;
}

/** Polling settings with defaults applied and checked (`I`: the kind of inbox, as in PollConfig). */
export interface PollSettings<I extends Inbox = Inbox> {
  /** Long-poll timeout in seconds. */
  readonly timeoutSeconds: number;
  /** Updates per getUpdates call. */
  readonly limit: number;
  /** Update kinds to receive, if chosen. */
  readonly allowedUpdates: readonly string[] | undefined;
  /** The offset to start from, if given. */
  readonly offset: number | undefined;
  /** The backoff after failures. */
  readonly delays: ResolvedRetryOptions;
  /** How long stopping waits for running handlers, in ms. */
  readonly stopTimeoutMs: number;
  /** Whether updates are confirmed as soon as they are fetched. */
  readonly atMostOnce: boolean;
  /** How many fetched updates may wait for a handler before polling pauses (confirm-on-fetch modes). */
  readonly backlog: number;
  /** The durable inbox, if any: the one place a loop finds it. */
  readonly inbox: I | undefined;
}

/**
 * Checks polling options and fills in defaults; a bad value is a RangeError naming the option.
 * `concurrency`: how many handlers run at once (it sizes the default backlog).
 */
export function pollSettings<I extends Inbox = Inbox>(
  options: PollConfig<I>,
  concurrency: number,
): PollSettings<I> {
  const timeout = options.pollTimeoutSeconds ?? options.timeout ?? 20;
  const limit = options.limit ?? 100;
  if (!(Number.isFinite(timeout) && timeout >= 0))
    throw new RangeError(`pollTimeoutSeconds must be >= 0, got ${timeout}`);
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 100)) {
    throw new RangeError(`limit must be an integer from 1 to 100, got ${limit}`);
  }
  if (options.offset !== undefined && !Number.isSafeInteger(options.offset)) {
    throw new RangeError(`offset must be an integer, got ${options.offset}`);
  }
  const delivery = options.delivery ?? "at-least-once";
  if (delivery !== "at-least-once" && delivery !== "at-most-once") {
    throw new RangeError(`delivery must be "at-least-once" or "at-most-once", got ${String(delivery)}`);
  }
  const inbox = options.inbox;
  if (inbox !== undefined && options.delivery !== undefined) {
    throw new RangeError(
      "delivery does not apply with an inbox: updates are confirmed once the inbox has them",
    );
  }
  const backlog = options.maxBacklog ?? Math.max(limit, 10 * concurrency);
  if (!(Number.isSafeInteger(backlog) && backlog >= limit)) {
    throw new RangeError(`maxBacklog must be an integer >= limit (${limit}), got ${backlog}`);
  }
  const base = options.backoff?.firstMs ?? options.backoff?.base ?? POLL_BACKOFF.backoffBase;
  const max = options.backoff?.maxMs ?? options.backoff?.max ?? POLL_BACKOFF.backoffMax;
  if (!(base >= 0 && max >= base)) throw new RangeError("backoff needs 0 <= firstMs <= maxMs");
  return {
    timeoutSeconds: timeout,
    limit,
    allowedUpdates: options.allowedUpdates,
    offset: options.offset,
    delays: { ...DEFAULT_RETRY, backoffBase: base, backoffMax: max },
    stopTimeoutMs: stopTimeoutMs(options),
    atMostOnce: delivery === "at-most-once",
    // In at-most-once and inbox modes, how many fetched updates may wait for a handler before
    // polling pauses: by default enough that updates of other chats are at hand while some chats
    // work through a queue (measured: 2x concurrency halves the throughput of 10x with 1,000 busy chats).
    backlog,
    inbox,
  };
}

/** What a getUpdates answer holds, checked. */
export type PollBatch =
  | {
      /** The well-formed updates, in the order received. */
      readonly updates: readonly Update[];
      /** One MalformedUpdate per entry that was skipped, to report. */
      readonly problems: readonly MalformedUpdate[];
    }
  | {
      /** The answer was not an array: report this, then wait `retryAfterMs`. */
      readonly problem: MalformedUpdate;
      /** How long to wait before the next getUpdates, in ms. */
      readonly retryAfterMs: number;
    };

/** One polling loop's state: its offsets, failures, and what Telegram was last told. */
export class PollCycle<I extends Inbox = Inbox> {
  /** The fetched updates and which of them are finished. */
  readonly tracker: OffsetTracker;
  /** Whether updates are confirmed on fetch (at-most-once, or an inbox keeps what is not handled). */
  readonly confirmOnFetch: boolean;
  #failures = 0;
  #lastBatch = 0;
  #allowedSent: boolean;
  #offset: number | undefined;
  // The offset Telegram was last told (so a stop can tell whether a confirming call is needed).
  #sentOffset: number | undefined;

  constructor(readonly settings: PollSettings<I>) {
    const start = settings.offset;
    this.tracker = new OffsetTracker(start !== undefined && start > 0 ? start : undefined);
    this.confirmOnFetch = settings.atMostOnce || settings.inbox !== undefined;
    this.#allowedSent = settings.allowedUpdates === undefined;
    this.#offset = settings.offset;
  }

  /** Whether the next getUpdates should be sent now; `pending`: updates waiting for or in a handler. */
  ready(pending: number): boolean {
    if (this.confirmOnFetch) return pending < this.settings.backlog;
    return shouldPoll(this.tracker.unconfirmed, this.#lastBatch, this.settings.limit);
  }

  /** The parameters of the next getUpdates (its offset confirms what may be confirmed). */
  request(): GetUpdatesParams {
    const { settings, tracker } = this;
    this.#offset = this.#confirmable() ?? this.#offset;
    const params: GetUpdatesParams = {
      // With unconfirmed updates Telegram answers at once anyway (it re-sends them).
      timeout: tracker.unconfirmed > 0 && !this.confirmOnFetch ? 0 : settings.timeoutSeconds,
      limit: settings.limit,
    };
    if (this.#offset !== undefined) params.offset = this.#offset;
    if (!this.#allowedSent) params.allowed_updates = settings.allowedUpdates as string[];
    return params;
  }

  /** A getUpdates failed: stop with an error, or report it and retry after a backoff. */
  failed(error: unknown): PollVerdict {
    this.#failures++;
    return judgePollFailure(error, this.#failures, this.settings.delays);
  }

  /** The backoff after one more failure that is not a failed call (a bad answer, a failed commit), in ms. */
  backoff(): number {
    this.#failures++;
    const verdict = judgePollFailure(undefined, this.#failures, this.settings.delays);
    return "retryAfter" in verdict ? verdict.retryAfter : this.settings.delays.backoffMax;
  }

  /** A getUpdates (the last {@link request}) answered `result`: checks it entry by entry. */
  received(result: unknown): PollBatch {
    this.#sentOffset = this.#offset;
    this.#failures = 0;
    this.#allowedSent = true;
    if (!Array.isArray(result)) {
      const problem = new MalformedUpdate(result, "getUpdates returned something other than an array");
      return { problem, retryAfterMs: this.backoff() };
    }
    this.#lastBatch = result.length;
    const updates: Update[] = [];
    const problems: MalformedUpdate[] = [];
    for (const update of result) {
      if (isUpdate(update)) updates.push(update);
      else problems.push(new MalformedUpdate(update, "not an object with an integer update_id; skipped"));
    }
    return { updates, problems };
  }

  /** Records checked updates as in progress; answers those that are new (not repeats), in order. */
  accept(updates: readonly Update[]): Update[] {
    const accepted: Update[] = [];
    for (const update of updates) if (this.tracker.accept(update.update_id)) accepted.push(update);
    return accepted;
  }

  /**
   * Takes in the checked updates of the answer {@link received} last checked: what to hand to the
   * handlers, and how long to pause before the next poll (ms; undefined: go on). With an inbox,
   * `fresh` are the updates it did not know (it knew the others from before a crash: they were
   * handed on from it at the start).
   */
  admit(
    updates: readonly Update[],
    fresh?: readonly Update[],
  ): { readonly dispatch: readonly Update[]; readonly pauseMs: number | undefined } {
    const accepted = this.accept(updates);
    return { dispatch: fresh ?? accepted, pauseMs: this.pauseAfter(accepted.length, this.#lastBatch) };
  }

  /**
   * After a batch of `received` entries of which `accepted` were new: how long to pause before
   * polling again (ms), or undefined to go on. Only malformed or stale entries would be fetched
   * again at once.
   */
  pauseAfter(accepted: number, received: number): number | undefined {
    if (accepted > 0 || received === 0) return undefined;
    if (this.tracker.unconfirmed !== 0 && !this.confirmOnFetch) return undefined;
    return this.backoff();
  }

  /** An update's handler has settled (or, in blocking style, waits for later updates). */
  finish(updateId: number): void {
    this.tracker.finish(updateId);
  }

  /**
   * The offset a stop must confirm with a last zero-timeout getUpdates, or undefined when Telegram
   * already knows it. `abandoned`: a long poll was cut short without being aborted (the confirming
   * call then also ends it on the server).
   */
  closingOffset(abandoned: boolean): { readonly offset: number | undefined } | undefined {
    const offset = this.#confirmable();
    if (offset === this.#sentOffset && !abandoned) return undefined;
    return { offset };
  }

  /** Telegram was told `offset` by the confirming call. */
  confirmed(offset: number | undefined): void {
    this.#sentOffset = offset;
  }

  // The offset that confirms what may be confirmed: handled updates, or (at-most-once, inbox) all fetched.
  #confirmable(): number | undefined {
    return this.confirmOnFetch ? this.tracker.next : this.tracker.offset;
  }
}

/** The parameters of the zero-timeout getUpdates that confirms `offset` when a loop stops. */
export function closingRequest(offset: number | undefined): GetUpdatesParams {
  const params: GetUpdatesParams = { limit: 1, timeout: 0 };
  if (offset !== undefined) params.offset = offset;
  return params;
}
