// The blocking message loop, all on the calling thread: core's PollCycle decides every getUpdates
// and what its answer means, core's ReorderBuffer orders webhook updates, core's InboxLink keeps an
// inbox, exactly as in the async driver. Only the waiting differs: the worker runs each getUpdates
// and posts its answer as an event, which this thread takes
// - while idle (notifyOnMessage returned; between REPL commands, in a script's event loop);
// - in runForever, blocked in straight-line code until the loop ends;
// - in pump(ready, deadline): a handler's blocking listener.wait() handles later updates meanwhile.
// Every wait is bounded by the nearest timer (conversation timeouts, poll backoff, re-ordering),
// which fires on time in between. Handlers run one at a time, in update_id order.

import type { UpdateContext, UpdateHandler, UpdateSource } from "@telepot/async";
import {
  type GetUpdatesParams,
  isPromiseLike,
  LateUpdate,
  type SyncInbox,
  type Update,
  unwrapUpdate,
} from "@telepot/core";
import {
  closingRequest,
  type InboxLink,
  type PollCycle,
  ReorderBuffer,
  reportFatalLoopEnd,
} from "@telepot/core/internal";
import type { WireError } from "../sync/protocol.js";
import type { PollAnswer } from "../worker/ops.js";
import type { LiveClock } from "./live-clock.js";

/** What the driver needs of the worker (implemented by the Bot over its SyncWorker). */
export interface LoopChannel {
  /** Starts a getUpdates in the worker; its answer comes as a "polled" event with this `id`. */
  startPoll(id: number, params: GetUpdatesParams): void;
  /** Cuts the getUpdates `id` short (its answer is then ignored). */
  cancelPoll(id: number): void;
  /** Calls getUpdates and waits for its answer (the confirming call of a stop). */
  getUpdates(params: GetUpdatesParams): unknown;
  /**
   * Takes the poll answers waiting now, or waits up to `waitMs` for one (other events are handled);
   * without a worker it just waits that long.
   */
  waitEvents(waitMs: number): PollAnswer[];
  /** Keeps the process alive while a loop runs in notify mode. */
  holdOpen(hold: boolean): void;
  /** Rebuilds an error from the worker. */
  revive(error: WireError): Error;
}

/** Where handler errors and loop problems go. */
export type LoopErrorHandler = (error: unknown, context?: UpdateContext) => void;

/** Told once when a loop has ended: after a stop (undefined) or on a fatal error (the error). */
export type LoopEndHandler = (error: Error | undefined) => void;

/** How a loop gets its updates, made by the Bot from the loop's options. */
export type LoopFeed =
  | {
      /** Polling getUpdates, as the cycle decides; its settings hold the inbox, if any. */
      readonly cycle: PollCycle<SyncInbox>;
    }
  | {
      /** Updates put into a webhook queue on this thread. */
      readonly source: UpdateSource;
      /** Whether update_id order is restored (default true). */
      readonly ordered: boolean;
      /** How long (ms) a missing update_id is waited for. */
      readonly maxHoldMs: number | undefined;
    };

/** What a loop is made of. */
export interface LoopParts {
  readonly handler: UpdateHandler;
  readonly feed: LoopFeed;
  readonly onError: LoopErrorHandler;
  readonly onEnd: LoopEndHandler | undefined;
  readonly signal: AbortSignal | undefined;
  /** The inbox link (polling with an inbox, or a webhook queue with one). */
  readonly link: ((report: (error: unknown) => void) => InboxLink) | undefined;
}

interface LoopState {
  readonly parts: LoopParts;
  readonly cycle: PollCycle<SyncInbox> | undefined;
  readonly source: UpdateSource | undefined;
  readonly reorder: ReorderBuffer<Update> | undefined;
  readonly link: InboxLink | undefined;
  /** The handler, in a journal scope of each update when the inbox journals calls. */
  readonly handle: UpdateHandler;
  readonly sink: (update: Update) => void;
  // Fetched (or received) updates waiting for the handler, in order, from `head`.
  queue: Update[];
  head: number;
  // The ids whose handlers are on this thread's stack now (a listener.wait nests them).
  readonly handling: number[];
  // The getUpdates in flight, by id; a backoff timer before the next one.
  poll: number | undefined;
  backoff: (() => void) | undefined;
  reorderTimer: (() => void) | undefined;
  stopping: boolean;
  ended: boolean;
  fatal: Error | undefined;
}

// The longest single wait for the worker: waits are repeated, so a stop from another thread (a
// signal) or a lost worker is noticed within this time.
const MAX_WAIT_MS = 10_000;

/** Runs a message loop on this thread. */
export class LoopDriver {
  readonly #channel: LoopChannel;
  readonly #clock: LiveClock;
  #loop: LoopState | undefined;
  #pollIds = 0;
  // How many of this driver's pulling loops (runForever, stop, pump, an idle drain) run on this
  // thread now: inside one, news needs no drain of its own (and must not start a nested one).
  #depth = 0;
  #kicked = false;

  constructor(channel: LoopChannel, clock: LiveClock) {
    this.#channel = channel;
    this.#clock = clock;
  }

  /** Whether a loop is running. */
  get running(): boolean {
    return this.#loop !== undefined && !this.#loop.ended;
  }

  /** Starts a loop: polls at once (or attaches to its webhook queue); updates are handled when this thread is idle. */
  start(parts: LoopParts): void {
    if (this.running) throw new TypeError("A message loop is already running for this bot; stop it first");
    const feed = parts.feed;
    const polling = "cycle" in feed ? feed : undefined;
    const webhook = "source" in feed ? feed : undefined;
    const report = (error: unknown) => this.#report(state, error);
    const link = parts.link?.(report);
    const state: LoopState = {
      parts,
      cycle: polling?.cycle,
      source: webhook?.source,
      reorder:
        webhook?.ordered === true
          ? new ReorderBuffer<Update>((update) => this.#enqueue(state, update), {
              maxHold: webhook.maxHoldMs,
              // Acknowledged updates are never dropped without a word: a late one is handled and reported.
              onLate: (update, expected) => report(new LateUpdate(update.update_id, expected)),
              recordedBefore: link?.inbox.highestIdAtOpen,
            })
          : undefined,
      link,
      // With an inbox's call journal, each handling's Bot API calls are journaled (see InboxLink).
      handle: link === undefined ? parts.handler : link.journaled(parts.handler),
      sink: (update) => this.#received(state, update),
      queue: [],
      head: 0,
      handling: [],
      poll: undefined,
      backoff: undefined,
      reorderTimer: undefined,
      stopping: false,
      ended: false,
      fatal: undefined,
    };
    // What a previous process committed and did not handle comes first, in update_id order. A
    // webhook loop puts it through the re-ordering like any update (as the async loop does):
    // acknowledged updates of lower ids may still be on their way (Telegram sends again what a crash
    // left unanswered), and a chat's older update must not be handled after a newer one.
    const replayed = link?.replay((update) => {
      if (state.reorder === undefined) state.queue.push(update);
      else state.reorder.push(update);
    }, webhook !== undefined);
    if (isPromiseLike(replayed)) {
      replayed.then(undefined, () => {});
      throw new TypeError("A blocking loop needs an inbox that answers synchronously (a SyncInbox)");
    }
    this.#loop = state;
    this.#armReorder(state);
    this.#channel.holdOpen(true);
    state.source?.attach(state.sink);
    // Aborting stops the loop: what was fetched is still handled, then the loop ends.
    parts.signal?.addEventListener("abort", () => this.#checkSignal(state), { once: true });
    this.#checkSignal(state);
    this.#poll(state);
    this.#kick();
  }

  /**
   * Handles updates here until the loop ends (a stop, the signal, or a fatal error, which is
   * thrown). The handler's own waits (listener.wait) pump the same loop.
   */
  runForever(): void {
    this.#enter();
    try {
      for (let state = this.#loop; state !== undefined && !state.ended; state = this.#loop) {
        this.#checkSignal(state);
        this.#turn(state, this.#waitBound(undefined));
      }
    } finally {
      this.#leave();
    }
    const fatal = this.#takeFatal();
    if (fatal !== undefined) throw fatal;
  }

  /**
   * Stops the loop gracefully: no new updates are fetched, the ones already fetched are handled
   * here (so this blocks until they are), then the offset is confirmed.
   */
  stop(): void {
    const state = this.#loop;
    if (state === undefined || state.ended) return;
    this.#requestStop(state);
    this.#enter();
    try {
      // A handler that stops its own loop is done with its update, as far as confirming goes.
      this.#release(state);
      while (!state.ended) this.#turn(state, 0);
    } finally {
      this.#leave();
    }
    this.#reportFatal(state);
  }

  /**
   * A blocking wait (listener.wait): handles updates and fires timers until `ready()` holds or
   * the time reaches `deadline`. Without a running loop only timers can make it ready.
   */
  pump(ready: () => boolean, deadline: number | undefined): void {
    this.#enter();
    try {
      // The handlers waiting here count as finished for confirming: their updates are not fetched
      // again, and polling goes on (it would stall behind an unconfirmed update otherwise).
      if (this.#loop !== undefined) this.#release(this.#loop);
      for (;;) {
        this.#clock.fireDue();
        if (ready()) return;
        if (deadline !== undefined && Date.now() >= deadline) return;
        const state = this.#loop;
        if (state === undefined || state.ended) {
          if (deadline === undefined && this.#clock.nextAt() === undefined) {
            throw new TypeError(
              "Nothing can arrive while waiting: start a message loop (bot.notifyOnMessage) before listener.wait()",
            );
          }
          // The one way this thread waits is on its channel (which sleeps when there is no worker);
          // a poll answer taken here has no loop to go to, as in onAnswer.
          this.#channel.waitEvents(this.#waitBound(deadline));
          continue;
        }
        this.#turn(state, this.#waitBound(deadline));
      }
    } finally {
      this.#leave();
    }
  }

  /** Whether an update waiting to be handled is an inline query of `userId` (a newer query). */
  hasWaitingInlineQuery(userId: number): boolean {
    const state = this.#loop;
    if (state === undefined || state.ended) return false;
    this.#takeAnswers(state, 0);
    for (let i = state.head; i < state.queue.length; i++) {
      if (state.queue[i]?.inline_query?.from.id === userId) return true;
    }
    return false;
  }

  /** A poll's answer came while this thread was idle: its updates are handled now. */
  onAnswer(answer: PollAnswer): void {
    const state = this.#loop;
    if (state === undefined) return;
    this.#answered(state, answer);
    this.#drainIdle();
  }

  /** A poll's answer taken in passing (after a call): its updates wait until this thread is idle. */
  keepAnswer(answer: PollAnswer): void {
    const state = this.#loop;
    if (state === undefined) return;
    this.#answered(state, answer);
    this.#kick();
  }

  /** The worker was lost (a crash, or a call past its deadline): its getUpdates with it. */
  onLost(): void {
    const state = this.#loop;
    if (state === undefined || state.ended || state.poll === undefined) return;
    state.poll = undefined;
    // Polled again by the next turn; when idle, from the event loop (this may run inside the failed call).
    this.#kick();
  }

  // One step of a loop: handle the next update, or end a stopping loop, or wait up to `waitMs`
  // for the worker's answer (firing due timers first).
  #turn(state: LoopState, waitMs: number): void {
    this.#clock.fireDue();
    if (state.ended) return;
    const update = this.#next(state);
    if (update !== undefined) {
      this.#handle(state, update);
      return;
    }
    if (state.stopping) {
      this.#end(state);
      return;
    }
    this.#poll(state);
    this.#takeAnswers(state, waitMs);
  }

  #takeAnswers(state: LoopState, waitMs: number): void {
    for (const answer of this.#channel.waitEvents(waitMs)) this.#answered(state, answer);
  }

  // Handles what is at hand while this thread is otherwise idle; never waits.
  #drainIdle(): void {
    this.#kicked = false;
    const state = this.#loop;
    if (state === undefined || this.#depth > 0) return;
    this.#enter();
    try {
      while (!state.ended) {
        if (state.head < state.queue.length || state.stopping) {
          this.#turn(state, 0);
          continue;
        }
        this.#poll(state);
        const answers = this.#channel.waitEvents(0);
        if (answers.length === 0) break;
        for (const answer of answers) this.#answered(state, answer);
      }
    } finally {
      this.#leave();
    }
    this.#reportFatal(state);
  }

  // Something happened that an idle thread must act on: drain once the current code has returned.
  #kick(): void {
    if (this.#kicked || this.#depth > 0) return;
    this.#kicked = true;
    setImmediate(() => this.#drainIdle());
  }

  #enter(): void {
    this.#depth++;
  }

  #leave(): void {
    this.#depth--;
  }

  // Sends the next getUpdates when the cycle says so.
  #poll(state: LoopState): void {
    const cycle = state.cycle;
    if (cycle === undefined || state.stopping || state.ended) return;
    if (state.poll !== undefined || state.backoff !== undefined) return;
    if (!cycle.ready(state.queue.length - state.head + state.handling.length)) return;
    const id = ++this.#pollIds;
    state.poll = id;
    try {
      this.#channel.startPoll(id, cycle.request());
    } catch (error) {
      state.poll = undefined;
      this.#pollFailed(state, error);
    }
  }

  #answered(state: LoopState, answer: PollAnswer): void {
    // An answer to a poll given up (a stop, a lost worker) is dropped: nothing in it was confirmed.
    if (answer.id !== state.poll || state.ended) return;
    state.poll = undefined;
    const cycle = state.cycle as PollCycle<SyncInbox>;
    if (!answer.ok) {
      this.#pollFailed(state, this.#channel.revive(answer.error));
      return;
    }
    const batch = cycle.received(answer.value);
    if ("problem" in batch) {
      this.#report(state, batch.problem);
      this.#pauseFor(state, batch.retryAfterMs);
      return;
    }
    for (const problem of batch.problems) this.#report(state, problem);
    // The inbox batches are committed to before they are confirmed, if any.
    const inbox = cycle.settings.inbox;
    let fresh: readonly Update[] | undefined;
    if (inbox !== undefined) {
      try {
        fresh = inbox.append(batch.updates);
      } catch (error) {
        // Not committed, so not confirmed: the same batch comes again after the backoff.
        this.#report(state, error);
        this.#pauseFor(state, cycle.backoff());
        return;
      }
    }
    const { dispatch, pauseMs } = cycle.admit(batch.updates, fresh);
    for (const update of dispatch) state.queue.push(update);
    if (pauseMs !== undefined) this.#pauseFor(state, pauseMs);
    else this.#poll(state);
  }

  #pollFailed(state: LoopState, error: unknown): void {
    if (state.stopping || state.ended) return;
    const verdict = (state.cycle as PollCycle<SyncInbox>).failed(error);
    if ("stop" in verdict) {
      // What was fetched is still handled; nothing more is confirmed.
      state.fatal = verdict.stop;
      this.#requestStop(state);
      return;
    }
    this.#report(state, error);
    this.#pauseFor(state, verdict.retryAfter);
  }

  #pauseFor(state: LoopState, ms: number): void {
    state.backoff = this.#clock.setTimer(Date.now() + ms, () => {
      state.backoff = undefined;
      this.#poll(state);
    });
  }

  // A webhook update, put into the source on this thread.
  #received(state: LoopState, update: Update): void {
    // It came fresh from Telegram; one replayed from the inbox is not taken twice.
    state.reorder?.markFresh(update);
    if (state.link?.takenAtStart(update)) return;
    const reorder = state.reorder;
    if (reorder === undefined) {
      this.#enqueue(state, update);
      return;
    }
    reorder.push(update);
    this.#armReorder(state);
  }

  #armReorder(state: LoopState): void {
    const reorder = state.reorder;
    if (reorder === undefined || state.reorderTimer !== undefined || reorder.deadline === undefined) return;
    state.reorderTimer = this.#clock.setTimer(reorder.deadline, () => {
      state.reorderTimer = undefined;
      reorder.flush();
      if (!state.stopping) this.#armReorder(state);
    });
  }

  #enqueue(state: LoopState, update: Update): void {
    state.queue.push(update);
    this.#kick();
  }

  #next(state: LoopState): Update | undefined {
    if (state.head >= state.queue.length) return undefined;
    const update = state.queue[state.head++] as Update;
    if (state.head === state.queue.length) {
      state.queue = [];
      state.head = 0;
    }
    return update;
  }

  #handle(state: LoopState, update: Update): void {
    const [kind, payload] = unwrapUpdate(update);
    const context = { kind, payload, update } as UpdateContext;
    const id = update.update_id;
    state.link?.dispatched(context);
    state.handling.push(id);
    try {
      const out = state.handle(context.payload, context);
      // An async handler cannot be waited for here; its failure is still reported.
      if (out instanceof Promise) out.catch((error: unknown) => this.#report(state, error, context));
    } catch (error) {
      this.#report(state, error, context);
    } finally {
      const at = state.handling.lastIndexOf(id);
      if (at >= 0) state.handling.splice(at, 1);
      state.link?.finished(context);
      state.cycle?.finish(id);
    }
    this.#checkSignal(state);
    this.#poll(state);
  }

  // Marks the handlers on the stack finished for confirming (not in the inbox: that waits for them).
  #release(state: LoopState): void {
    const cycle = state.cycle;
    if (cycle !== undefined) for (const id of state.handling) cycle.finish(id);
  }

  #checkSignal(state: LoopState): void {
    if (state.parts.signal?.aborted) this.#requestStop(state);
  }

  // No new updates: the poll in flight is given up (its updates come again to the next loop); the
  // ones at hand, and those the re-ordering holds (already acknowledged), are still handled.
  #requestStop(state: LoopState): void {
    if (state.stopping || state.ended) return;
    state.stopping = true;
    state.source?.detach(state.sink);
    state.backoff?.();
    state.backoff = undefined;
    state.reorderTimer?.();
    state.reorderTimer = undefined;
    state.reorder?.flushAll();
    const poll = state.poll;
    state.poll = undefined;
    if (poll !== undefined) {
      try {
        this.#channel.cancelPoll(poll);
      } catch {
        // The worker is gone, and its getUpdates with it.
      }
    }
    this.#kick();
  }

  // Everything fetched was handled (and each marked done in the inbox as its handler returned): confirm, and say so.
  #end(state: LoopState): void {
    const cycle = state.cycle;
    const closing = cycle !== undefined && state.fatal === undefined ? cycle.closingOffset(false) : undefined;
    if (closing !== undefined) {
      try {
        this.#channel.getUpdates(closingRequest(closing.offset));
        cycle?.confirmed(closing.offset);
      } catch (error) {
        this.#report(state, error);
      }
    }
    state.ended = true;
    this.#channel.holdOpen(false);
    const onEnd = state.parts.onEnd;
    if (onEnd !== undefined) {
      try {
        onEnd(state.fatal);
      } catch (error) {
        this.#report(state, error);
      }
    }
  }

  #takeFatal(): Error | undefined {
    const state = this.#loop;
    if (state === undefined || !state.ended) return undefined;
    this.#loop = undefined;
    return state.fatal;
  }

  // Nobody can catch a fatal end here (notify mode): reported, and the process will end non-zero.
  #reportFatal(state: LoopState): void {
    if (this.#loop !== state || !state.ended || this.#depth > 0) return;
    const fatal = this.#takeFatal();
    if (fatal !== undefined) reportFatalLoopEnd(fatal, state.parts.onError);
  }

  #report(state: LoopState, error: unknown, context?: UpdateContext): void {
    try {
      state.parts.onError(error, context);
    } catch (secondary) {
      console.error("telepot: onError itself failed:", secondary, "while reporting:", error);
    }
  }

  // How long the next wait may last: until the deadline, the nearest timer, or MAX_WAIT_MS.
  #waitBound(deadline: number | undefined): number {
    const now = Date.now();
    let until = now + MAX_WAIT_MS;
    const timer = this.#clock.nextAt();
    if (timer !== undefined && timer < until) until = timer;
    if (deadline !== undefined && deadline < until) until = deadline;
    return Math.max(0, Math.ceil(until - now));
  }
}
