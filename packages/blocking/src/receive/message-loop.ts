// The function spelling of a bot's loop, as @telepot/async exports it.
import type { UpdateHandler } from "@telepot/async";
import type { Bot } from "../bot.js";
import type { BlockingLoopOptions } from "../options.js";
import type { BlockingMessageLoop } from "./loop-handle.js";

/** Starts `bot`'s message loop: the same as `bot.notifyOnMessage(handle, options)`. */
export function messageLoop(
  bot: Bot,
  handle?: UpdateHandler,
  options?: BlockingLoopOptions,
): BlockingMessageLoop {
  return bot.notifyOnMessage(handle, options);
}
