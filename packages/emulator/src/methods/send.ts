// The send* methods: checks the chat, flood limits and reply target, builds the Message content from
// the parameters, stores it and returns it as Telegram does.
import { METHODS, type Message } from "@telepot/core";
import { badRequest } from "../errors.js";
import { synthesize, synthesizeObject } from "../spec/synthesize.js";
import { applyParseMode } from "../state/format.js";
import type { BotRecord, ChatRecord, MessageRecord, World } from "../state/world.js";
import type { CallContext, Handler, MethodsReturning, MethodTable } from "./context.js";
import { ephemeralTarget } from "./ephemeral.js";
import { MEDIA_KINDS, type MediaKind, mediaContent, pick } from "./media-content.js";

/** Maximum text length of a message. */
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

/** The chat a send goes to, with the channel and flood checks Telegram makes. */
export function targetChat(ctx: CallContext, chatId: unknown = ctx.params.chat_id): ChatRecord {
  const { world, bot, services } = ctx;
  const chat = world.chatForBot(bot, chatId);
  if (chat.type === "channel" && !["creator", "administrator"].includes(chat.members.get(bot.id) ?? "")) {
    throw badRequest("need administrator rights in the channel chat");
  }
  // The limits count the methods the generated traits call flood-limited, as the bots' pacing does.
  if (METHODS[ctx.method].traits.floodLimited) {
    services.limiter?.take(bot.id, chat.id, chat.type === "group" || chat.type === "supergroup");
  }
  return chat;
}

/** Text or caption after parse_mode, with its entities (explicit entities win over parse_mode). */
export function formatted(
  params: Record<string, unknown>,
  textKey: "text" | "caption",
  entitiesKey: "entities" | "caption_entities",
): Record<string, unknown> {
  const raw = params[textKey] as string | undefined;
  if (raw === undefined) return {};
  const explicit = params[entitiesKey] as unknown[] | undefined;
  const { text, entities } = explicit
    ? { text: raw, entities: explicit }
    : applyParseMode(raw, params.parse_mode as string | undefined);
  const max = textKey === "text" ? MAX_TEXT : MAX_CAPTION;
  if (textKey === "text" && text.trim() === "") throw badRequest("message text is empty");
  if (text.length > max)
    throw badRequest(textKey === "text" ? "message is too long" : "message caption is too long");
  return { [textKey]: text, ...(entities.length > 0 ? { [entitiesKey]: entities } : {}) };
}

/** The fields that place a message: reply target, sender, markup. */
function envelope(
  ctx: CallContext,
  chat: ChatRecord,
): { fields: Record<string, unknown>; keyboard?: Record<string, unknown> } {
  const { world, bot, params } = ctx;
  const fields: Record<string, unknown> = {};
  if (chat.type === "channel") fields.sender_chat = world.chatObject(chat);
  else fields.from = world.userObject(bot.id);
  const reply = (params.reply_parameters as Record<string, unknown> | undefined) ?? {};
  const replyId = reply.message_id ?? params.reply_to_message_id;
  if (replyId !== undefined) {
    const source = reply.chat_id !== undefined ? world.chatForBot(bot, reply.chat_id) : chat;
    const target = source.messages.get(Number(replyId));
    if (target) {
      if (source === chat) fields.reply_to_message = stripReply(target.message);
      else
        fields.external_reply = {
          origin: origin(world, target.message),
          chat: world.chatObject(source),
          message_id: target.message.message_id,
        };
    } else if (!reply.allow_sending_without_reply && !params.allow_sending_without_reply) {
      throw badRequest("message to be replied not found");
    }
  }
  const markup = params.reply_markup as Record<string, unknown> | undefined;
  if (markup && "inline_keyboard" in markup) {
    fields.reply_markup = markup;
    return { fields };
  }
  return markup ? { fields, keyboard: markup } : { fields };
}

/** A message as it appears inside reply_to_message: without its own reply. */
export function stripReply(message: Message): Message {
  const { reply_to_message: _dropped, ...rest } = message;
  return rest as Message;
}

/** Where a message came from, for a forward's forward_origin. */
export function origin(world: World, message: Message): Record<string, unknown> {
  if (message.forward_origin) return message.forward_origin as unknown as Record<string, unknown>;
  if (message.chat.type === "channel") {
    return { type: "channel", date: message.date, chat: message.chat, message_id: message.message_id };
  }
  if (message.sender_chat) return { type: "chat", date: message.date, sender_chat: message.sender_chat };
  if (message.from)
    return { type: "user", date: message.date, sender_user: world.userObject(message.from.id) };
  return { type: "hidden_user", date: message.date, sender_user_name: "Unknown" };
}

/** Stores a bot's message in a chat and tells the chat's other bots about channel posts. */
export function postMessage(
  ctx: CallContext,
  chat: ChatRecord,
  content: Record<string, unknown>,
): MessageRecord {
  const { fields, keyboard } = envelope(ctx, chat);
  const ephemeral = ephemeralTarget(ctx, chat);
  const extra = pick(ctx.params, ["message_thread_id", "has_protected_content"]);
  if (ctx.params.protect_content) extra.has_protected_content = true;
  if (ctx.params.message_effect_id !== undefined) extra.effect_id = ctx.params.message_effect_id;
  const { reply_markup, ...rest } = fields;
  const record = ctx.world.addMessage(
    chat,
    {
      ...rest,
      ...ephemeral?.fields,
      ...extra,
      ...content,
      ...(reply_markup ? { reply_markup } : {}),
    } as Omit<Message, "message_id" | "date" | "chat">,
    keyboard,
    ctx.bot.id,
    ephemeral?.receiver,
  );
  // A message of the bot replaces its drafts in the chat (the generation is over).
  if (ctx.world.drafts.clear(chat.key, ctx.bot.id)) ctx.world.events.emit("chat", chat);
  if (chat.type === "channel" && !ephemeral)
    ctx.world.notifyBots(chat, "channel_post", record.message, ctx.bot.id);
  return record;
}

const sendMessage: Handler<"sendMessage"> = (ctx) => {
  const chat = targetChat(ctx);
  const content = formatted(ctx.params, "text", "entities");
  if (ctx.params.link_preview_options !== undefined)
    content.link_preview_options = ctx.params.link_preview_options;
  return postMessage(ctx, chat, content).message;
};

/** A send method for one file kind: sendPhoto, sendDocument... */
function sendFile(kind: MediaKind): Handler<MethodsReturning<Message>> {
  return (ctx) => {
    const chat = targetChat(ctx);
    const content = {
      ...mediaContent(ctx.world, kind, ctx.params[kind], ctx.params),
      ...formatted(ctx.params, "caption", "caption_entities"),
      ...(ctx.params.has_spoiler ? { has_media_spoiler: true } : {}),
      ...pick(ctx.params, ["show_caption_above_media"]),
    };
    return postMessage(ctx, chat, content).message;
  };
}

const sendMediaGroup: Handler<"sendMediaGroup"> = (ctx) => {
  const chat = targetChat(ctx);
  const media = ctx.params.media as unknown as Record<string, unknown>[];
  if (media.length < 2 || media.length > 10)
    throw badRequest("wrong number of media in the group: it must contain 2-10 items");
  const kinds = new Set(media.map((m) => m.type as string));
  if ((kinds.has("audio") || kinds.has("document")) && kinds.size > 1) {
    throw badRequest("audio and documents can't be mixed with other media types in a media group");
  }
  const groupId = String(ctx.world.now()) + chat.nextMessageId;
  return media.map((item) => {
    const content = {
      media_group_id: groupId,
      ...mediaContent(ctx.world, item.type as MediaKind, item.media, item),
      ...formatted(item, "caption", "caption_entities"),
      ...(item.has_spoiler ? { has_media_spoiler: true } : {}),
    };
    return postMessage({ ...ctx, params: { ...ctx.params, reply_markup: undefined } }, chat, content).message;
  });
};

const DICE_MAX: Record<string, number> = { "🎲": 6, "🎯": 6, "🎳": 6, "🏀": 5, "⚽": 5, "🎰": 64 };

const sendDice: Handler<"sendDice"> = (ctx) => {
  const chat = targetChat(ctx);
  const emoji = (ctx.params.emoji as string | undefined) ?? "🎲";
  const max = DICE_MAX[emoji];
  if (!max) throw badRequest("invalid dice emoji specified");
  return postMessage(ctx, chat, { dice: { emoji, value: 1 + Math.floor(Math.random() * max) } }).message;
};

/** The Location object a send method's parameters describe. */
function location(p: Record<string, unknown>): Record<string, unknown> {
  return pick(p, [
    "latitude",
    "longitude",
    "horizontal_accuracy",
    "live_period",
    "heading",
    "proximity_alert_radius",
  ]);
}

const sendPoll: Handler<"sendPoll"> = (ctx) => {
  const chat = targetChat(ctx);
  const p = ctx.params;
  const options = p.options ?? [];
  if (options.length < 2 || options.length > 12) throw badRequest("poll must have 2-12 options");
  const poll = synthesizeObject<Record<string, unknown>>("Poll", {
    id: `${ctx.world.now()}${chat.nextMessageId}`,
    question: p.question as string,
    options: options.map((o, i) => ({
      ...(synthesize(["PollOption"]) as object),
      persistent_id: String(i),
      text: o.text,
      voter_count: 0,
    })),
    total_voter_count: 0,
    is_closed: Boolean(p.is_closed),
    is_anonymous: (p.is_anonymous as boolean | undefined) ?? true,
    type: (p.type as string | undefined) ?? "regular",
    allows_multiple_answers: Boolean(p.allows_multiple_answers),
    ...pick(p, ["correct_option_ids", "explanation", "open_period", "close_date"]),
  });
  return postMessage(ctx, chat, { poll }).message;
};

/**
 * A send method of a rarer kind (invoice, game, checklist, paid media...): the Message field named
 * after the method gets a minimal object of its type, with the parameters of the same names.
 */
function sendOther(field: string, type: string): Handler<MethodsReturning<Message>> {
  return (ctx) => {
    const chat = targetChat(ctx);
    const value = synthesizeObject<Record<string, unknown>>(type, {});
    for (const key of Object.keys(value))
      if (ctx.params[key] !== undefined && typeof value[key] !== "object") value[key] = ctx.params[key];
    return postMessage(ctx, chat, { [field]: value, ...formatted(ctx.params, "caption", "caption_entities") })
      .message;
  };
}

const sendChatAction: Handler<"sendChatAction"> = (ctx) => {
  const chat = ctx.world.chatForBot(ctx.bot, ctx.params.chat_id);
  const action = ctx.params.action as string;
  const known = [
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
  ];
  if (!known.includes(action)) throw badRequest("wrong parameter action in request");
  ctx.world.events.emit("action", chat, ctx.bot.id, action);
  return true;
};

const fileSends = Object.fromEntries(
  MEDIA_KINDS.map((kind) => [
    `send${kind.replace(/(^|_)(\w)/g, (_, _u, c: string) => c.toUpperCase())}`,
    sendFile(kind),
  ]),
);

/** The send methods by name. */
export const sendMethods: MethodTable = {
  sendMessage,
  ...fileSends,
  sendMediaGroup,
  sendDice,
  sendPoll,
  sendLocation: (ctx) => postMessage(ctx, targetChat(ctx), { location: location(ctx.params) }).message,
  sendVenue: (ctx) => {
    const p = ctx.params;
    const venue = {
      location: location(p),
      ...pick(p, [
        "title",
        "address",
        "foursquare_id",
        "foursquare_type",
        "google_place_id",
        "google_place_type",
      ]),
    };
    return postMessage(ctx, targetChat(ctx), { venue, location: location(p) }).message;
  },
  sendContact: (ctx) =>
    postMessage(ctx, targetChat(ctx), {
      contact: pick(ctx.params, ["phone_number", "first_name", "last_name", "vcard"]),
    }).message,
  sendInvoice: sendOther("invoice", "Invoice"),
  sendGame: sendOther("game", "Game"),
  sendChecklist: sendOther("checklist", "Checklist"),
  sendPaidMedia: sendOther("paid_media", "PaidMediaInfo"),
  sendLivePhoto: sendOther("live_photo", "LivePhoto"),
  sendRichMessage: sendOther("rich_message", "RichMessage"),
  sendChatAction,
};

/** Whether a bot may act on a message: its own, or anything in a private chat or as an admin. */
export function canModify(bot: BotRecord, chat: ChatRecord, record: MessageRecord): boolean {
  if (record.message.from?.id === bot.id) return true;
  return chat.type === "private" || ["creator", "administrator"].includes(chat.members.get(bot.id) ?? "");
}
