// ForceReply as a client shows it: after a bot's message that asks for a reply, the user's next
// message in the chat answers it. Bot API 10.3 lets an inline or a reply keyboard ask the same with
// `force_reply: true`, so all three markups are read the same way.
import { type ChatRecord, type MessageRecord, visibleTo } from "./world.js";

/** Whether a bot's message asks the user's client for a reply (ForceReply, or a keyboard with force_reply). */
export function forcesReply(record: MessageRecord): boolean {
  const inline = record.message.reply_markup as { force_reply?: unknown } | undefined;
  return record.keyboard?.force_reply === true || inline?.force_reply === true;
}

/**
 * The message a user's next message in a chat replies to: the newest bot message that asks for a
 * reply, if the user has not written since.
 */
export function pendingForcedReply(chat: ChatRecord, userId: number): MessageRecord | undefined {
  for (const record of [...chat.messages.values()].reverse()) {
    if (record.message.from?.id === userId) return undefined;
    if (record.sentBy !== undefined && visibleTo(record, userId) && forcesReply(record)) return record;
  }
  return undefined;
}
