// The grammY bot the interoperability and browser tests talk to: echo with a reply, /start with an
// inline keyboard, callback answers that edit the message, inline results, photo echo.
import { Bot, InlineKeyboard, InputFile } from "grammy";

export function echoBot(token: string, apiRoot: string): Bot {
  const bot = new Bot(token, { client: { apiRoot } });
  bot.command("start", (ctx) =>
    ctx.reply(`Hi ${ctx.from?.first_name}! payload=${ctx.match}`, {
      reply_markup: new InlineKeyboard().text("Ping", "ping"),
    }),
  );
  bot.callbackQuery("ping", async (ctx) => {
    await ctx.answerCallbackQuery({ text: "pong" });
    await ctx.editMessageText("pinged");
  });
  bot.on("inline_query", (ctx) =>
    ctx.answerInlineQuery(
      [
        {
          type: "article",
          id: "1",
          title: "Echo",
          description: "say it back",
          input_message_content: { message_text: `echo: ${ctx.inlineQuery.query}` },
        },
      ],
      { cache_time: 0 },
    ),
  );
  bot.on("message:photo", async (ctx) => {
    const file = await ctx.getFile();
    const bytes = new Uint8Array(
      await (await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`)).arrayBuffer(),
    );
    await ctx.replyWithPhoto(new InputFile(bytes, "back.png"), { caption: `got ${bytes.length} bytes` });
  });
  bot.on("message:text", (ctx) =>
    ctx.reply(`you said: ${ctx.message.text}`, { reply_parameters: { message_id: ctx.message.message_id } }),
  );
  return bot;
}

/** Starts long polling and resolves once the bot is running; returns the stop function. */
export async function runPolling(bot: Bot): Promise<() => Promise<void>> {
  let running: Promise<void> = Promise.resolve();
  await new Promise<void>((onStart) => {
    running = bot.start({ timeout: 1, drop_pending_updates: true, onStart: () => onStart() });
  });
  return async () => {
    await bot.stop();
    await running;
  };
}
