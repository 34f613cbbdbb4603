// Tutorial: ../../README.md#inline-only-handlers
// Answerer in a handler: one conversation per user for inline queries and chosen results; the
// handler's own answerer computes at most one answer at a time, the newest query winning (the
// answer computation is the one of answerer-global.ts).
//   TELEGRAM_BOT_TOKEN=<token> node examples/src/answerer-handler.ts
import {
  type ChosenInlineResult,
  type ComputeAnswer,
  createOpen,
  DelegatorBot,
  glance,
  type HandlerContext,
  type HandlerOptions,
  type InlineQuery,
  InlineUserHandler,
  perInlineFromId,
} from "@telepot/async";
import {
  type AnswererExampleOptions,
  answerInBackground,
  articleAnswer,
  type Lookup,
} from "./answerer-global.ts";
import { closeConversations } from "./counter.ts";
import { envSeconds, runMain } from "./lib/cli.ts";
import { botOptions, consoleLog, type Log, type RunningExample, running } from "./lib/example.ts";

/** Answers one user's inline queries. */
export class InlineHandler extends InlineUserHandler {
  readonly #log: Log;
  readonly #compute: ComputeAnswer;

  constructor(ctx: HandlerContext, log: Log, lookup: Lookup | undefined, options: HandlerOptions) {
    super(ctx, options);
    this.#log = log;
    this.#compute = articleAnswer(log, lookup);
  }

  override onInlineQuery(query: InlineQuery): void {
    const [queryId, fromId, text] = glance(query, "inline_query");
    this.#log(`${this.userId} : Inline Query: ${queryId} ${fromId} ${text}`);
    // Not awaited: this conversation takes its next query while the answer is computed.
    answerInBackground(this.answerer, query, this.#compute, this.#log);
  }

  override onChosenInlineResult(result: ChosenInlineResult): void {
    const [resultId, fromId, text] = glance(result, "chosen_inline_result");
    this.#log(`${this.userId} : Chosen Inline Result: ${resultId} ${fromId} ${text}`);
  }
}

/** Starts the bot. */
export async function start(
  token: string,
  options: AnswererExampleOptions = {},
): Promise<RunningExample<DelegatorBot>> {
  const log = options.log ?? consoleLog;
  const factory = createOpen(InlineHandler, log, options.lookup, { timeout: options.timeout ?? 10 });
  const bot = new DelegatorBot(token, [[perInlineFromId(), factory]], {
    ...botOptions(options),
    ...(options.timerClock ? { timerClock: options.timerClock } : {}),
  });
  const loop = bot.messageLoop(undefined, { pollTimeoutSeconds: options.pollTimeout ?? 20 });
  return running(bot, loop, () => closeConversations(bot));
}

if (import.meta.main) await runMain(start, { timeout: envSeconds("IDLE_TIMEOUT", 10) });
