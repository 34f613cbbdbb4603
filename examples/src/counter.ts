// Tutorial: ../../README.md#threads-of-conversation
// Message Counter: one conversation per chat counts the messages sent in it, replying 1, 2, 3 ...
// After `timeout` seconds of silence the conversation ends, and the next message counts from 1.
//   TELEGRAM_BOT_TOKEN=<token> node examples/src/counter.ts      (IDLE_TIMEOUT=<seconds>, default 10)
import { ChatHandler, createOpen, type DelegationPair, DelegatorBot, perChatId } from "@telepot/async";
import { envSeconds, runMain } from "./lib/cli.ts";
import { botOptions, type ConversationOptions, type RunningExample, running } from "./lib/example.ts";

/** Counts the messages of one chat. */
// #region readme-counter
export class MessageCounter extends ChatHandler {
  #count = 0;

  override async onChatMessage(): Promise<void> {
    this.#count += 1;
    await this.sender.sendMessage(String(this.#count));
  }
}
// #endregion

/** The counter's delegation: a MessageCounter per chat id, ending after `timeout` idle seconds. */
// #region readme-counter-pairs
export function counterPairs(timeout = 10): DelegationPair[] {
  return [[perChatId(), createOpen(MessageCounter, { timeout })]];
}
// #endregion

/** A DelegatorBot that counts messages per chat (not yet receiving). */
export function counterBot(token: string, options: ConversationOptions = {}): DelegatorBot {
  return new DelegatorBot(token, counterPairs(options.timeout), {
    ...botOptions(options),
    ...(options.timerClock ? { timerClock: options.timerClock } : {}),
  });
}

/** Ends the conversations and closes the bot's connections. */
export async function closeConversations(bot: DelegatorBot): Promise<void> {
  await bot.closeDelegates();
  await bot.dispose();
}

/** Starts the Message Counter (long polling). */
export async function start(
  token: string,
  options: ConversationOptions = {},
): Promise<RunningExample<DelegatorBot>> {
  const bot = counterBot(token, options);
  const loop = bot.messageLoop(undefined, { pollTimeoutSeconds: options.pollTimeout ?? 20 });
  return running(bot, loop, () => closeConversations(bot));
}

if (import.meta.main) await runMain(start, { timeout: envSeconds("IDLE_TIMEOUT", 10) });
