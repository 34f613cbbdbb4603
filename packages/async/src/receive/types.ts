// The shapes a message loop's user sees: what a handler receives and the loop's options.
import type {
  ApiCalls,
  BackoffOptions,
  GetUpdatesParams,
  Inbox,
  InboxStates,
  UnknownUpdate,
  Update,
  UpdateKind,
  UpdatePayloads,
} from "@telepot/core";

/**
 * One received update, as a handler's second argument. `kind` says which field of the Update
 * carried it and narrows `payload` (`if (context.kind === "callback_query") context.payload.data`);
 * an update of a kind this version does not know has kind `"unknown"`.
 */
export type UpdateContext =
  | {
      [K in UpdateKind]: {
        /** The update's kind: the name of its field other than `update_id`. */
        readonly kind: K;
        /** The update's inner object (a Message, a CallbackQuery, ...). */
        readonly payload: UpdatePayloads[K];
        /** The whole update, as received. */
        readonly update: Update;
      };
    }[UpdateKind]
  | {
      /** An update of a kind this version does not know. */
      readonly kind: "unknown";
      /** The name and value of the update's unknown field. */
      readonly payload: UnknownUpdate;
      /** The whole update, as received. */
      readonly update: Update;
    };

/** The inner object of an update (a Message, a CallbackQuery, ...), the handler's first argument. */
export type UpdatePayload = UpdateContext["payload"];

/**
 * Handles one update: receives the inner object (as telepot's `handle(msg)` did) and its
 * context. May return a promise; the update counts as handled when it settles.
 */
export type UpdateHandler = (payload: UpdatePayload, context: UpdateContext) => unknown;

/** Receives what went wrong: a handler failure (with its update's context) or a polling problem. */
export type ErrorHandler = (error: unknown, context?: UpdateContext) => void;

/**
 * What a polling loop needs from a bot: getUpdates; and, if it has one, `call` with an abort
 * signal (as Bot has), so that stopping cuts a long poll short instead of waiting it out.
 */
export interface PollingApi extends Pick<ApiCalls<"async">, "getUpdates"> {
  /** Calls a method with per-call options (Bot.call). */
  call?(method: "getUpdates", params: GetUpdatesParams, options: { signal?: AbortSignal }): Promise<Update[]>;
}

/** An object whose `handle` method serves as the handler when none is given (class-based bots). */
export interface HandlerHost {
  /** The default handler. */
  handle?: UpdateHandler | ((payload: never, context: never) => unknown);
}

/** A bot that keeps its conversations in an inbox (a DelegatorBot made with `inbox`). */
export interface InboxHost {
  /** The inbox and the conversation states committed with each update. */
  readonly inboxStates?: InboxStates | undefined;
}

/** The default {@link LoopOptions.concurrency}. */
export const DEFAULT_CONCURRENCY = 500;

/** Options shared by polling and webhook loops. */
export interface LoopOptions {
  /**
   * At most this many updates are handled at once (updates of one chat always one at a time).
   * Default 500. (Polling at-least-once never has more than `limit` updates in flight.)
   */
  concurrency?: number;
  /** Told about every handler failure and polling problem. Default: console.error (never with the token). */
  onError?: ErrorHandler;
  /** Aborting it stops the loop as {@link MessageLoop.stop} does. */
  signal?: AbortSignal;
  /** How long stopping waits for running handlers before giving up on them, in ms. Default 10 000. */
  stopTimeoutMs?: number;
  /** @deprecated Renamed stopTimeoutMs (the same milliseconds); this name goes in the next major version. */
  stopTimeout?: number;
}

/** Options of a polling loop (the default source: getUpdates). */
export interface PollingOptions extends LoopOptions {
  /** How long each getUpdates waits for updates, in seconds (its `timeout` parameter). Default 20. */
  pollTimeoutSeconds?: number;
  /** @deprecated Renamed pollTimeoutSeconds (the same seconds); this name goes in the next major version. */
  timeout?: number;
  /** Updates per getUpdates call, 1-100. Default 100. */
  limit?: number;
  /** Update kinds to receive (getUpdates `allowed_updates`); sent with the first call. Default: Telegram's. */
  allowedUpdates?: readonly string[];
  /** The offset to start from (getUpdates `offset`; negative: the last -offset updates). Default: the first unconfirmed update. */
  offset?: number;
  /**
   * When updates are confirmed to Telegram. "at-least-once" (default): only after their handler
   * finished, so a crash loses nothing (updates in flight come again); a handler that never
   * finishes holds back polling once about limit/2 later updates are waiting behind it.
   * "at-most-once": as soon as they are fetched (the next poll confirms them), so a slow handler
   * holds nothing back, but updates in flight when the process dies are lost.
   */
  delivery?: "at-least-once" | "at-most-once";
  /**
   * A durable inbox (e.g. `SqliteInbox` from @telepot/sqlite). Each fetched batch is committed to
   * it and confirmed to Telegram at once; an update is marked done in it when its handler has
   * settled. After a crash, the next loop on the same inbox first handles what was not done, in
   * order. A crash loses no confirmed update; only the handlers running at the moment of the
   * crash run again. `delivery` does not apply.
   */
  inbox?: Inbox;
  /**
   * With an inbox or at-most-once: polling pauses while this many fetched updates wait for or
   * run in a handler (at least `limit`). Default: the larger of `limit` and 10 x concurrency.
   */
  maxBacklog?: number;
  /** Backoff after a failed getUpdates. Default: first 500 ms, at most 30 000 ms. */
  backoff?: BackoffOptions & {
    /** @deprecated Renamed firstMs (the same milliseconds); this name goes in the next major version. */
    readonly base?: number;
    /** @deprecated Renamed maxMs (the same milliseconds); this name goes in the next major version. */
    readonly max?: number;
  };
}

/** Options of a webhook loop: updates come from a queue that webhook requests feed. */
export interface WebhookLoopOptions extends LoopOptions {
  /** The queue the webhook handler feeds (see nodeHttpWebhook / fetchWebhook). */
  source: UpdateSource;
  /** Restore update_id order (default true); false hands updates on in arrival order. */
  ordered?: boolean;
  /** In ordered mode, how long a missing update_id is waited for, in ms (also at the start, for lower ids). Default 3000. */
  maxHoldMs?: number;
  /** @deprecated Renamed maxHoldMs (the same milliseconds); this name goes in the next major version. */
  maxHold?: number;
  /**
   * In ordered mode, told about an update that came after its wait had ended (or below the first
   * id of the start): it is handled anyway, out of order. Default: reported to onError as a LateUpdate.
   */
  onLate?: (update: Update, expectedId: number) => void;
}

/** Options of messageLoop: polling unless a `source` is given. */
export type MessageLoopOptions = PollingOptions | WebhookLoopOptions;

/** Where a webhook loop takes its updates from (an UpdateQueue). */
export interface UpdateSource {
  /** The inbox the source commits each update to before acknowledging it, if any (the loop marks them done there). */
  readonly inbox?: Inbox | undefined;
  /** Starts handing every queued and future update to `sink`; only one consumer at a time. */
  attach(sink: (update: Update) => void): void;
  /** Stops handing updates on; later ones are kept for the next consumer. */
  detach(sink: (update: Update) => void): void;
}
