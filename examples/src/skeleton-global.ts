// Tutorial: ../../README.md#inline-queries-and-the-answerer
// Skeleton with a global handler: one function receives every message, inline query and chosen
// inline result, tells them apart by flavor, and glances at the headline fields.
//   TELEGRAM_BOT_TOKEN=<token> node examples/src/skeleton-global.ts
import { Bot, flavor, glance, hasFlavor, type InlineQueryResult } from "@telepot/async";
import { InlineQueryResultArticle, InputTextMessageContent } from "@telepot/namedtuple";
import { runMain } from "./lib/cli.ts";
import {
  botOptions,
  consoleLog,
  type ExampleOptions,
  type Log,
  type RunningExample,
  running,
} from "./lib/example.ts";

/** The skeleton's handler, printing to `log` and answering through `bot` (the webhook examples reuse it). */
// #region readme-skeleton
export function skeletonHandler(bot: Bot, log: Log): (msg: object) => Promise<void> {
  return async function handle(msg) {
    if (hasFlavor(msg, "normal")) {
      const [contentType, chatType, chatId] = glance(msg);
      log(`Normal Message: ${contentType} ${chatType} ${chatId}`);
      // Do your stuff according to the content type ...
    } else if (hasFlavor(msg, "inline_query")) {
      const [queryId, fromId, query] = glance(msg, "inline_query");
      log(`Inline Query: ${queryId} ${fromId} ${query}`);
      // Compose your own answers.
      const articles: InlineQueryResult[] = [
        InlineQueryResultArticle({
          id: "abc",
          title: "ABC",
          input_message_content: InputTextMessageContent({ message_text: "Good morning" }),
        }),
      ];
      await bot.answerInlineQuery(queryId, articles);
    } else if (hasFlavor(msg, "chosen_inline_result")) {
      // Telegram sends these only with inline feedback on (BotFather's /setinlinefeedback).
      const [resultId, fromId, query] = glance(msg, "chosen_inline_result");
      log(`Chosen Inline Result: ${resultId} ${fromId} ${query}`);
      // Remember the chosen answer to do better next time ...
    } else {
      log(`Not handled: ${flavor(msg)}`);
    }
  };
}
// #endregion

/** Starts the skeleton. */
export async function start(token: string, options: ExampleOptions = {}): Promise<RunningExample> {
  // #region readme-skeleton-loop
  const bot = new Bot(token, botOptions(options));
  const handle = skeletonHandler(bot, options.log ?? consoleLog);
  const loop = bot.messageLoop(handle, { pollTimeoutSeconds: options.pollTimeout ?? 20 });
  // #endregion
  return running(bot, loop, () => bot.dispose());
}

if (import.meta.main) await runMain(start);
