// Tutorial: ../../README.md#inline-only-handlers
// Inline-only handler: one conversation per user, for inline queries and chosen inline results
// only (chat messages start nothing). Answers every query with the same article.
//   TELEGRAM_BOT_TOKEN=<token> node examples/src/inline-only.ts
import {
  type ChosenInlineResult,
  createOpen,
  DelegatorBot,
  glance,
  type HandlerContext,
  type HandlerOptions,
  type InlineQuery,
  InlineUserHandler,
  perInlineFromId,
} from "@telepot/async";
import { InlineQueryResultArticle, InputTextMessageContent } from "@telepot/namedtuple";
import { closeConversations } from "./counter.ts";
import { envSeconds, runMain } from "./lib/cli.ts";
import {
  botOptions,
  type ConversationOptions,
  consoleLog,
  type Log,
  type RunningExample,
  running,
} from "./lib/example.ts";

/** Handles one user's inline queries and chosen results. */
// #region readme-inline-only
export class InlineHandler extends InlineUserHandler {
  readonly #log: Log;

  constructor(ctx: HandlerContext, log: Log, options: HandlerOptions) {
    super(ctx, options);
    this.#log = log;
  }

  override async onInlineQuery(query: InlineQuery): Promise<void> {
    const [queryId, fromId, text] = glance(query, "inline_query");
    this.#log(`${this.userId} : Inline Query: ${queryId} ${fromId} ${text}`);
    const articles = [
      InlineQueryResultArticle({
        id: "abc",
        title: "ABC",
        input_message_content: InputTextMessageContent({ message_text: "Good morning" }),
      }),
    ];
    await this.bot.answerInlineQuery(queryId, articles);
    this.#log(`${this.userId} : Answers sent.`);
  }

  override onChosenInlineResult(result: ChosenInlineResult): void {
    const [resultId, fromId, text] = glance(result, "chosen_inline_result");
    this.#log(`${this.userId} : Chosen Inline Result: ${resultId} ${fromId} ${text}`);
  }
}
// #endregion

/** Starts the inline-only bot. */
export async function start(
  token: string,
  options: ConversationOptions = {},
): Promise<RunningExample<DelegatorBot>> {
  const log = options.log ?? consoleLog;
  // #region readme-inline-only-bot
  const bot = new DelegatorBot(
    token,
    [[perInlineFromId(), createOpen(InlineHandler, log, { timeout: options.timeout ?? 10 })]],
    { ...botOptions(options), ...(options.timerClock ? { timerClock: options.timerClock } : {}) },
  );
  // #endregion
  const loop = bot.messageLoop(undefined, { pollTimeoutSeconds: options.pollTimeout ?? 20 });
  return running(bot, loop, () => closeConversations(bot));
}

if (import.meta.main) await runMain(start, { timeout: envSeconds("IDLE_TIMEOUT", 10) });
