import type { Redis } from "ioredis";
import type { ConversationKeyOf } from "./conversation-key.js";

/** Where an inbox, worker, leader or limiter keeps its data. */
export interface RedisInboxOptions {
  /** A connected ioredis client (the inbox does not close it) or a redis:// URL (it does). */
  readonly redis: Redis | string;
  /** The prefix of every key (default `telepot:{bot}:`); one per bot sharing a Redis. */
  readonly prefix?: string | undefined;
  /** The conversation key of an update (default: the chat, see `byChat`). */
  readonly keyOf?: ConversationKeyOf | undefined;
  /** How many handled update ids to keep as tombstones against re-sends (default 10 000). */
  readonly rememberHandled?: number | undefined;
}
