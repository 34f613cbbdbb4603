// @telepot/async: the Promise-based telepot Bot. Everything a bot author needs comes from this one
// import: the Bot, and (re-exported from @telepot/core) the handlers, seeds, glance/flavor,
// InputFile, errors and the Bot API types.
export * from "@telepot/core";
export { isFloodLimited } from "@telepot/core/internal";
export { Bot } from "./bot.js";
export { DelegatorBot, type DelegatorBotOptions } from "./conversation/delegator-bot.js";
export { SpeakerBot, type SpeakerBotOptions } from "./conversation/speaker-bot.js";
export type { DownloadOptions, DownloadTarget, FileRef } from "./download.js";
export type { BotLogger, BotOptions, CallOptions, Clock } from "./options.js";
export { systemClock } from "./options.js";
export * from "./receive/index.js";
export type { Transport } from "./transport/types.js";
