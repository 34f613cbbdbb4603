// Telling what kind of Telegram object a handler was given, from the object alone (telepot's model:
// the loop passes the inner object of an Update, not the Update itself).
import { BadFlavor } from "../errors.js";
import type {
  BotSubscriptionUpdated,
  BusinessConnection,
  BusinessMessagesDeleted,
  CallbackQuery,
  ChatBoostRemoved,
  ChatBoostUpdated,
  ChatJoinRequest,
  ChatMemberUpdated,
  ChosenInlineResult,
  InlineQuery,
  ManagedBotUpdated,
  Message,
  MessageGenerationStopped,
  MessageReactionCountUpdated,
  MessageReactionUpdated,
  PaidMediaPurchased,
  Poll,
  PollAnswer,
  PreCheckoutQuery,
  ShippingQuery,
} from "../generated/types.js";

/** The object type of each flavor. `chat_member` covers both `chat_member` and `my_chat_member` updates. */
export interface FlavorPayloads {
  /** A message (also an edited one, a channel post or a business message). */
  normal: Message;
  /** An incoming inline query. */
  inline_query: InlineQuery;
  /** The inline result a user chose and sent. */
  chosen_inline_result: ChosenInlineResult;
  /** A press on an inline keyboard button. */
  callback_query: CallbackQuery;
  /** A shipping query of an invoice with a flexible price. */
  shipping_query: ShippingQuery;
  /** A pre-checkout query, to confirm or refuse before payment. */
  pre_checkout_query: PreCheckoutQuery;
  /** A new state of a poll. */
  poll: Poll;
  /** A user's answer (or retracted vote) in a non-anonymous poll. */
  poll_answer: PollAnswer;
  /** A change of a chat member's status (the bot's own or another member's). */
  chat_member: ChatMemberUpdated;
  /** A request to join a chat. */
  chat_join_request: ChatJoinRequest;
  /** A user's change of reactions on a message. */
  message_reaction: MessageReactionUpdated;
  /** New anonymous reaction counts on a message. */
  message_reaction_count: MessageReactionCountUpdated;
  /** A chat boost added or changed. */
  chat_boost: ChatBoostUpdated;
  /** A chat boost removed. */
  removed_chat_boost: ChatBoostRemoved;
  /** A user's purchase of paid media sent by the bot. */
  purchased_paid_media: PaidMediaPurchased;
  /** The bot's connection with a business account (new, changed or ended). */
  business_connection: BusinessConnection;
  /** Messages deleted from a connected business account. */
  deleted_business_messages: BusinessMessagesDeleted;
  /** A bot managed by this bot was created, or its token or owner changed. */
  managed_bot: ManagedBotUpdated;
  /** A change of a user's payment subscription to the bot. */
  subscription: BotSubscriptionUpdated;
  /** A user pressed the stop button of a draft the bot sent with `can_stop`. */
  stopped_message_generation: MessageGenerationStopped;
}

/** The flavor of a Telegram object: `normal` for a message, otherwise named after its update kind. */
export type Flavor = keyof FlavorPayloads;

/** The flavor of a telepot event object such as `{_idle: {...}}`: its single key, starting with `_`. */
export type EventFlavor = `_${string}`;

/** Any flavor {@link flavor} may return. */
export type AnyFlavor = Flavor | EventFlavor;

/**
 * The fields that identify each flavor, in the order they are tried: the first flavor whose fields
 * are all present wins. All are required fields of the flavor's type in the Bot API, so a real
 * object always carries them. The order matters where types share fields: reactions carry
 * `message_id`, `chat` and `date` like a message, so they are tried before `normal`.
 */
const SIGNATURES: { readonly [F in Flavor]: readonly (keyof FlavorPayloads[F] & string)[] } = {
  callback_query: ["id", "chat_instance"],
  inline_query: ["id", "query", "offset"],
  chosen_inline_result: ["result_id", "query"],
  shipping_query: ["id", "shipping_address"],
  pre_checkout_query: ["id", "currency", "total_amount"],
  poll: ["id", "question", "options"],
  poll_answer: ["poll_id", "option_ids"],
  message_reaction: ["message_id", "chat", "old_reaction", "new_reaction"],
  message_reaction_count: ["message_id", "chat", "reactions"],
  normal: ["message_id", "chat", "date"],
  chat_member: ["chat", "from", "old_chat_member", "new_chat_member"],
  chat_join_request: ["chat", "from", "user_chat_id"],
  chat_boost: ["chat", "boost"],
  removed_chat_boost: ["chat", "boost_id", "remove_date"],
  stopped_message_generation: ["chat", "draft_id"],
  business_connection: ["id", "user", "user_chat_id", "is_enabled"],
  deleted_business_messages: ["business_connection_id", "chat", "message_ids"],
  purchased_paid_media: ["from", "paid_media_payload"],
  subscription: ["user", "invoice_payload", "state"],
  managed_bot: ["user", "bot"],
};

/** Every Telegram flavor, in detection order. */
export const FLAVORS = /* @__PURE__ */ Object.keys(SIGNATURES) as readonly Flavor[];

/** Whether a flavor is an event's (starts with `_` and has a name after it), as opposed to a Telegram object's. */
export function isEvent(flavor: string): flavor is EventFlavor {
  return flavor.length > 1 && flavor.startsWith("_");
}

/**
 * The name of a telepot event object (`{_name: data}`: exactly one key, an event flavor), or
 * undefined for anything else. The one rule every handler and the conversation engine use.
 */
export function eventName(value: unknown): EventFlavor | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && isEvent(keys[0] as string) ? (keys[0] as EventFlavor) : undefined;
}

/** The flavor of a value, or undefined when it cannot be told. The non-throwing core of {@link flavor}. */
function detect(value: unknown): AnyFlavor | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const event = eventName(value);
  if (event !== undefined) return event;
  const record = value as Record<string, unknown>;
  for (const f of FLAVORS) {
    if (SIGNATURES[f].every((key) => record[key] !== undefined)) return f;
  }
  return undefined;
}

/**
 * The flavor of a Telegram object (the inner object of an Update) or of a telepot event.
 * @throws BadFlavor carrying the value when it matches no flavor.
 */
export function flavor(msg: unknown): AnyFlavor {
  const found = detect(msg);
  if (found === undefined) throw new BadFlavor(msg, "Cannot tell the flavor of this object");
  return found;
}

/** Whether a value has the given flavor (as {@link flavor} would say), narrowing it to that flavor's type. */
export function hasFlavor<F extends Flavor>(msg: unknown, wanted: F): msg is FlavorPayloads[F] {
  return detect(msg) === wanted;
}
