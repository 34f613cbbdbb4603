// Emodi in the traditional blocking style: `node src/main-blocking.ts` (polling only). Each
// sendMessage returns the sent message directly.
import { Bot } from "@telepot/blocking";
import { serveBlocking } from "@telepot/service";
import { emodiReply } from "./reply.ts";

serveBlocking("emodi", ({ config, logger, botOptions }) => {
  const bot = new Bot(config.token, botOptions);
  return {
    bot,
    allowedUpdates: ["message"],
    handle: (_payload, update) => {
      if (update.kind !== "message" || update.payload.text === undefined) return;
      const sent = bot.sendMessage(update.payload.chat.id, emodiReply(update.payload.text));
      logger.info("replied", { chat: sent.chat.id, message: update.payload.message_id });
    },
  };
});
