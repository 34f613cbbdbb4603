// Long polling with getUpdates. The offset given to Telegram confirms only updates whose handler
// has finished, so nothing is lost to a crash; on a graceful stop every fetched update is handled
// and confirmed before the loop ends, so a restart repeats nothing. With an inbox, each fetched
// batch is committed to it and then confirmed at once: the inbox, not Telegram, keeps what is not
// handled yet, so the number of updates in flight is bounded only by the backlog.
import {
  type GetUpdatesParams,
  type Inbox,
  MalformedUpdate,
  type TelepotError,
  type Update,
} from "@telepot/core";
import {
  DEFAULT_RETRY,
  isUpdate,
  judgePollFailure,
  OffsetTracker,
  POLL_BACKOFF,
  type ResolvedRetryOptions,
  shouldPoll,
} from "@telepot/core/internal";
import { drain, INTERRUPTED, type LoopControl } from "./control.js";
import type { Dispatcher } from "./dispatcher.js";
import type { InboxLink } from "./inbox-link.js";
import type { PollingApi, PollingOptions, UpdateContext } from "./types.js";

/** Polling settings with defaults applied and checked. */
interface PollSettings {
  readonly timeout: number;
  readonly limit: number;
  readonly allowedUpdates: readonly string[] | undefined;
  readonly offset: number | undefined;
  readonly delays: ResolvedRetryOptions;
  readonly stopTimeout: number;
  readonly atMostOnce: boolean;
  readonly backlog: number;
  readonly inbox: Inbox | undefined;
}

/** Checks the polling options and fills in defaults; a bad value is a RangeError naming the option. */
export function pollSettings(options: PollingOptions, concurrency: number): PollSettings {
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
    timeout,
    limit,
    allowedUpdates: options.allowedUpdates,
    offset: options.offset,
    delays: { ...DEFAULT_RETRY, backoffBase: base, backoffMax: max },
    stopTimeout: options.stopTimeoutMs ?? options.stopTimeout ?? 10_000,
    atMostOnce: delivery === "at-most-once",
    // In at-most-once and inbox modes, how many fetched updates may wait for a handler before
    // polling pauses: by default enough that updates of other chats are at hand while some chats
    // work through a queue (measured: 2x concurrency halves the throughput of 10x with 1,000 busy chats).
    backlog,
    inbox,
  };
}

/** The polling half of a message loop: fetches, dispatches and confirms. */
export class Poller {
  private readonly tracker: OffsetTracker;
  private lastBatch = 0;
  // The offset Telegram was last told (so a stop can tell whether a confirming call is needed).
  private sentOffset: number | undefined;
  private waitingForProgress = false;
  // True when stop cut a getUpdates short: the confirming call then also ends it on the server.
  private abandonedPoll = false;
  // Aborts the current getUpdates when the api supports it (Bot.call with a signal).
  private abort: AbortController | undefined;
  // Confirms on fetch (at-most-once, or an inbox holds what is not handled).
  private readonly confirmOnFetch: boolean;

  constructor(
    private readonly api: PollingApi,
    private readonly dispatcher: Dispatcher,
    private readonly control: LoopControl,
    private readonly settings: PollSettings,
    // With an inbox: where handled updates are marked done.
    private readonly link?: InboxLink,
  ) {
    const start = settings.offset;
    this.tracker = new OffsetTracker(start !== undefined && start > 0 ? start : undefined);
    this.confirmOnFetch = settings.atMostOnce || settings.inbox !== undefined;
  }

  /** Called by the dispatcher once an update's handler has settled. */
  finished(context: UpdateContext): void {
    this.link?.finished(context);
    this.tracker.finish(context.update.update_id);
    if (this.waitingForProgress && this.readyToPoll()) {
      this.waitingForProgress = false;
      this.control.interrupt();
    }
  }

  /** Polls until stopped; then drains the handlers and confirms. Rejects with PollingStopped on a fatal failure. */
  async run(): Promise<void> {
    let fatal: TelepotError | undefined;
    try {
      fatal = await this.poll();
    } finally {
      await this.finish(fatal === undefined);
    }
    if (fatal !== undefined) throw fatal;
  }

  private async poll(): Promise<TelepotError | undefined> {
    const { control, tracker, settings } = this;
    let failures = 0;
    let allowedSent = settings.allowedUpdates === undefined;
    let offset = settings.offset;
    // What a previous process committed and did not handle comes first, in update_id order.
    await this.link?.replay((update) => this.dispatcher.dispatch(update));
    while (!control.stopping) {
      if (!this.readyToPoll()) {
        this.waitingForProgress = true;
        await control.sleep();
        this.waitingForProgress = false;
        continue;
      }
      offset = this.confirmable() ?? offset;
      const params: GetUpdatesParams = {
        // With unconfirmed updates Telegram answers at once anyway (it re-sends them).
        timeout: tracker.unconfirmed > 0 && !this.confirmOnFetch ? 0 : settings.timeout,
        limit: settings.limit,
      };
      if (offset !== undefined) params.offset = offset;
      if (!allowedSent) params.allowed_updates = settings.allowedUpdates as string[];
      let result: Update[] | typeof INTERRUPTED;
      try {
        result = await control.interruptible(this.fetch(params));
      } catch (error) {
        if (control.stopping) break;
        failures++;
        const verdict = judgePollFailure(error, failures, settings.delays);
        if ("stop" in verdict) return verdict.stop;
        this.dispatcher.report(error);
        await control.sleep(verdict.retryAfter);
        continue;
      }
      // A poll cut short by stop is dropped: its updates were not confirmed and will come again.
      if (result === INTERRUPTED) {
        if (this.abort !== undefined) this.abort.abort();
        else this.abandonedPoll = true;
        break;
      }
      this.sentOffset = offset;
      failures = 0;
      allowedSent = true;
      if (!Array.isArray(result)) {
        failures++;
        this.dispatcher.report(
          new MalformedUpdate(result, "getUpdates returned something other than an array"),
        );
        await control.sleep(judgeDelay(failures, settings.delays));
        continue;
      }
      this.lastBatch = result.length;
      const valid: Update[] = [];
      for (const update of result) {
        if (isUpdate(update)) valid.push(update);
        else
          this.dispatcher.report(
            new MalformedUpdate(update, "not an object with an integer update_id; skipped"),
          );
      }
      let accepted = 0;
      if (settings.inbox === undefined) {
        for (const update of valid) {
          if (!tracker.accept(update.update_id)) continue;
          accepted++;
          this.dispatcher.dispatch(update);
        }
      } else {
        let fresh: readonly Update[];
        try {
          fresh = await settings.inbox.append(valid);
        } catch (error) {
          // Not committed, so not confirmed: the same batch comes again after the backoff.
          failures++;
          this.dispatcher.report(error);
          await control.sleep(judgeDelay(failures, settings.delays));
          continue;
        }
        for (const update of valid) if (tracker.accept(update.update_id)) accepted++;
        // The inbox may know some already (fetched before a crash): those were dispatched from it.
        for (const update of fresh) this.dispatcher.dispatch(update);
      }
      if (accepted === 0 && result.length > 0 && (tracker.unconfirmed === 0 || this.confirmOnFetch)) {
        // Only malformed or stale entries: polling again at once would fetch them again at once.
        failures++;
        await control.sleep(judgeDelay(failures, settings.delays));
      }
    }
    return undefined;
  }

  // The offset that confirms what may be confirmed: handled updates, or (at-most-once, inbox) all fetched.
  private confirmable(): number | undefined {
    return this.confirmOnFetch ? this.tracker.next : this.tracker.offset;
  }

  private readyToPoll(): boolean {
    const { settings } = this;
    if (this.confirmOnFetch) return this.dispatcher.pending < settings.backlog;
    return shouldPoll(this.tracker.unconfirmed, this.lastBatch, settings.limit);
  }

  private fetch(params: GetUpdatesParams): Promise<Update[]> {
    const api = this.api;
    if (typeof api.call !== "function") return api.getUpdates(params);
    this.abort = new AbortController();
    return api.call("getUpdates", params, { signal: this.abort.signal });
  }

  private async finish(confirm: boolean): Promise<void> {
    await drain(this.dispatcher, this.settings.stopTimeout);
    this.link?.flush();
    const offset = this.confirmable();
    if (!confirm || (offset === this.sentOffset && !this.abandonedPoll)) return;
    // Tell Telegram about the handled updates with a zero-timeout call that confirms below
    // `offset`; Telegram also ends an abandoned long poll (with 409) when a newer one arrives.
    try {
      const params: GetUpdatesParams = { limit: 1, timeout: 0 };
      if (offset !== undefined) params.offset = offset;
      await this.api.getUpdates(params);
      this.sentOffset = offset;
    } catch (error) {
      this.dispatcher.report(error);
    }
  }
}

function judgeDelay(failures: number, delays: ResolvedRetryOptions): number {
  const verdict = judgePollFailure(undefined, failures, delays);
  return "retryAfter" in verdict ? verdict.retryAfter : delays.backoffMax;
}
