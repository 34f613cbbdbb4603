import type { ResponseParameters } from "./generated/types.js";
import { redactText } from "./protocol/redact.js";

/**
 * The static property holding an error class's brand: a plain name (not a computed key) so that
 * bundlers can still drop unused error classes. The same in every copy of telepot in a process
 * (the ESM and the CJS build, two installed versions), so `instanceof` can look past the copy that
 * made an error (see {@link TelepotError}).
 */
export const ERROR_BRAND = "telepotBrand";

/** A class that may carry a brand. */
type Branded = { readonly telepotBrand?: string };

/**
 * The base class of every error telepot raises itself (not of errors from the runtime or the
 * network). Each telepot error class has a brand (`static telepotBrand`), and `instanceof` also
 * answers true for an error made by another copy of the package whose class has the same brand.
 */
export class TelepotError extends Error {
  /** The brand that `instanceof` matches across copies of telepot. */
  static readonly telepotBrand: string = "telepot.TelepotError";

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }

  /** `error instanceof TelegramError` for errors of this copy, and by brand for other copies'. */
  static override [Symbol.hasInstance]<T>(
    this: abstract new (
      ...args: never[]
    ) => T,
    value: unknown,
  ): value is T {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== "object" || value === null || !Object.hasOwn(this, ERROR_BRAND)) return false;
    const brand = (this as Branded)[ERROR_BRAND];
    for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
      const owner: unknown = Object.hasOwn(proto, "constructor") ? proto.constructor : undefined;
      if (
        typeof owner === "function" &&
        Object.hasOwn(owner, ERROR_BRAND) &&
        (owner as Branded)[ERROR_BRAND] === brand
      )
        return true;
    }
    return false;
  }
}

/** An object whose flavor cannot be told, or that cannot be read as the flavor asked for. */
export class BadFlavor extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.BadFlavor";
  /** The object (or value) that could not be classified, kept whole so nothing is lost. */
  readonly offender: unknown;

  constructor(offender: unknown, message = "Cannot tell the flavor of this object") {
    super(message);
    this.offender = offender;
  }
}

/** What Telegram said when it refused a request (`ok: false`), plus the method that was called. */
export interface TelegramErrorInit {
  /** The Bot API method the request called. */
  readonly method: string;
  /** Telegram's `description`. */
  readonly description: string;
  /** Telegram's `error_code` (an HTTP-like status); undefined when the error did not come from Telegram. */
  readonly errorCode?: number | undefined;
  /** Telegram's `parameters` (`retry_after`, `migrate_to_chat_id`), if any. */
  readonly parameters?: ResponseParameters | undefined;
}

/** Telegram answered `ok: false`. Specific refusals get a subclass (see {@link telegramErrorFrom}). */
export class TelegramError extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.TelegramError";
  /** Case-insensitive patterns of `description` that select this class (subclasses set their own). */
  static readonly descriptionPatterns: readonly RegExp[] = [];
  /** The Bot API method the request called. */
  readonly method: string;
  /** Telegram's `description`. */
  readonly description: string;
  /** Telegram's `error_code`; undefined when the error was raised locally (e.g. no file_path). */
  readonly errorCode: number | undefined;
  /** Telegram's `parameters`; an empty object when it sent none. */
  readonly parameters: ResponseParameters;

  constructor(init: TelegramErrorInit) {
    const code = init.errorCode === undefined ? "" : ` (${init.errorCode})`;
    super(`${init.method}: ${init.description}${code}`);
    this.method = init.method;
    this.description = init.description;
    this.errorCode = init.errorCode;
    this.parameters = init.parameters ?? {};
  }
}

/** The token is wrong or revoked (401). */
export class UnauthorizedError extends TelegramError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.UnauthorizedError";
  static override readonly descriptionPatterns = [/unauthorized/i];
}

/** The bot was kicked from the group or channel it addressed. */
export class BotWasKickedError extends TelegramError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.BotWasKickedError";
  static override readonly descriptionPatterns = [/bot.*kicked/i];
}

/** The user blocked the bot. */
export class BotWasBlockedError extends TelegramError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.BotWasBlockedError";
  static override readonly descriptionPatterns = [/bot.*blocked/i];
}

/** Flood control (429); `retryAfter` says how many seconds to wait. */
export class TooManyRequestsError extends TelegramError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.TooManyRequestsError";
  static override readonly descriptionPatterns = [/too *many *requests/i];

  /** Seconds Telegram asks to wait before repeating the request (undefined if it did not say). */
  get retryAfter(): number | undefined {
    return this.parameters.retry_after;
  }
}

/** The group became a supergroup; `migrateToChatId` is the chat to use from now on. */
export class MigratedToSupergroupChatError extends TelegramError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.MigratedToSupergroupChatError";
  static override readonly descriptionPatterns = [/migrated.*supergroup *chat/i];

  /** The supergroup's chat id (undefined if Telegram did not say). */
  get migrateToChatId(): number | undefined {
    return this.parameters.migrate_to_chat_id;
  }
}

/** The bot lacks the administrator right the call needs. */
export class NotEnoughRightsError extends TelegramError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.NotEnoughRightsError";
  static override readonly descriptionPatterns = [/not *enough *rights/i];
}

/** The chat does not exist or the bot cannot see it. */
export class ChatNotFoundError extends TelegramError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.ChatNotFoundError";
  static override readonly descriptionPatterns = [/chat *not *found/i];
}

/** A subclass of TelegramError that {@link telegramErrorFrom} may choose. */
export type TelegramErrorClass = (new (
  init: TelegramErrorInit,
) => TelegramError) & {
  /** Case-insensitive patterns of Telegram's `description` that select this class. */
  readonly descriptionPatterns: readonly RegExp[];
};

// Tried in order; the first whose pattern matches the description wins (as telepot did).
const SPECIFIC: TelegramErrorClass[] = [
  UnauthorizedError,
  BotWasKickedError,
  BotWasBlockedError,
  TooManyRequestsError,
  MigratedToSupergroupChatError,
  NotEnoughRightsError,
  ChatNotFoundError,
];

/**
 * Adds a TelegramError subclass that {@link telegramErrorFrom} chooses when one of its
 * `descriptionPatterns` matches; classes registered later are tried after the built-in ones.
 */
export function registerTelegramError(cls: TelegramErrorClass): void {
  if (!SPECIFIC.includes(cls)) SPECIFIC.push(cls);
}

/** The most specific TelegramError for a refusal: error_code and parameters first, then the description. */
export function telegramErrorFrom(init: TelegramErrorInit): TelegramError {
  // The code and parameters are stable; descriptions are prose Telegram may reword.
  if (init.errorCode === 401) return new UnauthorizedError(init);
  if (init.errorCode === 429 || init.parameters?.retry_after !== undefined)
    return new TooManyRequestsError(init);
  if (init.parameters?.migrate_to_chat_id !== undefined) return new MigratedToSupergroupChatError(init);
  for (const cls of SPECIFIC) {
    if (cls.descriptionPatterns.some((pattern) => pattern.test(init.description))) return new cls(init);
  }
  return new TelegramError(init);
}

/** The reply was not a Bot API answer (not JSON, or JSON without `ok`): a proxy page, an outage, a wrong apiRoot. */
export class BadHTTPResponse extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.BadHTTPResponse";
  /** The HTTP status of the reply. */
  readonly status: number;
  /** The start of the reply's body (at most {@link BODY_EXCERPT_LENGTH} characters), for diagnosis. */
  readonly body: string;
  /** The Bot API method the request called. */
  readonly method: string;

  /** `secret` (the token) is scrubbed from the body before it is cut to an excerpt, so no piece of it survives the cut. */
  constructor(method: string, status: number, body: string, secret = "") {
    const excerpt = excerptOf(redactText(body, secret));
    super(`${method}: HTTP ${status} with a reply that is not a Bot API answer: ${JSON.stringify(excerpt)}`);
    this.method = method;
    this.status = status;
    this.body = excerpt;
  }
}

/** How many characters of an unexpected reply body a {@link BadHTTPResponse} keeps. */
export const BODY_EXCERPT_LENGTH = 200;

function excerptOf(body: string): string {
  return body.length > BODY_EXCERPT_LENGTH ? `${body.slice(0, BODY_EXCERPT_LENGTH)}…` : body;
}

/**
 * What went wrong on the wire, as far as a driver can tell. "interrupted": the process handling an
 * inbox update stopped (a crash) while the call was in flight; the call journal reports it when the
 * update is handled again (see CallJournal).
 */
export type NetworkFaultKind = "connect" | "timeout" | "reset" | "aborted" | "interrupted" | "other";

/** The request failed on the network. `mayHaveReachedServer` says whether Telegram may have acted on it. */
export class NetworkError extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.NetworkError";
  /** The Bot API method the request called. */
  readonly method: string;
  /** The kind of fault. */
  readonly kind: NetworkFaultKind;
  /** False only when the request surely never reached the server (so repeating it cannot duplicate). */
  readonly mayHaveReachedServer: boolean;

  constructor(
    method: string,
    kind: NetworkFaultKind,
    mayHaveReachedServer: boolean,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${method}: ${detail}`, options);
    this.method = method;
    this.kind = kind;
    this.mayHaveReachedServer = mayHaveReachedServer;
  }
}

/**
 * A call made while handling an inbox update was not sent because the call journal could not record
 * it first (its store failed, or this process lost its claim on the update). The update is not
 * marked done: it is handled again (by the next process, or by a Redis worker once the key is given
 * up), and the calls recorded before are answered from the journal then.
 */
export class JournalError extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.JournalError";
  /** The Bot API method that was not sent. */
  readonly method: string;
  /** The update whose handling made the call. */
  readonly updateId: number;

  constructor(method: string, updateId: number, options?: ErrorOptions) {
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
    super(`${method}: not sent, the call journal of update ${updateId} could not record it${why}`, options);
    this.method = method;
    this.updateId = updateId;
  }
}

/** A wait (for a message, for a reply) lasted longer than allowed. */
export class WaitTooLong extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.WaitTooLong";
  /** How long the wait was allowed to last, in seconds. */
  readonly seconds: number | undefined;

  constructor(seconds?: number, message?: string) {
    super(message ?? (seconds === undefined ? "Waited too long" : `Waited longer than ${seconds} s`));
    this.seconds = seconds;
  }
}

/** A conversation handler sat idle past its timeout and is being closed. */
export class IdleTerminate extends WaitTooLong {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.IdleTerminate";
}

/** Thrown by a handler to end its conversation (or a listener to stop listening). */
export class StopListening extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.StopListening";
  /** An optional code for whoever closes the conversation. */
  readonly code: number | string | undefined;
  /** An optional reason for whoever closes the conversation. */
  readonly reason: string | undefined;

  constructor(code?: number | string, reason?: string) {
    super(reason ?? "Stop listening");
    this.code = code;
    this.reason = reason;
  }
}
