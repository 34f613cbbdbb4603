// Long polling with getUpdates. The offset given to Telegram confirms only updates whose handler
// has finished, so nothing is lost to a crash; on a graceful stop every fetched update is handled
// and confirmed before the loop ends, so a restart repeats nothing. With an inbox, each fetched
// batch is committed to it and then confirmed at once: the inbox, not Telegram, keeps what is not
// handled yet, so the number of updates in flight is bounded only by the backlog.
import type { GetUpdatesParams, TelepotError, Update } from "@telepot/core";
import { closingRequest, type InboxLink, type PollCycle } from "@telepot/core/internal";
import { drain, INTERRUPTED, type LoopControl } from "./control.js";
import type { Dispatcher } from "./dispatcher.js";
import type { PollingApi, UpdateContext } from "./types.js";

/** The polling half of a message loop: fetches, dispatches and confirms. */
export class Poller {
  private waitingForProgress = false;
  // True when stop cut a getUpdates short: the confirming call then also ends it on the server.
  private abandonedPoll = false;
  // Aborts the current getUpdates when the api supports it (Bot.call with a signal).
  private abort: AbortController | undefined;

  constructor(
    private readonly api: PollingApi,
    private readonly dispatcher: Dispatcher,
    private readonly control: LoopControl,
    private readonly cycle: PollCycle,
    // With an inbox: where handled updates are marked done.
    private readonly link?: InboxLink,
  ) {}

  /** Called by the dispatcher once an update's handler has settled. */
  finished(context: UpdateContext): void {
    this.link?.finished(context);
    this.cycle.finish(context.update.update_id);
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
    const { control, cycle, dispatcher } = this;
    const inbox = cycle.settings.inbox;
    // What a previous process committed and did not handle comes first, in update_id order.
    await this.link?.replay((update) => dispatcher.dispatch(update), false);
    while (!control.stopping) {
      if (!this.readyToPoll()) {
        this.waitingForProgress = true;
        await control.sleep();
        this.waitingForProgress = false;
        continue;
      }
      let result: Update[] | typeof INTERRUPTED;
      try {
        result = await control.interruptible(this.fetch(cycle.request()));
      } catch (error) {
        if (control.stopping) break;
        const verdict = cycle.failed(error);
        if ("stop" in verdict) return verdict.stop;
        dispatcher.report(error);
        await control.sleep(verdict.retryAfter);
        continue;
      }
      // A poll cut short by stop is dropped: its updates were not confirmed and will come again.
      if (result === INTERRUPTED) {
        if (this.abort !== undefined) this.abort.abort();
        else this.abandonedPoll = true;
        break;
      }
      const batch = cycle.received(result);
      if ("problem" in batch) {
        dispatcher.report(batch.problem);
        await control.sleep(batch.retryAfterMs);
        continue;
      }
      for (const problem of batch.problems) dispatcher.report(problem);
      let fresh: readonly Update[] | undefined;
      if (inbox !== undefined) {
        try {
          fresh = await inbox.append(batch.updates);
        } catch (error) {
          // Not committed, so not confirmed: the same batch comes again after the backoff.
          dispatcher.report(error);
          await control.sleep(cycle.backoff());
          continue;
        }
      }
      const { dispatch, pauseMs } = cycle.admit(batch.updates, fresh);
      for (const update of dispatch) dispatcher.dispatch(update);
      if (pauseMs !== undefined) await control.sleep(pauseMs);
    }
    return undefined;
  }

  private readyToPoll(): boolean {
    return this.cycle.ready(this.dispatcher.pending);
  }

  private fetch(params: GetUpdatesParams): Promise<Update[]> {
    const api = this.api;
    if (typeof api.call !== "function") return api.getUpdates(params);
    this.abort = new AbortController();
    return api.call("getUpdates", params, { signal: this.abort.signal });
  }

  private async finish(confirm: boolean): Promise<void> {
    await drain(this.dispatcher, this.cycle.settings.stopTimeoutMs);
    this.link?.flush();
    const closing = this.cycle.closingOffset(this.abandonedPoll);
    if (!confirm || closing === undefined) return;
    // Tell Telegram about the handled updates with a zero-timeout call that confirms below
    // the offset; Telegram also ends an abandoned long poll (with 409) when a newer one arrives.
    try {
      await this.api.getUpdates(closingRequest(closing.offset));
      this.cycle.confirmed(closing.offset);
    } catch (error) {
      this.dispatcher.report(error);
    }
  }
}
