// The interop bot (see scenario.ts) written with node-telegram-bot-api 0.67, as its README shows:
// plain objects for keyboards (the string-button form), Buffers for uploads.
import TelegramBot from "node-telegram-bot-api";
import { PNG } from "../helpers.js";

/** Builds the bot and starts its polling; stop it with stopPolling(). */
export function ntbaBot(token: string, apiRoot: string): TelegramBot {
  const bot = new TelegramBot(token, {
    baseApiUrl: apiRoot,
    polling: { interval: 0, params: { timeout: 1 } },
  });
  const png = { filename: "p.png", contentType: "image/png" };
  const commands: Record<string, (msg: TelegramBot.Message) => Promise<unknown>> = {
    start: (msg) =>
      bot.sendMessage(msg.chat.id, `Hi ${msg.from?.first_name}`, {
        // The string form: what the library's users write (its types want objects).
        reply_markup: { keyboard: [["Yes", "No"]] as unknown as TelegramBot.KeyboardButton[][] },
      }),
    menu: (msg) =>
      bot.sendMessage(msg.chat.id, "menu", {
        reply_markup: { inline_keyboard: [[{ text: "Ping", callback_data: "ping" }]] },
      }),
    bold: (msg) => bot.sendMessage(msg.chat.id, "<b>bold</b> move", { parse_mode: "HTML" }),
    photo: (msg) => bot.sendPhoto(msg.chat.id, Buffer.from(PNG), { caption: "png" }, png),
    album: (msg) =>
      bot.sendMediaGroup(msg.chat.id, [
        { type: "photo", media: Buffer.from(PNG) as unknown as string, fileOptions: png },
        { type: "photo", media: Buffer.from(PNG) as unknown as string, fileOptions: png },
      ] as unknown as TelegramBot.InputMedia[]),
    typing: async (msg) => {
      await bot.sendChatAction(msg.chat.id, "typing");
      await bot.sendMessage(msg.chat.id, "typed");
    },
    delete: async (msg) => {
      const temp = await bot.sendMessage(msg.chat.id, "temp");
      await bot.deleteMessage(msg.chat.id, temp.message_id);
      await bot.sendMessage(msg.chat.id, "deleted");
    },
    hide: (msg) => bot.sendMessage(msg.chat.id, "hidden", { reply_markup: { remove_keyboard: true } }),
  };
  bot.on("message", async (msg) => {
    const command = /^\/(\w+)/.exec(msg.text ?? "")?.[1];
    const run = command ? commands[command] : undefined;
    if (run) return void (await run(msg));
    const largest = msg.photo?.at(-1);
    if (largest) {
      const link = await bot.getFileLink(largest.file_id);
      const bytes = (await (await fetch(link)).arrayBuffer()).byteLength;
      return void (await bot.sendMessage(msg.chat.id, `got ${bytes} bytes`));
    }
    if (msg.text !== undefined)
      await bot.sendMessage(msg.chat.id, `you said: ${msg.text}`, { reply_to_message_id: msg.message_id });
  });
  bot.on("callback_query", async (query) => {
    if (query.data !== "ping" || !query.message) return;
    await bot.answerCallbackQuery(query.id, { text: "pong" });
    await bot.editMessageText("pinged", {
      chat_id: query.message.chat.id,
      message_id: query.message.message_id,
    });
  });
  bot.on("inline_query", (query) =>
    bot.answerInlineQuery(
      query.id,
      [
        {
          type: "article",
          id: "1",
          title: "Echo",
          input_message_content: { message_text: `echo: ${query.query}` },
        },
      ],
      { cache_time: 0 },
    ),
  );
  return bot;
}
