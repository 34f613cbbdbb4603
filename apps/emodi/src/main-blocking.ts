// Emodi in the traditional blocking style: `node src/main-blocking.ts` (polling only). Each
// sendMessage returns the sent message directly.
import { Bot } from "@telepot/blocking";
import { serveBlocking } from "@telepot/service";
import { pressAnswer } from "./buttons.ts";
import { ALLOWED_UPDATES, emodiReply } from "./reply.ts";

serveBlocking("emodi", ({ config, logger, botOptions }) => {
  const bot = new Bot(config.token, botOptions);
  return {
    bot,
    allowedUpdates: [...ALLOWED_UPDATES],
    handle: (_payload, update) => {
      if (update.kind === "callback_query") {
        bot.answerCallbackQuery(update.payload.id, { text: pressAnswer(update.payload.data ?? "") });
        logger.info("answered a press", { from: update.payload.from.id });
        return;
      }
      if (update.kind !== "message" || update.payload.text === undefined) return;
      const { text, ...options } = emodiReply(update.payload.text);
      const sent = bot.sendMessage(update.payload.chat.id, text, options);
      logger.info("replied", { chat: sent.chat.id, message: update.payload.message_id });
    },
  };
});
