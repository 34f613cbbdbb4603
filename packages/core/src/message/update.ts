// Unwrapping an Update into its kind and inner object. An unknown kind is data, never an error: a kind
// added to the Bot API later must not stop a receiving loop (telepot froze on one, its bug #186).
import { UPDATE_KINDS, type UpdateKind } from "../generated/meta.js";
import type { Update } from "../generated/types.js";
import type { Flavor } from "./flavor.js";

/** The inner object type of each update kind. */
export type UpdatePayloads = { [K in UpdateKind]-?: NonNullable<Update[K]> };

/** The flavor of each update kind's inner object (as {@link flavor} reports it). */
export const UPDATE_FLAVORS = {
  /** The object of an update of kind `message` has flavor `normal`. */
  message: "normal",
  /** The object of an update of kind `edited_message` has flavor `normal`. */
  edited_message: "normal",
  /** The object of an update of kind `channel_post` has flavor `normal`. */
  channel_post: "normal",
  /** The object of an update of kind `edited_channel_post` has flavor `normal`. */
  edited_channel_post: "normal",
  /** The object of an update of kind `business_connection` has flavor `business_connection`. */
  business_connection: "business_connection",
  /** The object of an update of kind `business_message` has flavor `normal`. */
  business_message: "normal",
  /** The object of an update of kind `edited_business_message` has flavor `normal`. */
  edited_business_message: "normal",
  /** The object of an update of kind `deleted_business_messages` has flavor `deleted_business_messages`. */
  deleted_business_messages: "deleted_business_messages",
  /** The object of an update of kind `guest_message` has flavor `normal`. */
  guest_message: "normal",
  /** The object of an update of kind `message_reaction` has flavor `message_reaction`. */
  message_reaction: "message_reaction",
  /** The object of an update of kind `message_reaction_count` has flavor `message_reaction_count`. */
  message_reaction_count: "message_reaction_count",
  /** The object of an update of kind `inline_query` has flavor `inline_query`. */
  inline_query: "inline_query",
  /** The object of an update of kind `chosen_inline_result` has flavor `chosen_inline_result`. */
  chosen_inline_result: "chosen_inline_result",
  /** The object of an update of kind `callback_query` has flavor `callback_query`. */
  callback_query: "callback_query",
  /** The object of an update of kind `shipping_query` has flavor `shipping_query`. */
  shipping_query: "shipping_query",
  /** The object of an update of kind `pre_checkout_query` has flavor `pre_checkout_query`. */
  pre_checkout_query: "pre_checkout_query",
  /** The object of an update of kind `purchased_paid_media` has flavor `purchased_paid_media`. */
  purchased_paid_media: "purchased_paid_media",
  /** The object of an update of kind `poll` has flavor `poll`. */
  poll: "poll",
  /** The object of an update of kind `poll_answer` has flavor `poll_answer`. */
  poll_answer: "poll_answer",
  /** The object of an update of kind `my_chat_member` has flavor `chat_member`. */
  my_chat_member: "chat_member",
  /** The object of an update of kind `chat_member` has flavor `chat_member`. */
  chat_member: "chat_member",
  /** The object of an update of kind `chat_join_request` has flavor `chat_join_request`. */
  chat_join_request: "chat_join_request",
  /** The object of an update of kind `chat_boost` has flavor `chat_boost`. */
  chat_boost: "chat_boost",
  /** The object of an update of kind `removed_chat_boost` has flavor `removed_chat_boost`. */
  removed_chat_boost: "removed_chat_boost",
  /** The object of an update of kind `managed_bot` has flavor `managed_bot`. */
  managed_bot: "managed_bot",
  /** The object of an update of kind `subscription` has flavor `subscription`. */
  subscription: "subscription",
  /** The object of an update of kind `stopped_message_generation` has flavor `stopped_message_generation`. */
  stopped_message_generation: "stopped_message_generation",
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

const KNOWN: ReadonlySet<string> = /* @__PURE__ */ new Set(UPDATE_KINDS);

/** Whether a name is an update kind of the Bot API version these packages implement. */
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
