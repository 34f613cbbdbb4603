// Emodi as a service: a plain Bot whose handler answers text messages; everything else is ignored.
import { Bot, type UpdateHandler } from "@telepot/async";
import type { AppContext, AppParts, Logger } from "@telepot/service";
import { emodiReply } from "./reply.ts";

/** The update handler: replies to each text message in its chat. */
export function emodiHandler(bot: Pick<Bot, "sendMessage">, logger: Logger): UpdateHandler {
  return async (_payload, update) => {
    if (update.kind !== "message") return;
    const msg = update.payload;
    if (msg.text === undefined) {
      logger.debug("ignored a message without text", { chat: msg.chat.id });
      return;
    }
    await bot.sendMessage(msg.chat.id, emodiReply(msg.text));
    logger.info("replied", { chat: msg.chat.id, message: msg.message_id });
  };
}

/** Builds the app from its context (for serve()). */
export function createEmodi({ config, logger, botOptions }: AppContext): AppParts {
  const bot = new Bot(config.token, botOptions);
  return { bot, handle: emodiHandler(bot, logger), allowedUpdates: ["message"] };
}
