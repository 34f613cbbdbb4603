// forwardMessage(s) and copyMessage(s): the content of existing messages sent again, with or
// without the forward origin.
import type { Message } from "@telepot/core";
import { badRequest } from "../errors.js";
import type { ChatRecord } from "../state/world.js";
import type { CallContext, MethodTable } from "./context.js";
import { formatted, origin, postMessage, targetChat } from "./send.js";

/** Fields that place a message rather than being its content; a copy leaves them behind. */
const ENVELOPE = new Set([
  "message_id",
  "from",
  "sender_chat",
  "chat",
  "date",
  "edit_date",
  "reply_to_message",
  "external_reply",
  "forward_origin",
  "is_automatic_forward",
  "reply_markup",
  "via_bot",
  "author_signature",
  "message_thread_id",
  "has_protected_content",
  "media_group_id",
  "effect_id",
]);

/** The content fields of a message. */
function contentOf(message: Message): Record<string, unknown> {
  return Object.fromEntries(Object.entries(message).filter(([k]) => !ENVELOPE.has(k)));
}

/** The source messages of a forward or copy, in id order, refused when one is protected. */
function sources(
  ctx: CallContext,
  ids: number[],
  single: boolean,
): { from: ChatRecord; messages: Message[] } {
  const from = ctx.world.chatForBot(ctx.bot, ctx.params.from_chat_id);
  const messages: Message[] = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const record = from.messages.get(id);
    if (!record) {
      if (single) throw badRequest("message to forward not found");
      continue;
    }
    if (record.message.has_protected_content) throw badRequest("message can't be forwarded");
    messages.push(record.message);
  }
  if (messages.length === 0) throw badRequest("messages to forward not found");
  return { from, messages };
}

function forward(ctx: CallContext, chat: ChatRecord, message: Message): Message {
  const content = { ...contentOf(message), forward_origin: origin(ctx.world, message) };
  return postMessage({ ...ctx, params: { ...ctx.params, reply_markup: undefined } }, chat, content).message;
}

function copy(ctx: CallContext, chat: ChatRecord, message: Message, withCaption: boolean): Message {
  if (message.poll?.type === "quiz" || message.invoice) throw badRequest("the message can't be copied");
  const content = contentOf(message);
  if (withCaption && ctx.params.caption !== undefined) {
    delete content.caption_entities;
    Object.assign(content, formatted(ctx.params, "caption", "caption_entities"));
  }
  if (ctx.params.remove_caption) {
    delete content.caption;
    delete content.caption_entities;
  }
  return postMessage(ctx, chat, content).message;
}

/** The forward and copy methods by name. */
export const forwardMethods: MethodTable = {
  forwardMessage: (ctx) => {
    const { messages } = sources(ctx, [ctx.params.message_id as number], true);
    return forward(ctx, targetChat(ctx), messages[0] as Message);
  },
  forwardMessages: (ctx) => {
    const { messages } = sources(ctx, ctx.params.message_ids as number[], false);
    const chat = targetChat(ctx);
    return messages.map((m) => ({ message_id: forward(ctx, chat, m).message_id }));
  },
  copyMessage: (ctx) => {
    const { messages } = sources(ctx, [ctx.params.message_id as number], true);
    return { message_id: copy(ctx, targetChat(ctx), messages[0] as Message, true).message_id };
  },
  copyMessages: (ctx) => {
    const { messages } = sources(ctx, ctx.params.message_ids as number[], false);
    const chat = targetChat(ctx);
    return messages.map((m) => ({
      message_id: copy({ ...ctx, params: { ...ctx.params, reply_markup: undefined } }, chat, m, false)
        .message_id,
    }));
  },
};
