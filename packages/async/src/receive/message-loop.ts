// bot.messageLoop(): telepot's update loop. Polls getUpdates, or takes updates from a webhook
// queue, and hands each update's inner object to the handler.
import { type Inbox, logError } from "@telepot/core";
import {
  InboxLink,
  LoopOutcome,
  linkedStates,
  PollCycle,
  pollSettings,
  stopTimeoutMs,
} from "@telepot/core/internal";
import { LoopControl } from "./control.js";
import { Dispatcher } from "./dispatcher.js";
import { Poller } from "./polling.js";
import type {
  HandlerHost,
  InboxHost,
  MessageLoopOptions,
  PollingApi,
  PollingOptions,
  UpdateHandler,
  WebhookLoopOptions,
} from "./types.js";
import { DEFAULT_CONCURRENCY } from "./types.js";
import { WebhookReceiver } from "./webhook-loop.js";

/**
 * A running message loop. Await it (or `done`) to wait for its end; `stop()` ends it gracefully.
 *
 * Delivery guarantee (polling): an update is confirmed to Telegram only after its handler has
 * finished (returned, or thrown and been reported to onError), and a later update is never
 * confirmed ahead of an earlier unfinished one. So:
 * - across a crash (the process dies, no stop), every update is handled AT LEAST ONCE: the ones
 *   whose handlers had not all finished are delivered again to the next loop;
 * - across a graceful stop (`stop()` or the abort signal), every update is handled EXACTLY ONCE,
 *   provided the running handlers finish within `stopTimeout` (those that do not are reported
 *   with StopTimeout and delivered again, i.e. at least once).
 * With an inbox (`{ inbox }`), polling confirms each batch once the inbox has committed it:
 * across a crash, every confirmed update is handled at least once, each chat's in order, and an
 * update marked done in the inbox is never handled again; only handlers running at the crash rerun.
 * Their Bot API calls are journaled in the inbox (`inbox.journal`): a re-run's call that had
 * succeeded returns its recorded result instead of being sent again (README, "Durability").
 * A webhook queue with an inbox (`new UpdateQueue({ inbox })`) commits each update before the
 * webhook answers, with the same guarantees across a crash.
 * Without one, webhook loops answer Telegram as soon as an update is queued; updates still queued or running
 * when the process dies are lost (Telegram does not resend acknowledged updates).
 *
 * A fatal end (a wrong token, another instance polling: PollingStopped) rejects `done`. A loop
 * nobody awaits (`const loop = bot.messageLoop(handle)`) reports it to onError instead and sets
 * the process's exit code to 1, rather than crashing it with an unhandled rejection.
 */
export class MessageLoop implements PromiseLike<void> {
  private readonly outcome: LoopOutcome;
  private readonly control: LoopControl;
  private readonly onAbort = () => this.control.requestStop();
  private finished = false;

  /**
   * @internal Use bot.messageLoop() or {@link messageLoop}. `report` gets a fatal error that
   * nobody awaits (the loop's onError); the process then ends with a non-zero code.
   */
  constructor(
    control: LoopControl,
    run: () => Promise<void>,
    signal: AbortSignal | undefined,
    report: (error: unknown) => void,
  ) {
    this.control = control;
    signal?.addEventListener("abort", this.onAbort, { once: true });
    if (signal?.aborted) control.requestStop();
    const settled = run().finally(() => {
      this.finished = true;
      signal?.removeEventListener("abort", this.onAbort);
    });
    this.outcome = new LoopOutcome(settled, report);
  }

  /**
   * Settles when the loop has ended: resolves after a stop, rejects with the fatal error (e.g.
   * PollingStopped). Taking it (or awaiting the loop) makes a fatal error yours to handle;
   * otherwise it goes to onError and the process ends with exit code 1 (see the README).
   */
  get done(): Promise<void> {
    return this.outcome.observe();
  }

  /** True until the loop has fully ended (after a stop: once handlers are drained and the offset confirmed). */
  get running(): boolean {
    return !this.finished;
  }

  /**
   * Stops the loop: no new updates are taken, the updates already taken are handled (for at most
   * `stopTimeout` ms), the offset is confirmed to Telegram, and then the returned promise (the
   * same as `done`) resolves. A handler that stops its own loop (a /shutdown command) should not
   * await the result: stopping waits for that very handler.
   */
  stop(): Promise<void> {
    this.control.requestStop();
    return this.done;
  }

  /** Makes the loop awaitable: `await bot.messageLoop(handle)` runs until the loop ends. */
  // biome-ignore lint/suspicious/noThenProperty: the loop is deliberately awaitable, like telepot's coroutine.
  then<A = void, B = never>(
    // biome-ignore lint/suspicious/noConfusingVoidType: PromiseLike<void> fixes this signature.
    onfulfilled?: ((value: void) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.done.then(onfulfilled, onrejected);
  }
}

// Handled updates are marked done together, at most this long after the first of them settled:
// one commit per turn halved the throughput of the polling benchmark (a commit costs about 100 us
// under load). The price: a crash also re-runs the handlers that finished within the last few
// milliseconds before it (their state, saved in the same commit, is rolled back with them).
const COMMIT_DELAY_MS = 5;

/** The loop's link to `inbox`, with the bot's conversation states when they live there. */
function linkTo(inbox: Inbox, api: InboxHost, report: (error: unknown) => void): InboxLink {
  return new InboxLink(inbox, linkedStates(api, inbox), report, (run) => setTimeout(run, COMMIT_DELAY_MS));
}

function isWebhookOptions(options: MessageLoopOptions): options is WebhookLoopOptions {
  return (options as WebhookLoopOptions).source !== undefined;
}

/** The handler to use: the given one, else the host's `handle` method; neither is a TypeError now. */
function resolveHandler(host: HandlerHost | undefined, handle: UpdateHandler | undefined): UpdateHandler {
  if (handle !== undefined) {
    if (typeof handle !== "function") throw new TypeError("messageLoop: the handler must be a function");
    return handle;
  }
  const method = host?.handle;
  if (typeof method === "function") return method.bind(host) as UpdateHandler;
  throw new TypeError(
    "messageLoop needs a handler: pass one (bot.messageLoop(handle)), or subclass Bot and define handle(msg)",
  );
}

/**
 * Starts a message loop for `api` (a Bot). Polls getUpdates unless `options.source` is given, in
 * which case updates come from that webhook queue. The handler is `handle`, or else `api.handle`
 * (a subclass's method); with neither, a TypeError is thrown at once. Options are checked at once
 * too (RangeError naming the option).
 */
export function messageLoop(
  api: PollingApi & HandlerHost & InboxHost,
  handle?: UpdateHandler,
  options: MessageLoopOptions = {},
): MessageLoop {
  const handler = resolveHandler(api, handle);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const onError = options.onError ?? logError;
  const control = new LoopControl();
  // Failed commits go where handler failures go (the dispatcher, made next, reports safely).
  let dispatcher: Dispatcher | undefined;
  const report = (error: unknown) => dispatcher!.report(error);
  if (isWebhookOptions(options)) {
    // (A polling loop's stop timeout is read by pollSettings, with the other polling options.)
    const stopMs = stopTimeoutMs(options);
    const inbox = options.source.inbox;
    const link = inbox === undefined ? undefined : linkTo(inbox, api, report);
    dispatcher = new Dispatcher(
      link?.journaled(handler) ?? handler,
      onError,
      concurrency,
      link && ((context) => link.finished(context)),
      link && ((context) => link.dispatched(context)),
    );
    const receiver = new WebhookReceiver(dispatcher, control, options, stopMs, link);
    return new MessageLoop(control, () => receiver.run(), options.signal, onError);
  }
  const polling = options as PollingOptions;
  const inbox = polling.inbox ?? api.inboxStates?.inbox;
  const settings = pollSettings(inbox === polling.inbox ? polling : { ...polling, inbox }, concurrency);
  const link = inbox === undefined ? undefined : linkTo(inbox, api, report);
  let poller: Poller | undefined;
  dispatcher = new Dispatcher(
    link?.journaled(handler) ?? handler,
    onError,
    concurrency,
    (context) => poller!.finished(context),
    link && ((context) => link.dispatched(context)),
  );
  poller = new Poller(api, dispatcher, control, new PollCycle(settings), link);
  const started = poller;
  return new MessageLoop(control, () => started.run(), options.signal, onError);
}
