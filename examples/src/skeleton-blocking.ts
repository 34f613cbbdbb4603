// Tutorial: ../../README.md#the-basics
// The traditional skeleton: a plain (non-async) global handler and a blocking Bot whose calls
// return their results directly. notifyOnMessage returns at once; updates are then handled on
// this thread whenever it is idle, and the process keeps running.
//   TELEGRAM_BOT_TOKEN=<token> node examples/src/skeleton-blocking.ts

import { Bot, flavor, glance, hasFlavor, type InlineQueryResult } from "@telepot/blocking";
import { InlineQueryResultArticle, InputTextMessageContent } from "@telepot/namedtuple";
import { runBlockingMain } from "./lib/cli.ts";
import {
  type BlockingExample,
  botOptions,
  consoleLog,
  type ExampleOptions,
  type Log,
} from "./lib/example.ts";

/** The skeleton's handler: each bot call blocks until Telegram answers. */
export function blockingSkeletonHandler(bot: Bot, log: Log): (msg: object) => void {
  return function handle(msg) {
    if (hasFlavor(msg, "normal")) {
      const [contentType, chatType, chatId] = glance(msg);
      log(`Normal Message: ${contentType} ${chatType} ${chatId}`);
      // Do your stuff according to the content type ...
    } else if (hasFlavor(msg, "inline_query")) {
      const [queryId, fromId, query] = glance(msg, "inline_query");
      log(`Inline Query: ${queryId} ${fromId} ${query}`);
      const articles: InlineQueryResult[] = [
        InlineQueryResultArticle({
          id: "abc",
          title: "ABC",
          input_message_content: InputTextMessageContent({ message_text: "Good morning" }),
        }),
      ];
      bot.answerInlineQuery(queryId, articles);
    } else if (hasFlavor(msg, "chosen_inline_result")) {
      const [resultId, fromId, query] = glance(msg, "chosen_inline_result");
      log(`Chosen Inline Result: ${resultId} ${fromId} ${query}`);
    } else {
      log(`Not handled: ${flavor(msg)}`);
    }
  };
}

/** Starts the skeleton; returns at once. */
export function start(token: string, options: ExampleOptions = {}): BlockingExample {
  const bot = new Bot(token, botOptions(options));
  const loop = bot.notifyOnMessage(blockingSkeletonHandler(bot, options.log ?? consoleLog), {
    pollTimeoutSeconds: options.pollTimeout ?? 20,
  });
  return {
    bot,
    stop() {
      loop.stop();
      bot.dispose();
    },
  };
}

if (import.meta.main) runBlockingMain(start);
