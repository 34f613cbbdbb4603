// Seed functions: each maps an incoming object to the key of the conversation it belongs to.
// Python told keyed seeds (hashable tuples) from "always spawn" seeds (unhashable lists); here a
// keyed seed is a number, a string or a seedKey(...) tuple, and ALWAYS says "a new delegate each time".
import { type AnyFlavor, flavor, isEvent } from "../message/flavor.js";

/** The seed that spawns a fresh, unrecorded delegate for every message it is computed for. */
export const ALWAYS: unique symbol = Symbol("telepot.seed.always");

/** One part of a tuple seed. */
export type SeedPart = string | number;

/** A tuple seed (e.g. a callback query's origin); equal parts give an equal `key`. */
export interface SeedTuple {
  /** The parts, in order. */
  readonly parts: readonly SeedPart[];
  /** A stable string standing for the parts: the delegate map's key. */
  readonly key: string;
}

/** A seed that names one conversation: the delegate for it lives until it ends. */
export type SeedKey = number | string | SeedTuple;

/** What a seed function returns: a keyed seed, {@link ALWAYS}, or null to ignore the object. */
export type Seed = SeedKey | typeof ALWAYS | null;

/** Anything a bot receives: the inner object of an update, or a telepot event (`{_name: {...}}`). */
export type Payload = object;

/** Maps a received object to a seed. */
export type SeedFunction = (msg: Payload) => Seed;

/** The chat types a seed can filter on; "all" (the default) does not filter. */
export type ChatTypes = "all" | readonly string[];

/** The flavors a seed can filter on; "all" does not filter. */
export type Flavors = "all" | readonly AnyFlavor[];

// A prefix no chat id or payload string is likely to start with, so tuple keys never equal a plain
// string seed (the map key of a string seed is the string itself).
const TUPLE_PREFIX = "\u0000seed:";

/** A keyed tuple seed from its parts, e.g. `seedKey(chatId, messageId)`. */
export function seedKey(...parts: SeedPart[]): SeedTuple {
  return Object.freeze({ parts: Object.freeze(parts.slice()), key: TUPLE_PREFIX + JSON.stringify(parts) });
}

/** Whether a seed is a tuple seed made by {@link seedKey}. */
export function isSeedTuple(seed: unknown): seed is SeedTuple {
  return typeof seed === "object" && seed !== null && typeof (seed as SeedTuple).key === "string";
}

/** The delegate-map key of a keyed seed. */
export function keyOf(seed: SeedKey): string | number {
  return typeof seed === "object" ? seed.key : seed;
}

/** A readable form of a seed, for error reports. */
export function describeSeed(seed: Seed): string {
  if (seed === ALWAYS) return "ALWAYS";
  if (seed === null) return "null";
  return typeof seed === "object" ? `(${seed.parts.join(", ")})` : String(seed);
}

/** A field of an object, or undefined when the value is not an object. */
export function fieldOf(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The flavor of an object, or undefined when it has none (a seed then ignores it). */
function flavorOf(msg: unknown): AnyFlavor | undefined {
  try {
    return flavor(msg);
  } catch {
    return undefined;
  }
}

function wanted(list: "all" | readonly string[], value: unknown): boolean {
  return list === "all" || (typeof value === "string" && list.includes(value));
}

function asKey(value: unknown): number | string | null {
  return typeof value === "number" || typeof value === "string" ? value : null;
}

/** The chat id of a message (flavor `normal`) whose chat type is in `types`. */
export function perChatId(types: ChatTypes = "all"): SeedFunction {
  return (msg) => {
    if (flavorOf(msg) !== "normal") return null;
    const chat = fieldOf(msg, "chat");
    return wanted(types, fieldOf(chat, "type")) ? asKey(fieldOf(chat, "id")) : null;
  };
}

function memberOf(ids: Iterable<number | string>): Set<number | string> {
  return new Set(ids);
}

/** {@link perChatId}, only for chat ids in `ids`. */
export function perChatIdIn(ids: Iterable<number | string>, types: ChatTypes = "all"): SeedFunction {
  const set = memberOf(ids);
  const seed = perChatId(types);
  return (msg) => {
    const id = seed(msg);
    return id !== null && set.has(id as number | string) ? id : null;
  };
}

/** {@link perChatId}, only for chat ids not in `ids`. */
export function perChatIdExcept(ids: Iterable<number | string>, types: ChatTypes = "all"): SeedFunction {
  const set = memberOf(ids);
  const seed = perChatId(types);
  return (msg) => {
    const id = seed(msg);
    return id !== null && !set.has(id as number | string) ? id : null;
  };
}

/** The flavors {@link perFromId} follows by default (callback queries excluded, as in telepot). */
export const DEFAULT_FROM_FLAVORS: readonly AnyFlavor[] = ["normal", "inline_query", "chosen_inline_result"];

/** The sender's user id (`from.id`) of an object of one of `flavors`. */
export function perFromId(flavors: Flavors = DEFAULT_FROM_FLAVORS): SeedFunction {
  return (msg) => (wanted(flavors, flavorOf(msg)) ? asKey(fieldOf(fieldOf(msg, "from"), "id")) : null);
}

/** {@link perFromId}, only for user ids in `ids`. */
export function perFromIdIn(ids: Iterable<number>, flavors: Flavors = DEFAULT_FROM_FLAVORS): SeedFunction {
  const set = memberOf(ids);
  const seed = perFromId(flavors);
  return (msg) => {
    const id = seed(msg);
    return id !== null && set.has(id as number) ? id : null;
  };
}

/** {@link perFromId}, only for user ids not in `ids`. */
export function perFromIdExcept(
  ids: Iterable<number>,
  flavors: Flavors = DEFAULT_FROM_FLAVORS,
): SeedFunction {
  const set = memberOf(ids);
  const seed = perFromId(flavors);
  return (msg) => {
    const id = seed(msg);
    return id !== null && !set.has(id as number) ? id : null;
  };
}

/** The flavors of inline mode. */
export const INLINE_FLAVORS: readonly AnyFlavor[] = ["inline_query", "chosen_inline_result"];

/** The sender's user id, for inline queries and chosen inline results only. */
export function perInlineFromId(): SeedFunction {
  return perFromId(INLINE_FLAVORS);
}

/** {@link perInlineFromId}, only for user ids in `ids`. */
export function perInlineFromIdIn(ids: Iterable<number>): SeedFunction {
  return perFromIdIn(ids, INLINE_FLAVORS);
}

/** {@link perInlineFromId}, only for user ids not in `ids`. */
export function perInlineFromIdExcept(ids: Iterable<number>): SeedFunction {
  return perFromIdExcept(ids, INLINE_FLAVORS);
}

/** The same seed (1) for everything: one delegate for the whole application. */
export function perApplication(): SeedFunction {
  return () => 1;
}

/** {@link ALWAYS} for every object of one of `flavors`: a new delegate per message. */
export function perMessage(flavors: Flavors = "all"): SeedFunction {
  return (msg) => (wanted(flavors, flavorOf(msg)) ? ALWAYS : null);
}

/** The `source.id` of an event (`{_name: {source: {space, id}}}`) whose `source.space` is `space`. */
export function perEventSourceId(space: number | string): SeedFunction {
  return (msg) => {
    const kind = flavorOf(msg);
    if (kind === undefined || !isEvent(kind)) return null;
    const source = fieldOf(fieldOf(msg, kind), "source");
    return fieldOf(source, "space") === space ? asKey(fieldOf(source, "id")) : null;
  };
}

/** The chat id of the message a callback query came from, if its chat type is in `types`. */
export function perCallbackQueryChatId(types: ChatTypes = "all"): SeedFunction {
  return (msg) => {
    if (flavorOf(msg) !== "callback_query") return null;
    const chat = fieldOf(fieldOf(msg, "message"), "chat");
    return wanted(types, fieldOf(chat, "type")) ? asKey(fieldOf(chat, "id")) : null;
  };
}

/** The kinds of callback query origin: a chat message, or an inline message. */
export type OriginKind = "chat" | "inline";

/**
 * A callback query's origin: `seedKey(inline_message_id)` for an inline message,
 * `seedKey(chat_id, message_id)` for a chat message, if its kind is in `origins`.
 */
export function perCallbackQueryOrigin(origins: "all" | readonly OriginKind[] = "all"): SeedFunction {
  return (msg) => {
    if (flavorOf(msg) !== "callback_query") return null;
    const inline = fieldOf(msg, "inline_message_id");
    if (typeof inline === "string") return wanted(origins, "inline") ? seedKey(inline) : null;
    const message = fieldOf(msg, "message");
    const chatId = asKey(fieldOf(fieldOf(message, "chat"), "id"));
    const messageId = asKey(fieldOf(message, "message_id"));
    if (chatId === null || messageId === null || !wanted(origins, "chat")) return null;
    return seedKey(chatId, messageId);
  };
}

/** The invoice payload of a shipping query, a pre-checkout query or a successful payment message. */
export function perInvoicePayload(): SeedFunction {
  return (msg) => {
    const payment = fieldOf(msg, "successful_payment");
    if (payment !== undefined) return asKey(fieldOf(payment, "invoice_payload"));
    const kind = flavorOf(msg);
    if (kind !== "shipping_query" && kind !== "pre_checkout_query") return null;
    return asKey(fieldOf(msg, "invoice_payload"));
  };
}

/** The first seed of `fns` (tried in order) that satisfies `condition`, or null. */
export function until(condition: (seed: Seed) => boolean, fns: readonly SeedFunction[]): SeedFunction {
  return (msg) => {
    for (const fn of fns) {
      const seed = fn(msg);
      if (condition(seed)) return seed;
    }
    return null;
  };
}

/** The first seed of `fns` (tried in order) that is not null. */
export function chain(...fns: SeedFunction[]): SeedFunction {
  return until((seed) => seed !== null, fns);
}
