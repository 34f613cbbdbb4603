// Tutorial: ../../README.md#async-and-blocking
// The Message Counter in traditional (blocking) style: the same conversations as counter.ts, but
// the handler's calls block, and all conversations take turns on one thread.
//   TELEGRAM_BOT_TOKEN=<token> node examples/src/counter-blocking.ts      (IDLE_TIMEOUT=<seconds>, default 10)
import {
  ChatHandler,
  createOpen,
  DelegatorBot,
  type HandlerContext,
  type HandlerOptions,
  perChatId,
} from "@telepot/blocking";
import { envSeconds, runBlockingMain } from "./lib/cli.ts";
import {
  type BlockingExample,
  botOptions,
  type ConversationOptions,
  consoleLog,
  type Log,
} from "./lib/example.ts";

/** Counts the messages of one chat; says so when the conversation ends. */
// #region readme-counter-blocking
export class MessageCounter extends ChatHandler<"blocking"> {
  readonly #log: Log;
  #count = 0;

  constructor(ctx: HandlerContext<"blocking">, log: Log, options: HandlerOptions) {
    super(ctx, options);
    this.#log = log;
  }

  override onChatMessage(): void {
    this.#count += 1;
    this.sender.sendMessage(String(this.#count));
  }

  override onClose(): void {
    const n = this.#count;
    this.#log(`Chat ${this.chatId}: ended after ${n} message${n === 1 ? "" : "s"}`);
  }
}
// #endregion

/** Starts the counter; returns at once (updates are handled while this thread is idle). */
export function start(token: string, options: ConversationOptions = {}): BlockingExample {
  const log = options.log ?? consoleLog;
  // #region readme-counter-blocking-start
  const bot = new DelegatorBot(
    token,
    [[perChatId(), createOpen(MessageCounter, log, { timeout: options.timeout ?? 10 })]],
    botOptions(options),
  );
  const loop = bot.notifyOnMessage(undefined, { pollTimeoutSeconds: options.pollTimeout ?? 20 });
  // #endregion
  return {
    bot,
    stop() {
      loop.stop();
      bot.closeDelegates();
      bot.dispose();
    },
  };
}

if (import.meta.main) runBlockingMain(start, { timeout: envSeconds("IDLE_TIMEOUT", 10) });
