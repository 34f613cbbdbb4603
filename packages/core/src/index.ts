// @telepot/core: Bot API types, glance/flavor, seed functions, handlers and errors: what a bot
// author uses. The pure request and receive logic the async and blocking drivers share lives in
// the `@telepot/core/internal` entry. No I/O, no dependencies.

export * from "./conversation/index.js";
export * from "./deeplink.js";
export * from "./errors.js";
export type { FloodLimits } from "./flood/flood-scheduler.js";
export type { SendLimiter } from "./flood/limiter.js";
export * from "./generated/meta.js";
export type * from "./generated/methods.js";
export { METHODS } from "./generated/methods.js";
export type { MethodRequired } from "./generated/required.js";
export type * from "./generated/types.js";
export * from "./inbox/index.js";
export * from "./input-file.js";
export * from "./message/index.js";
export type { RequestParams } from "./protocol/arguments.js";
export type * from "./protocol/call-options.js";
export * from "./protocol/pipeline.js";
export type {
  BackoffOptions,
  FailedRequest,
  RetryDecision,
  RetryOptions,
  RetryPolicy,
  RetryTally,
} from "./protocol/retry.js";
export { LateUpdate } from "./receive/late-update.js";
export { MalformedUpdate } from "./receive/parse.js";
export { PollingStopped, type PollingStopReason } from "./receive/poll-failure.js";
export { ServerOnThisThreadError } from "./same-thread.js";
