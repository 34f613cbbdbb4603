// @telepot/blocking: the traditional, synchronous telepot API. Calls return their results
// directly: the HTTP runs in a worker thread while the calling thread waits with Atomics.wait.
// Everything a bot author needs comes from this one import: the Bot, and (re-exported from
// @telepot/core) the handlers, seeds, glance/flavor, InputFile, errors and the Bot API types.
// Names defined here (Answerer, Bot, ...) take precedence over core's of the same name.

export type {
  BotLogger,
  Clock,
  DownloadTarget,
  ErrorHandler,
  FetchWebhookHandler,
  FileRef,
  HandlerHost,
  LoopOptions,
  NodeWebhookHandler,
  PollingApi,
  PollingOptions,
  ServerStop,
  UpdateContext,
  UpdateHandler,
  UpdatePayload,
  UpdateQueueOptions,
  UpdateSource,
  WebhookLoopOptions,
  WebhookOptions,
} from "@telepot/async";
export {
  fetchWebhook,
  isFloodLimited,
  nodeHttpWebhook,
  QueueFull,
  SECRET_HEADER,
  StopTimeout,
  stoppableServer,
  systemClock,
  UpdateQueue,
} from "@telepot/async";
export * from "@telepot/core";
export { Bot } from "./bot.js";
export { Answerer } from "./conversation/answerer.js";
export { DelegatorBot, type DelegatorBotOptions } from "./conversation/delegator-bot.js";
export { isConversationPayload, SpeakerBot, type SpeakerBotOptions } from "./conversation/speaker-bot.js";
export type {
  BlockingLoopOptions,
  BlockingPollingOptions,
  BlockingWebhookOptions,
  BotOptions,
  CallOptions,
  DownloadOptions,
  MessageLoopOptions,
} from "./options.js";
export { LiveClock } from "./receive/live-clock.js";
export { BlockingMessageLoop, BlockingMessageLoop as MessageLoop } from "./receive/loop-handle.js";
export { messageLoop } from "./receive/message-loop.js";
export {
  SyncTimeoutError,
  SyncWorker,
  type SyncWorkerOptions,
  WorkerCrashedError,
  workerExecArgv,
} from "./sync/channel.js";
export type { OpsBoot, SyncOps, WireError } from "./sync/protocol.js";
