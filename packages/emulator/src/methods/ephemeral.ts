// Ephemeral messages (Bot API 10.3: `ephemeral_message_parameters` on the send methods): a message
// in a chat that only one user of the chat sees.
import { badRequest } from "../errors.js";
import type { ChatRecord } from "../state/world.js";
import type { CallContext } from "./context.js";

/** Who receives an ephemeral send, and the Message fields that say so; nothing for an ordinary send. */
export interface EphemeralTarget {
  /** The one user who sees the message. */
  receiver: number;
  /** `receiver_user` and `ephemeral_message_id`, as the sent Message carries them. */
  fields: Record<string, unknown>;
}

/**
 * Reads a send's `ephemeral_message_parameters`: the receiver must be a present, human member of
 * the chat, and a `callback_query_id` must name an open callback query to this bot.
 */
export function ephemeralTarget(ctx: CallContext, chat: ChatRecord): EphemeralTarget | undefined {
  const params = ctx.params.ephemeral_message_parameters as Record<string, unknown> | undefined;
  if (params === undefined) return undefined;
  const receiver = Number(params.receiver_user_id);
  if (ctx.world.isBot(receiver) || !ctx.world.presentMembers(chat).includes(receiver)) {
    throw badRequest("ephemeral message receiver not found in the chat");
  }
  if (params.callback_query_id !== undefined) {
    const query = ctx.world.queries.get(String(params.callback_query_id));
    if (query?.kind !== "callback" || query.botId !== ctx.bot.id) {
      throw badRequest("query is too old and response timeout expired or query ID is invalid");
    }
  }
  return {
    receiver,
    // addMessage gives the message the chat's next id; the ephemeral id is the same number.
    fields: { receiver_user: ctx.world.userObject(receiver), ephemeral_message_id: chat.nextMessageId },
  };
}
