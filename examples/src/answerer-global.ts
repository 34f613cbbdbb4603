// Tutorial: ../../README.md#inline-queries-and-the-answerer
// Answerer in a global handler: inline queries go to an Answerer, which computes at most one
// answer per user at a time. A newer query from the same user aborts the older computation, whose
// result is then never sent, so the user sees the answer to what they typed last.
//   TELEGRAM_BOT_TOKEN=<token> node examples/src/answerer-global.ts
import {
  Answerer,
  Bot,
  type ComputeAnswer,
  flavor,
  glance,
  hasFlavor,
  type InlineQuery,
  type MaybePromise,
} from "@telepot/async";
import { InlineQueryResultArticle, InputTextMessageContent } from "@telepot/namedtuple";
import { runMain } from "./lib/cli.ts";
import {
  botOptions,
  type ConversationOptions,
  consoleLog,
  type Log,
  type RunningExample,
  running,
} from "./lib/example.ts";

/** Where answers come from: the query text in, the article's text out. It should stop when `signal` aborts. */
export type Lookup = (text: string, signal: AbortSignal) => MaybePromise<string>;

/** Options of the Answerer examples. */
export interface AnswererExampleOptions extends ConversationOptions {
  /** Computes each answer (default: the query text itself; a real bot would search something slow). */
  readonly lookup?: Lookup;
}

/** The answer computation: one article whose title and text are what `lookup` gives for the query. */
// #region readme-answerer-compute
export function articleAnswer(log: Log, lookup: Lookup = (text) => text): ComputeAnswer {
  return async (query, signal) => {
    const [queryId, , text] = glance(query, "inline_query");
    log(`${queryId}: Computing for: ${text}`);
    const found = await lookup(text, signal);
    return [
      InlineQueryResultArticle({
        id: "abc",
        title: found,
        input_message_content: InputTextMessageContent({ message_text: found }),
      }),
    ];
  };
}
// #endregion

/**
 * Hands a query to the answerer without waiting for it (so that a newer query gets in and takes
 * over), and prints what became of it.
 */
// #region readme-answerer-answer
export function answerInBackground(
  answerer: Answerer,
  query: InlineQuery,
  compute: ComputeAnswer,
  log: Log,
): void {
  answerer.answer(query, compute).then(
    (sent) => log(sent ? `${query.id}: Answered` : `${query.id}: Superseded by a newer query`),
    (error: unknown) => log(`${query.id}: Failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}
// #endregion

/** Starts the bot. */
export async function start(token: string, options: AnswererExampleOptions = {}): Promise<RunningExample> {
  const log = options.log ?? consoleLog;
  const bot = new Bot(token, botOptions(options));
  const answerer = new Answerer(bot);
  const compute = articleAnswer(log, options.lookup);

  const handle = (msg: object) => {
    if (hasFlavor(msg, "normal")) {
      const [contentType, chatType, chatId] = glance(msg);
      log(`Normal Message: ${contentType} ${chatType} ${chatId}`);
    } else if (hasFlavor(msg, "inline_query")) {
      const [queryId, fromId, text] = glance(msg, "inline_query");
      log(`Inline Query: ${queryId} ${fromId} ${text}`);
      answerInBackground(answerer, msg, compute, log);
    } else if (hasFlavor(msg, "chosen_inline_result")) {
      const [resultId, fromId, text] = glance(msg, "chosen_inline_result");
      log(`Chosen Inline Result: ${resultId} ${fromId} ${text}`);
    } else {
      log(`Not handled: ${flavor(msg)}`);
    }
  };

  const loop = bot.messageLoop(handle, { pollTimeoutSeconds: options.pollTimeout ?? 20 });
  return running(bot, loop, () => bot.dispose());
}

if (import.meta.main) await runMain(start);
