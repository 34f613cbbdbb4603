// glance: the few fields a handler almost always needs first, as a tuple, per flavor.
import { BadFlavor } from "../errors.js";
import type { ContentType } from "../generated/meta.js";
import type { Message } from "../generated/types.js";
import { contentType } from "./content.js";
import { type AnyFlavor, type FlavorPayloads, flavor as flavorOf } from "./flavor.js";

/** The chat types the Bot API documents (Chat.type). */
export type ChatType = "private" | "group" | "supergroup" | "channel";

/** The glances of each flavor glance can read. */
export interface ShortGlances {
  /** A message: its content type, chat type and chat id. */
  normal: [contentType: ContentType, chatType: ChatType, chatId: number];
  /** An inline query: its id, the sender's id and the query text. */
  inline_query: [queryId: string, fromId: number, query: string];
  /** A chosen inline result: the result id, the sender's id and the query text. */
  chosen_inline_result: [resultId: string, fromId: number, query: string];
  /** `data` is undefined for a game's callback query (it carries `game_short_name` instead). */
  callback_query: [queryId: string, fromId: number, data: string | undefined];
  /** A shipping query: its id, the sender's id and the invoice payload. */
  shipping_query: [queryId: string, fromId: number, invoicePayload: string];
  /** A pre-checkout query: its id, the sender's id and the invoice payload. */
  pre_checkout_query: [queryId: string, fromId: number, invoicePayload: string];
}

/** The glances of each flavor with `{ long: true }`: the short glance plus the extra fields, if the flavor has any. */
export interface LongGlances {
  /** A message: the short glance plus its date and message id. */
  normal: [contentType: ContentType, chatType: ChatType, chatId: number, date: number, messageId: number];
  /** An inline query: the short glance plus the offset of results to return. */
  inline_query: [queryId: string, fromId: number, query: string, offset: string];
  /** A chosen inline result: the same as its short glance. */
  chosen_inline_result: ShortGlances["chosen_inline_result"];
  /** A callback query: the same as its short glance. */
  callback_query: ShortGlances["callback_query"];
  /** A shipping query: the same as its short glance. */
  shipping_query: ShortGlances["shipping_query"];
  /** A pre-checkout query: the short glance plus the currency and total amount. */
  pre_checkout_query: [
    queryId: string,
    fromId: number,
    invoicePayload: string,
    currency: string,
    totalAmount: number,
  ];
}

/** A flavor glance can read; the others (poll, chat_member, events...) make it throw BadFlavor. */
export type GlanceFlavor = keyof ShortGlances;

/** Any short glance. */
export type Glance = ShortGlances[GlanceFlavor];

/** Any long glance. */
export type LongGlance = LongGlances[GlanceFlavor];

/** Options of {@link glance} and {@link flance}. */
export interface GlanceOptions {
  /** Add the flavor's extra fields (normal: date, message_id; inline_query: offset; pre_checkout_query: currency, total_amount). */
  readonly long?: boolean;
}

/** A flavor with its short glance; narrowing on the flavor narrows the glance. */
export type Flance = { [F in GlanceFlavor]: [flavor: F, glance: ShortGlances[F]] }[GlanceFlavor];

/** A flavor with its long glance. */
export type LongFlance = { [F in GlanceFlavor]: [flavor: F, glance: LongGlances[F]] }[GlanceFlavor];

type Short = { readonly long?: false };
type Long = { readonly long: true };

/** Reads a field that the flavor requires; a missing one is bad input, reported with the whole object. */
function required<T>(msg: unknown, flavor: string, path: readonly string[]): T {
  let value: unknown = msg;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  if (value === undefined || value === null) {
    throw new BadFlavor(msg, `This ${flavor} has no ${path.join(".")}`);
  }
  return value as T;
}

/** The glance of an object whose flavor is known. */
function read(msg: unknown, flavor: AnyFlavor, long: boolean): Glance | LongGlance {
  const get = <T>(...path: string[]): T => required<T>(msg, flavor, path);
  switch (flavor) {
    case "normal": {
      const short: ShortGlances["normal"] = [
        contentType(msg as Message),
        get<ChatType>("chat", "type"),
        get<number>("chat", "id"),
      ];
      return long ? [...short, get<number>("date"), get<number>("message_id")] : short;
    }
    case "inline_query": {
      const short: ShortGlances["inline_query"] = [get("id"), get("from", "id"), get("query")];
      return long ? [...short, get<string>("offset")] : short;
    }
    case "chosen_inline_result": {
      const short: ShortGlances["chosen_inline_result"] = [get("result_id"), get("from", "id"), get("query")];
      return short;
    }
    case "callback_query": {
      const data = (msg as FlavorPayloads["callback_query"]).data;
      const short: ShortGlances["callback_query"] = [get("id"), get("from", "id"), data];
      return short;
    }
    case "shipping_query": {
      const short: ShortGlances["shipping_query"] = [get("id"), get("from", "id"), get("invoice_payload")];
      return short;
    }
    case "pre_checkout_query": {
      const short: ShortGlances["pre_checkout_query"] = [
        get("id"),
        get("from", "id"),
        get("invoice_payload"),
      ];
      return long ? [...short, get<string>("currency"), get<number>("total_amount")] : short;
    }
    default:
      throw new BadFlavor(
        msg,
        `glance cannot read a ${flavor}: it reads messages, inline queries, chosen inline results, callback queries, shipping and pre-checkout queries`,
      );
  }
}

/**
 * The headline fields of a message or query as a tuple (see {@link ShortGlances}), for example
 * `[contentType, chatType, chatId]` for a message. The flavor is detected when omitted; when given, the
 * object must have that flavor.
 * @throws BadFlavor (carrying the object) for an object of no flavor, of another flavor than the one
 * given, of a flavor glance does not read, or missing a field the flavor requires; UnknownContentType
 * (a BadFlavor) for a message with no known content field.
 */
export function glance(msg: Message, flavor?: "normal", options?: Short): ShortGlances["normal"];
export function glance(msg: Message, flavor: "normal" | undefined, options: Long): LongGlances["normal"];
export function glance<F extends GlanceFlavor>(
  msg: FlavorPayloads[F],
  flavor: F,
  options?: Short,
): ShortGlances[F];
export function glance<F extends GlanceFlavor>(
  msg: FlavorPayloads[F],
  flavor: F,
  options: Long,
): LongGlances[F];
export function glance(msg: unknown, flavor?: AnyFlavor, options?: Short): Glance;
export function glance(msg: unknown, flavor: AnyFlavor | undefined, options: Long): LongGlance;
export function glance(msg: unknown, flavor?: AnyFlavor, options?: GlanceOptions): Glance | LongGlance;
export function glance(msg: unknown, flavor?: AnyFlavor, options: GlanceOptions = {}): Glance | LongGlance {
  const actual = flavorOf(msg);
  if (flavor !== undefined && flavor !== actual) {
    throw new BadFlavor(msg, `Expected flavor ${flavor}, got ${actual}`);
  }
  return read(msg, actual, options.long === true);
}

/**
 * The flavor and the glance of an object: `[flavor, glance]`.
 * @throws BadFlavor as {@link glance} does.
 */
export function flance(msg: Message, options?: Short): ["normal", ShortGlances["normal"]];
export function flance(msg: Message, options: Long): ["normal", LongGlances["normal"]];
export function flance(msg: unknown, options?: Short): Flance;
export function flance(msg: unknown, options: Long): LongFlance;
export function flance(msg: unknown, options?: GlanceOptions): Flance | LongFlance;
export function flance(msg: unknown, options: GlanceOptions = {}): Flance | LongFlance {
  const actual = flavorOf(msg);
  return [actual, read(msg, actual, options.long === true)] as Flance | LongFlance;
}
