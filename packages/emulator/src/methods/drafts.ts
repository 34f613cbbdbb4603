// sendMessageDraft and sendRichMessageDraft: a draft shown in the chat while the bot generates a
// message (see state/drafts.ts for what the user can do with it).
import { badRequest } from "../errors.js";
import type { DraftRecord } from "../state/drafts.js";
import type { Handler } from "./context.js";

const sendDraft: Handler = (ctx) => {
  const { world, bot, params } = ctx;
  const chat = world.chatForBot(bot, params.chat_id);
  const draftId = Number(params.draft_id);
  if (draftId === 0) throw badRequest("draft_id must be non-zero");
  const draft: DraftRecord = {
    draftId,
    botId: bot.id,
    chatKey: chat.key,
    ...(params.message_thread_id !== undefined ? { messageThreadId: Number(params.message_thread_id) } : {}),
    text: typeof params.text === "string" ? params.text : "…",
    canStop: params.can_stop === true,
    keepOnStop: params.keep_on_stop === true,
    stopped: false,
  };
  world.drafts.put(draft);
  world.events.emit("draft", chat, draft);
  return true;
};

/** The draft methods by name. */
export const draftMethods: Record<string, Handler> = {
  sendMessageDraft: sendDraft,
  sendRichMessageDraft: sendDraft,
};
