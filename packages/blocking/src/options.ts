// The options of a blocking Bot and of its message loops.
import type {
  BotOptions as AsyncBotOptions,
  DownloadOptions as AsyncDownloadOptions,
  BotLogger,
  PollingOptions,
  UpdateContext,
  UpdateSource,
  WebhookLoopOptions,
} from "@telepot/async";
import type { BlockingCallOptions, RetryOptions, SyncInbox } from "@telepot/core";

/**
 * The options of the async Bot that configure it inside the worker thread. Only these cross the
 * thread: a subclass's own options (functions such as onDelegateError) could not be cloned.
 */
export const WORKER_OPTIONS = [
  "apiRoot",
  "timeoutMs",
  "uploadTimeoutMs",
  "timeout",
  "uploadTimeout",
  "retry",
  "floodControl",
  "connections",
] as const satisfies readonly (keyof AsyncBotOptions)[];

/**
 * Options of `new Bot(token, options)`: those of the async Bot that configure it in the worker
 * thread (apiRoot, timeouts, retry, floodControl, connections), its logger (which runs on this
 * thread), and the blocking ones.
 */
export interface BotOptions
  extends Pick<AsyncBotOptions, Exclude<(typeof WORKER_OPTIONS)[number], "retry"> | "logger"> {
  /**
   * How the worker retries failed requests (see RetryOptions), or false for never. Numbers only:
   * a policy function cannot cross to the worker thread.
   */
  readonly retry?: RetryOptions | false;
  /**
   * The longest a blocking call may wait, in ms, before it throws SyncTimeoutError (the worker is
   * then replaced). Default: enough for the bot's timeouts, retries and flood waits to play out.
   */
  readonly deadlineMs?: number;
  /** @deprecated Renamed deadlineMs (the same milliseconds); this name goes in the next major version. */
  readonly deadline?: number;
  /**
   * Microseconds to spin before sleeping while a call waits (default 300 on a machine with 4 or
   * more cores, else 0): a loopback reply usually lands within it, saving the tens of microseconds
   * a sleeping thread takes to wake up. On fewer cores the spin takes the core that the worker and
   * a local server need, and makes calls slower.
   */
  readonly spinMicros?: number;
}

/** Options of one call (the last argument of every method and of `bot.call`), from core. */
export type CallOptions = BlockingCallOptions;

/** Options of a blocking download (progress callbacks and signals cannot run while this thread waits). */
export type DownloadOptions = Pick<AsyncDownloadOptions, "timeoutMs" | "timeout">;

/** The logger type of the async Bot, re-exported. */
export type { BotLogger };

/** Options shared by the blocking loops. */
interface BlockingLoopExtras {
  /**
   * Block and handle updates here until the loop stops (telepot's `run_forever`), instead of
   * returning at once and handling them while this thread is idle.
   */
  readonly runForever?: boolean;
  /** Told about every handler failure and loop problem. Default: console.error (never with the token). */
  readonly onError?: (error: unknown, context?: UpdateContext) => void;
  /**
   * Told once when the loop has ended: after a stop (with undefined), or on a fatal error such as
   * a wrong token or another instance polling (with the error, which also goes to onError).
   */
  readonly onEnd?: (error: Error | undefined) => void;
}

/** Options of a blocking polling loop. */
export type BlockingPollingOptions = Omit<PollingOptions, "onError" | "concurrency" | "inbox"> &
  BlockingLoopExtras & {
    /**
     * A durable inbox that answers synchronously (e.g. `SqliteInbox` from @telepot/sqlite): each
     * fetched batch is committed to it and confirmed at once, each update marked done as its
     * handler returns (with the conversation state it changed); after a crash, the next loop on
     * the same inbox first handles what was not done, in order. `delivery` does not apply.
     */
    readonly inbox?: SyncInbox;
  };

/**
 * Options of a blocking webhook loop: updates put into `source` on this thread. A late update
 * (handled out of order) is reported to onError as a LateUpdate.
 */
export type BlockingWebhookOptions = Omit<
  WebhookLoopOptions,
  "onError" | "concurrency" | "source" | "onLate"
> &
  BlockingLoopExtras & {
    /** The queue the webhook handler (nodeHttpWebhook / fetchWebhook) feeds on this thread. */
    readonly source: UpdateSource;
  };

/** Options of notifyOnMessage / messageLoop: polling unless a `source` is given. */
export type BlockingLoopOptions = BlockingPollingOptions | BlockingWebhookOptions;

/** The async package's name for the loop options. */
export type MessageLoopOptions = BlockingLoopOptions;
