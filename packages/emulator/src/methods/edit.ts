// Editing and deleting: edit* by chat and message id or by inline_message_id, deleteMessage(s),
// stopPoll. Edits by a bot are shown to users (the `edit` event), not sent back as updates.
import type { Message } from "@telepot/core";
import { badRequest } from "../errors.js";
import type { ChatRecord, MessageRecord } from "../state/world.js";
import type { CallContext, Handler, MethodTable } from "./context.js";
import { type MediaKind, mediaContent } from "./media-content.js";
import { canModify, formatted } from "./send.js";

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

/** The message an edit names, and whether it was named by inline_message_id. */
function editTarget(ctx: CallContext): { chat: ChatRecord; record: MessageRecord; inline: boolean } {
  const { world, bot, params } = ctx;
  if (params.inline_message_id !== undefined) {
    const ref = world.inlineMessages.get(params.inline_message_id as string);
    const chat = ref && world.chats.get(ref.chatKey);
    const record = chat?.messages.get(ref?.messageId ?? 0);
    if (!ref || !chat || !record || ref.botId !== bot.id) throw badRequest("MESSAGE_ID_INVALID");
    return { chat, record, inline: true };
  }
  if (params.chat_id === undefined) throw badRequest("chat_id is empty");
  if (params.message_id === undefined) throw badRequest("message identifier is not specified");
  const chat = world.chatForBot(bot, params.chat_id);
  const record = world.message(chat, params.message_id, "message to edit not found");
  if (record.message.from?.id !== bot.id && !(chat.type === "channel" && record.message.sender_chat)) {
    throw badRequest("message can't be edited");
  }
  return { chat, record, inline: false };
}

/** Applies an edit: refuses a no-op as Telegram does, stamps edit_date, announces it. */
function applyEdit(ctx: CallContext, change: (m: Record<string, unknown>) => void): Message | true {
  const { chat, record, inline } = editTarget(ctx);
  const next = structuredClone(record.message) as unknown as Record<string, unknown>;
  change(next);
  delete next.edit_date;
  const before = { ...(record.message as unknown as Record<string, unknown>) };
  delete before.edit_date;
  if (JSON.stringify(before) === JSON.stringify(next)) throw badRequest(NOT_MODIFIED);
  next.edit_date = ctx.world.date();
  record.message = next as unknown as Message;
  ctx.world.events.emit("edit", chat, record);
  if (chat.type === "channel") ctx.world.notifyBots(chat, "edited_channel_post", record.message, ctx.bot.id);
  return inline ? true : record.message;
}

/** Sets or clears an inline keyboard on a message being edited. */
function setMarkup(m: Record<string, unknown>, markup: unknown): void {
  if (markup && typeof markup === "object" && "inline_keyboard" in markup) m.reply_markup = markup;
  else delete m.reply_markup;
}

const editMessageText: Handler<"editMessageText"> = (ctx) =>
  applyEdit(ctx, (m) => {
    if (m.text === undefined) throw badRequest("there is no text in the message to edit");
    delete m.entities;
    Object.assign(m, formatted(ctx.params, "text", "entities"));
    if (ctx.params.link_preview_options !== undefined)
      m.link_preview_options = ctx.params.link_preview_options;
    setMarkup(m, ctx.params.reply_markup);
  });

const editMessageCaption: Handler<"editMessageCaption"> = (ctx) =>
  applyEdit(ctx, (m) => {
    if (m.text !== undefined) throw badRequest("there is no caption in the message to edit");
    delete m.caption;
    delete m.caption_entities;
    Object.assign(m, formatted(ctx.params, "caption", "caption_entities"));
    setMarkup(m, ctx.params.reply_markup);
  });

const editMessageMedia: Handler<"editMessageMedia"> = (ctx) =>
  applyEdit(ctx, (m) => {
    const media = ctx.params.media as unknown as Record<string, unknown>;
    for (const k of [
      "photo",
      "video",
      "animation",
      "audio",
      "document",
      "caption",
      "caption_entities",
      "has_media_spoiler",
    ])
      delete m[k];
    Object.assign(
      m,
      mediaContent(ctx.world, media.type as MediaKind, media.media, media),
      formatted(media, "caption", "caption_entities"),
    );
    setMarkup(m, ctx.params.reply_markup);
  });

const editMessageReplyMarkup: Handler<"editMessageReplyMarkup"> = (ctx) =>
  applyEdit(ctx, (m) => setMarkup(m, ctx.params.reply_markup));

const editMessageLiveLocation: Handler<"editMessageLiveLocation"> = (ctx) =>
  applyEdit(ctx, (m) => {
    const loc = m.location as Record<string, unknown> | undefined;
    if (!loc?.live_period) throw badRequest("message can't be edited");
    Object.assign(loc, { latitude: ctx.params.latitude, longitude: ctx.params.longitude });
    setMarkup(m, ctx.params.reply_markup);
  });

const stopMessageLiveLocation: Handler<"stopMessageLiveLocation"> = (ctx) =>
  applyEdit(ctx, (m) => {
    const loc = m.location as Record<string, unknown> | undefined;
    if (!loc?.live_period) throw badRequest("message can't be edited");
    delete loc.live_period;
    setMarkup(m, ctx.params.reply_markup);
  });

const stopPoll: Handler<"stopPoll"> = (ctx) => {
  const chat = ctx.world.chatForBot(ctx.bot, ctx.params.chat_id);
  const record = ctx.world.message(chat, ctx.params.message_id, "message with poll to stop not found");
  const poll = record.message.poll;
  if (!poll || record.message.from?.id !== ctx.bot.id)
    throw badRequest("message with poll to stop not found");
  if (poll.is_closed) throw badRequest("poll has already been closed");
  applyEdit(ctx, (m) => {
    (m.poll as Record<string, unknown>).is_closed = true;
    setMarkup(m, ctx.params.reply_markup);
  });
  return poll;
};

/** Deletes messages a bot may delete; returns whether any was found. */
function remove(ctx: CallContext, ids: number[], single: boolean): true {
  const chat = ctx.world.chatForBot(ctx.bot, ctx.params.chat_id);
  const gone: number[] = [];
  for (const id of ids) {
    const record = chat.messages.get(id);
    if (!record) {
      if (single) throw badRequest("message to delete not found");
      continue;
    }
    if (!canModify(ctx.bot, chat, record)) {
      if (single) throw badRequest("message can't be deleted");
      continue;
    }
    chat.messages.delete(id);
    gone.push(id);
  }
  if (gone.length > 0) ctx.world.events.emit("delete", chat, gone);
  return true;
}

/** The edit and delete methods by name. */
export const editMethods: MethodTable = {
  editMessageText,
  editMessageCaption,
  editMessageMedia,
  editMessageReplyMarkup,
  editMessageLiveLocation,
  stopMessageLiveLocation,
  stopPoll,
  deleteMessage: (ctx) => remove(ctx, [ctx.params.message_id as number], true),
  deleteMessages: (ctx) => {
    const ids = ctx.params.message_ids as number[];
    if (ids.length < 1 || ids.length > 100) throw badRequest("message_ids must hold 1-100 identifiers");
    return remove(ctx, ids, false);
  },
};
