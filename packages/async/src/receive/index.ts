// Receiving updates: message loops (polling and webhook), the update queue, webhook handlers.
export { LateUpdate } from "@telepot/core";
export { StopTimeout } from "./control.js";
export { MessageLoop, messageLoop } from "./message-loop.js";
export { QueueFull, UpdateQueue, type UpdateQueueOptions } from "./queue.js";
export { type ServerStop, stoppableServer } from "./server-stop.js";
export type {
  ErrorHandler,
  HandlerHost,
  LoopOptions,
  MessageLoopOptions,
  PollingApi,
  PollingOptions,
  UpdateContext,
  UpdateHandler,
  UpdatePayload,
  UpdateSource,
  WebhookLoopOptions,
} from "./types.js";
export { SECRET_HEADER, type WebhookOptions } from "./webhook-common.js";
export { type FetchWebhookHandler, fetchWebhook } from "./webhook-fetch.js";
export { type NodeWebhookHandler, nodeHttpWebhook } from "./webhook-node.js";
