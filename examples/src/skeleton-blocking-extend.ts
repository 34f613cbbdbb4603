// Tutorial: ../../README.md#class-based-message-handling
// The traditional skeleton by extending the blocking Bot: its own `handle` method receives
// everything (notifyOnMessage() uses it when given no handler), and its calls block.
//   TELEGRAM_BOT_TOKEN=<token> node examples/src/skeleton-blocking-extend.ts
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

/** A blocking bot that handles what it receives in its own method. */
export class YourBot extends Bot {
  readonly #log: Log;

  constructor(token: string, options: ExampleOptions = {}) {
    super(token, botOptions(options));
    this.#log = options.log ?? consoleLog;
  }

  /** Called with each received object, on this thread. */
  handle(msg: object): void {
    if (hasFlavor(msg, "normal")) {
      const [contentType, chatType, chatId] = glance(msg);
      this.#log(`Normal Message: ${contentType} ${chatType} ${chatId}`);
    } else if (hasFlavor(msg, "inline_query")) {
      const [queryId, fromId, query] = glance(msg, "inline_query");
      this.#log(`Inline Query: ${queryId} ${fromId} ${query}`);
      const articles: InlineQueryResult[] = [
        InlineQueryResultArticle({
          id: "abc",
          title: "ABC",
          input_message_content: InputTextMessageContent({ message_text: "Good morning" }),
        }),
      ];
      this.answerInlineQuery(queryId, articles);
    } else if (hasFlavor(msg, "chosen_inline_result")) {
      const [resultId, fromId, query] = glance(msg, "chosen_inline_result");
      this.#log(`Chosen Inline Result: ${resultId} ${fromId} ${query}`);
    } else {
      this.#log(`Not handled: ${flavor(msg)}`);
    }
  }
}

/** Starts the skeleton; returns at once. */
export function start(token: string, options: ExampleOptions = {}): BlockingExample {
  const bot = new YourBot(token, options);
  const loop = bot.notifyOnMessage(undefined, { pollTimeoutSeconds: options.pollTimeout ?? 20 });
  return {
    bot,
    stop() {
      loop.stop();
      bot.dispose();
    },
  };
}

if (import.meta.main) runBlockingMain(start);
