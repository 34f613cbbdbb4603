// The webhook half of a message loop: takes updates from an UpdateSource, restores update_id
// order (core ReorderBuffer, one timer for the oldest gap) unless told not to, and dispatches.
// Late updates (after their wait ended) are still handled, and reported (onLate, else onError).
import { LateUpdate, type Update } from "@telepot/core";
import { type InboxLink, maxHoldMs, ReorderBuffer } from "@telepot/core/internal";
import { drain, type LoopControl } from "./control.js";
import type { Dispatcher } from "./dispatcher.js";
import type { UpdateSource, WebhookLoopOptions } from "./types.js";

// A failing onLate hook is reported, not thrown into the buffer (which would lose the update).
function reportingFailure(dispatcher: Dispatcher, hook: () => void): void {
  try {
    hook();
  } catch (error) {
    dispatcher.report(error);
  }
}

/** Runs a message loop fed by a webhook queue. */
export class WebhookReceiver {
  private readonly reorder: ReorderBuffer<Update> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  // Where an update goes next: the re-ordering buffer, or the dispatcher when not ordered.
  private readonly sink: (update: Update) => void;
  private readonly source: UpdateSource;
  // What the queue hands on came fresh from Telegram; one replayed from the inbox is not taken twice.
  private readonly fromSource = (update: Update): void => {
    this.reorder?.markFresh(update);
    if (this.link?.takenAtStart(update)) return;
    this.sink(update);
  };

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly control: LoopControl,
    options: WebhookLoopOptions,
    // How long stopping waits for the running handlers (core's stopTimeoutMs of the options).
    private readonly stopTimeoutMs: number,
    // With an inbox (the source's): what a crash left is replayed, handled updates marked done.
    private readonly link?: InboxLink,
  ) {
    this.source = options.source;
    const dispatch = (update: Update) => dispatcher.dispatch(update);
    if (options.ordered === false) {
      this.reorder = undefined;
      this.sink = dispatch;
    } else {
      const onLate = options.onLate;
      const reorder = new ReorderBuffer<Update>(dispatch, {
        maxHold: maxHoldMs(options),
        // Acknowledged updates are never dropped without a word: a late one is handled and reported.
        onLate: (update, expected) => {
          if (onLate === undefined) dispatcher.report(new LateUpdate(update.update_id, expected));
          else reportingFailure(dispatcher, () => onLate(update as Update, expected));
        },
        recordedBefore: link?.inbox.highestIdAtOpen,
      });
      this.reorder = reorder;
      this.sink = (update) => {
        reorder.push(update);
        if (this.timer === undefined && reorder.deadline !== undefined) this.arm(reorder.deadline);
      };
    }
  }

  /** Takes updates until stopped, then hands on everything held and waits for the handlers. */
  async run(): Promise<void> {
    // What a previous process committed and did not handle goes through the re-ordering like any
    // update: acknowledged ones of lower ids may still be on their way (Telegram sends again what a
    // crash left unanswered), and a chat's older update must not be handled after a newer one. The
    // queue may still hold some of it: those are not taken twice.
    await this.link?.replay(this.sink, true);
    this.source.attach(this.fromSource);
    try {
      await this.control.sleep();
    } finally {
      this.source.detach(this.fromSource);
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      // Held updates were already acknowledged to Telegram: handle them rather than lose them.
      this.reorder?.flushAll();
      await drain(this.dispatcher, this.stopTimeoutMs);
      this.link?.flush();
    }
  }

  private arm(deadline: number): void {
    this.timer = setTimeout(this.expire, Math.max(0, deadline - Date.now()));
  }

  private readonly expire = (): void => {
    this.timer = undefined;
    const reorder = this.reorder!;
    reorder.flush();
    const deadline = reorder.deadline;
    if (deadline !== undefined && !this.control.stopping) this.arm(deadline);
  };
}
