import type { Redis } from "ioredis";
import type { ConversationKeyOf } from "./conversation-key.js";

/** Where an inbox, worker, leader or limiter keeps its data. */
export interface RedisInboxOptions {
  /**
   * A connected ioredis client (the inbox does not close it) or a redis:// URL (it does, and its
   * client sends the commands issued in one tick together: `enableAutoPipelining`).
   */
  readonly redis: Redis | string;
  /** The prefix of every key (default `telepot:{bot}:`); one per bot sharing a Redis. */
  readonly prefix?: string | undefined;
  /** The conversation key of an update (default: the chat, see `byChat`). */
  readonly keyOf?: ConversationKeyOf | undefined;
  /** How many handled update ids to keep as tombstones against re-sends (default 10 000). */
  readonly rememberHandled?: number | undefined;
  /**
   * After how long without a new update (ms, by Redis's clock) an id the inbox already knows starts
   * a new sequence instead of counting as a repeat (default 6 days). Telegram: "If there are no new
   * updates for at least a week, then identifier of the next update will be chosen randomly
   * instead of sequentially"; 6 days stays under that week and far above Telegram's re-sending of
   * unacknowledged updates (at most 24 hours).
   */
  readonly sequenceResetAfterMs?: number | undefined;
  /**
   * Journal the Bot API calls handlers make (default true): after a crash or a lost claim, a
   * re-run handler's call that had completed returns its recorded result instead of being sent
   * again. Costs two Redis round trips per journaled call; false turns it off.
   */
  readonly journal?: boolean | undefined;
}

/** The default of {@link RedisInboxOptions.sequenceResetAfterMs}: 6 days. */
export const DEFAULT_SEQUENCE_RESET_AFTER_MS = 6 * 24 * 60 * 60 * 1000;
