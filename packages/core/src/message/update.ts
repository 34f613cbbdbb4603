// Unwrapping an Update into its kind and inner object. An unknown kind is data, never an error: a kind
// added to the Bot API later must not stop a receiving loop (telepot froze on one, its bug #186).
import { UPDATE_KINDS, type UpdateKind } from "../generated/meta.js";
import type { Update } from "../generated/types.js";
import type { Flavor } from "./flavor.js";

/** The inner object type of each update kind. */
export type UpdatePayloads = { [K in UpdateKind]-?: NonNullable<Update[K]> };

/** The flavor of each update kind's inner object (as {@link flavor} reports it). */
export const UPDATE_FLAVORS = {
  message: "normal",
  edited_message: "normal",
  channel_post: "normal",
  edited_channel_post: "normal",
  business_connection: "business_connection",
  business_message: "normal",
  edited_business_message: "normal",
  deleted_business_messages: "deleted_business_messages",
  guest_message: "normal",
  message_reaction: "message_reaction",
  message_reaction_count: "message_reaction_count",
  inline_query: "inline_query",
  chosen_inline_result: "chosen_inline_result",
  callback_query: "callback_query",
  shipping_query: "shipping_query",
  pre_checkout_query: "pre_checkout_query",
  purchased_paid_media: "purchased_paid_media",
  poll: "poll",
  poll_answer: "poll_answer",
  my_chat_member: "chat_member",
  chat_member: "chat_member",
  chat_join_request: "chat_join_request",
  chat_boost: "chat_boost",
  removed_chat_boost: "removed_chat_boost",
  managed_bot: "managed_bot",
  subscription: "subscription",
} as const satisfies { readonly [K in UpdateKind]: Flavor };

/** The flavor type of each update kind. */
export type UpdateFlavors = typeof UPDATE_FLAVORS;

/** An update of a known kind: `[kind, innerObject]`; narrowing on the kind narrows the object. */
export type KnownUpdate = { [K in UpdateKind]: [kind: K, payload: UpdatePayloads[K]] }[UpdateKind];

/** What an update of a kind this version does not know carries. */
export interface UnknownUpdate {
  /** The name of the update's field other than `update_id`, or undefined if it has none. */
  readonly kind: string | undefined;
  /** That field's value, as received. */
  readonly value: unknown;
}

/** The result of {@link unwrapUpdate}: a known kind with its object, or `["unknown", {kind, value}]`. */
export type UnwrappedUpdate = KnownUpdate | [kind: "unknown", payload: UnknownUpdate];

const KNOWN: ReadonlySet<string> = new Set(UPDATE_KINDS);

/** Whether a name is an update kind of Bot API 10.2. */
export function isUpdateKind(name: string): name is UpdateKind {
  return KNOWN.has(name);
}

/**
 * Splits an Update into `[kind, innerObject]`. Never throws: an update whose field is of an unknown kind
 * (or that is not an object, or has no field but `update_id`) comes back as `["unknown", {kind, value}]`.
 */
export function unwrapUpdate(update: Update): UnwrappedUpdate {
  if (typeof update !== "object" || update === null) return ["unknown", { kind: undefined, value: update }];
  const record = update as unknown as Record<string, unknown>;
  let unknown: UnknownUpdate | undefined;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (key === "update_id" || value === undefined) continue;
    if (isUpdateKind(key) && value !== null) return [key, value] as KnownUpdate;
    unknown ??= { kind: key, value };
  }
  return ["unknown", unknown ?? { kind: undefined, value: undefined }];
}
