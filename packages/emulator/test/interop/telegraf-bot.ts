// The interop bot (see scenario.ts) written with Telegraf 4, as its own documentation shows.
import { Input, Markup, Telegraf } from "telegraf";
import { PNG } from "../helpers.js";

/** Builds the bot; the caller launches it. */
export function telegrafBot(token: string, apiRoot: string): Telegraf {
  const bot = new Telegraf(token, { telegram: { apiRoot } });
  const png = (name: string) => Input.fromBuffer(Buffer.from(PNG), name);
  bot.start((ctx) => ctx.reply(`Hi ${ctx.from.first_name}`, Markup.keyboard([["Yes", "No"]])));
  bot.command("menu", (ctx) =>
    ctx.reply("menu", Markup.inlineKeyboard([Markup.button.callback("Ping", "ping")])),
  );
  bot.action("ping", async (ctx) => {
    await ctx.answerCbQuery("pong");
    await ctx.editMessageText("pinged");
  });
  bot.command("bold", (ctx) => ctx.replyWithHTML("<b>bold</b> move"));
  bot.command("photo", (ctx) => ctx.replyWithPhoto(png("p.png"), { caption: "png" }));
  bot.command("album", (ctx) =>
    ctx.replyWithMediaGroup([
      { type: "photo", media: png("a.png") },
      { type: "photo", media: png("b.png") },
    ]),
  );
  bot.command("typing", async (ctx) => {
    await ctx.sendChatAction("typing");
    await ctx.reply("typed");
  });
  bot.command("delete", async (ctx) => {
    const temp = await ctx.reply("temp");
    await ctx.deleteMessage(temp.message_id);
    await ctx.reply("deleted");
  });
  bot.command("hide", (ctx) => ctx.reply("hidden", Markup.removeKeyboard()));
  bot.on("photo", async (ctx) => {
    const largest = ctx.message.photo.at(-1);
    if (!largest) return;
    const link = await ctx.telegram.getFileLink(largest.file_id);
    const bytes = (await (await fetch(link)).arrayBuffer()).byteLength;
    await ctx.reply(`got ${bytes} bytes`);
  });
  bot.on("inline_query", (ctx) =>
    ctx.answerInlineQuery(
      [
        {
          type: "article",
          id: "1",
          title: "Echo",
          input_message_content: { message_text: `echo: ${ctx.inlineQuery.query}` },
        },
      ],
      { cache_time: 0 },
    ),
  );
  bot.on("text", (ctx) =>
    ctx.reply(`you said: ${ctx.message.text}`, { reply_parameters: { message_id: ctx.message.message_id } }),
  );
  return bot;
}
