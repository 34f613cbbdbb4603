// Which updates must be handled one after another. Updates that share a key run strictly in
// order; updates with different keys may run at the same time.

/** The serialisation key of an update: a chat or user id, or a string naming a kind. */
export type OrderingKey = number | string;

type Field = Record<string, unknown> | undefined;

function idOf(value: unknown): number | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const id = (value as { id?: unknown }).id;
  return typeof id === "number" ? id : undefined;
}

/**
 * The key under which an update's payload is serialised. In order of preference: the chat the
 * payload happens in (`chat.id`: messages, reactions, member changes, join requests, boosts,
 * deleted business messages), the chat of a callback query's message (`message.chat.id`), the
 * user who caused it (`from.id`, else `user.id`: inline queries, chosen results, payments,
 * business connections, subscriptions, managed bots), the chat that voted (`voter_chat.id`), and
 * finally the kind itself, so updates with no chat or user (polls, unknown kinds) run one at a
 * time among themselves. A user's id equals the id of their private chat with the bot, so a
 * user's inline queries and private messages share a key and stay in order.
 *
 * Pure and total: any payload (even a malformed one) gets a key, so no input can stall a loop.
 */
export function orderingKey(kind: string, payload: unknown): OrderingKey {
  if (typeof payload !== "object" || payload === null) return kind;
  const p = payload as Field & object;
  const chat = idOf(p.chat);
  if (chat !== undefined) return chat;
  const message = p.message;
  if (typeof message === "object" && message !== null) {
    const messageChat = idOf((message as Field & object).chat);
    if (messageChat !== undefined) return messageChat;
  }
  const from = idOf(p.from);
  if (from !== undefined) return from;
  const user = idOf(p.user);
  if (user !== undefined) return user;
  const voterChat = idOf(p.voter_chat);
  if (voterChat !== undefined) return voterChat;
  return kind;
}
