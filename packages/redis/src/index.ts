// @telepot/redis: one bot across many processes and machines, on Redis.
export { byChat, type ConversationKeyOf } from "./conversation-key.js";
export { WorkerDelegates, type WorkerDelegatesOptions } from "./delegates.js";
export { RedisInboxError } from "./errors.js";
export { RedisFloodLimiter, type RedisFloodLimiterOptions } from "./flood.js";
export { type ClaimCompletions, RedisInbox } from "./inbox.js";
export { type JournalFence, RedisCallJournal } from "./journal.js";
export { DEFAULT_PREFIX } from "./keys.js";
export { type FetchUpdates, PollingLeader, type PollingLeaderOptions } from "./leader.js";
export type { RedisInboxOptions } from "./options.js";
export {
  type IdleHandler,
  RedisWorker,
  type RedisWorkerOptions,
  type WorkerConversation,
  type WorkerHandler,
  type WorkerStats,
} from "./worker.js";
