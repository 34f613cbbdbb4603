// Emodi as a service: a plain Bot whose handler answers text messages and presses on its emoji
// buttons; everything else is ignored.
import { Bot, type UpdateHandler } from "@telepot/async";
import type { AppContext, AppParts, Logger } from "@telepot/service";
import { pressAnswer } from "./buttons.ts";
import { ALLOWED_UPDATES, emodiReply } from "./reply.ts";

/** The update handler: replies to each text message in its chat, answers each button press. */
export function emodiHandler(
  bot: Pick<Bot, "sendMessage" | "answerCallbackQuery">,
  logger: Logger,
): UpdateHandler {
  return async (_payload, update) => {
    if (update.kind === "callback_query") {
      const query = update.payload;
      await bot.answerCallbackQuery(query.id, { text: pressAnswer(query.data ?? "") });
      logger.info("answered a press", { from: query.from.id });
      return;
    }
    if (update.kind !== "message") return;
    const msg = update.payload;
    if (msg.text === undefined) {
      logger.debug("ignored a message without text", { chat: msg.chat.id });
      return;
    }
    const { text, ...options } = emodiReply(msg.text);
    await bot.sendMessage(msg.chat.id, text, options);
    logger.info("replied", { chat: msg.chat.id, message: msg.message_id });
  };
}

/** Builds the app from its context (for serve()). */
export function createEmodi({ config, logger, botOptions }: AppContext): AppParts {
  const bot = new Bot(config.token, botOptions);
  return { bot, handle: emodiHandler(bot, logger), allowedUpdates: [...ALLOWED_UPDATES] };
}
