// Tutorial: ../../README.md#class-based-message-handling
// Skeleton by extending Bot: the bot's own `handle` method receives every message, inline query and
// chosen inline result (messageLoop() uses it when given no handler), so state lives on the bot.
//   TELEGRAM_BOT_TOKEN=<token> node examples/src/skeleton-extend.ts
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

/** A bot that handles what it receives in its own method. */
// #region readme-class
export class YourBot extends Bot {
  readonly #log: Log;

  constructor(token: string, options: ExampleOptions = {}) {
    super(token, botOptions(options));
    this.#log = options.log ?? consoleLog;
  }

  /** Called by the message loop with each received object. */
  async handle(msg: object): Promise<void> {
    if (hasFlavor(msg, "normal")) {
      const [contentType, chatType, chatId] = glance(msg);
      this.#log(`Normal Message: ${contentType} ${chatType} ${chatId}`);
      // Do your stuff according to the content type ...
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
      await this.answerInlineQuery(queryId, articles);
    } else if (hasFlavor(msg, "chosen_inline_result")) {
      const [resultId, fromId, query] = glance(msg, "chosen_inline_result");
      this.#log(`Chosen Inline Result: ${resultId} ${fromId} ${query}`);
    } else {
      this.#log(`Not handled: ${flavor(msg)}`);
    }
  }
}
// #endregion

/** Starts the skeleton. */
export async function start(token: string, options: ExampleOptions = {}): Promise<RunningExample<YourBot>> {
  // #region readme-class-loop
  const bot = new YourBot(token, options);
  const loop = bot.messageLoop(undefined, { pollTimeoutSeconds: options.pollTimeout ?? 20 });
  // #endregion
  return running(bot, loop, () => bot.dispose());
}

if (import.meta.main) await runMain(start);
