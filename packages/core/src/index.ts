// @telepot/core: Bot API 10.2 types, glance/flavor, seed functions and the pure request logic
// shared by the async and blocking drivers. No I/O, no dependencies.
export * from "./generated/meta.js";
export type * from "./generated/methods.js";
export { METHODS } from "./generated/methods.js";
export type * from "./generated/types.js";
export * from "./input-file.js";
