// @telepot/core: Bot API types, glance/flavor, seed functions and the pure request logic
// shared by the async and blocking drivers. No I/O, no dependencies.

export * from "./conversation/index.js";
export * from "./deeplink.js";
export * from "./errors.js";
export * from "./flood/scheduler.js";
export * from "./generated/meta.js";
export type * from "./generated/methods.js";
export { METHODS } from "./generated/methods.js";
export type { MethodRequired } from "./generated/required.js";
export type * from "./generated/types.js";
export * from "./input-file.js";
export * from "./message/index.js";
export * from "./protocol/arguments.js";
export * from "./protocol/decode.js";
export * from "./protocol/encode.js";
export * from "./protocol/redact.js";
export * from "./protocol/retry.js";
export * from "./receive/index.js";
export * from "./same-thread.js";
