// @telepot/core/internal: the pure request and receive logic the async and blocking drivers share
// (argument binding, encoding, decoding, retry and flood decisions, offsets, re-ordering, keyed
// scheduling). Not for bot authors: its exports may change in any release.

export { logReporterFailure } from "./conversation/log-error.js";
export * from "./flood/flood-scheduler.js";
export * from "./flood/limiter.js";
export * from "./flood/sleep.js";
export * from "./inbox/journal-scope.js";
export { storedCopy } from "./inbox/states.js";
export * from "./protocol/arguments.js";
export { callTimeoutMs } from "./protocol/call-options.js";
export * from "./protocol/decode.js";
export * from "./protocol/diagnostics.js";
export * from "./protocol/encode.js";
export * from "./protocol/journal-stage.js";
export * from "./protocol/redact.js";
export * from "./protocol/retry.js";
export * from "./protocol/traits.js";
export * from "./protocol/uploads.js";
export * from "./receive/index.js";
export * from "./same-thread.js";
