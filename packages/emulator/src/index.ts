// @telepot/emulator: a local Telegram Bot API server with a web chat and a test driver.
//   const emu = await start({ port: 0 });
//   const bot = emu.driver.createBot({ username: "echo_bot" });   // bot.token, emu.apiRoot
export { ActionError, Actions } from "./actions.js";
export type {
  BotHandle,
  CallbackAnswer,
  DraftView,
  FileInput,
  GroupHandle,
  InlineAnswer,
  Target,
  WaitOptions,
} from "./driver.js";
export { Driver, UserHandle } from "./driver.js";
export { type Emulator, type EmulatorOptions, start } from "./emulator.js";
export { ApiError } from "./errors.js";
export { EmulatorThreadError } from "./off-thread/protocol.js";
export { type OffThreadEmulator, type OffThreadOptions, startOffThread } from "./off-thread/start.js";
export { Runtime, type RuntimeOptions } from "./runtime.js";
export type { RateLimits } from "./state/rate-limit.js";
export { TELEGRAM_LIMITS } from "./state/rate-limit.js";
export type { BotRecord, ChatRecord, MessageRecord, UserRecord } from "./state/world.js";
export { World } from "./state/world.js";
