// Tutorial: ../../README.md#following-a-user
// Pairing patterns: each seed function goes with the handler made for it. Three pairs run side by
// side, and each handler prints what it receives and when it closes:
//   perChatId()       + ChatHandler        one conversation per chat (idle timeout 10 s)
//   perFromId()       + UserHandler        one per user, chat and inline alike (20 s)
//   perInlineFromId() + InlineUserHandler  one per user, inline only (10 s)
//   TELEGRAM_BOT_TOKEN=<token> node examples/src/pairing.ts
import {
  ChatHandler,
  createOpen,
  DelegatorBot,
  flance,
  type HandlerContext,
  type HandlerOptions,
  InlineUserHandler,
  type Payload,
  perChatId,
  perFromId,
  perInlineFromId,
  UserHandler,
} from "@telepot/async";
import { closeConversations } from "./counter.ts";
import { runMain } from "./lib/cli.ts";
import {
  botOptions,
  type ConversationOptions,
  consoleLog,
  type Log,
  type RunningExample,
  running,
} from "./lib/example.ts";

/** Options of the pairing example: each pair's idle timeout in seconds. */
export interface PairingOptions extends Omit<ConversationOptions, "timeout"> {
  /** Timeouts of the chat, user and inline-only handlers (default 10, 20, 10 seconds). */
  readonly timeouts?: { readonly chat?: number; readonly user?: number; readonly inline?: number };
}

/** What every handler of this example prints for a received object: `<Class> <seed>: <n>: <flavor>: <glance>`. */
function describeReceived(handler: { readonly id: unknown }, count: number, msg: Payload): string {
  const [flavor, headline] = flance(msg);
  return `${handler.constructor.name} ${String(handler.id)}: ${count}: ${flavor}: ${JSON.stringify(headline)}`;
}

/** Sees one chat's messages. */
export class ChatHandlerSubclass extends ChatHandler {
  readonly #log: Log;
  #count = 0;

  constructor(ctx: HandlerContext, log: Log, options: HandlerOptions) {
    super(ctx, options);
    this.#log = log;
  }

  override onMessage(msg: Payload): void {
    this.#log(describeReceived(this, ++this.#count, msg));
  }

  override onClose(): void {
    this.#log(`${this.constructor.name} ${this.chatId}: closed`);
  }
}

/** Sees one user's chat messages, inline queries and chosen inline results. */
export class UserHandlerSubclass extends UserHandler {
  readonly #log: Log;
  #count = 0;

  constructor(ctx: HandlerContext, log: Log, options: HandlerOptions) {
    super(ctx, options);
    this.#log = log;
  }

  override onMessage(msg: Payload): void {
    this.#log(describeReceived(this, ++this.#count, msg));
  }

  override onClose(): void {
    this.#log(`${this.constructor.name} ${this.userId}: closed`);
  }
}

/** Sees one user's inline queries and chosen inline results only. */
export class UserHandlerSubclassInlineOnly extends InlineUserHandler {
  readonly #log: Log;
  #count = 0;

  constructor(ctx: HandlerContext, log: Log, options: HandlerOptions) {
    super(ctx, options);
    this.#log = log;
  }

  override onMessage(msg: Payload): void {
    this.#log(describeReceived(this, ++this.#count, msg));
  }

  override onClose(): void {
    this.#log(`${this.constructor.name} ${this.userId}: closed`);
  }
}

/** Starts the three pairs. */
export async function start(
  token: string,
  options: PairingOptions = {},
): Promise<RunningExample<DelegatorBot>> {
  const log = options.log ?? consoleLog;
  const t = options.timeouts ?? {};
  // #region readme-pairing
  const bot = new DelegatorBot(
    token,
    [
      [perChatId(), createOpen(ChatHandlerSubclass, log, { timeout: t.chat ?? 10 })],
      [perFromId(), createOpen(UserHandlerSubclass, log, { timeout: t.user ?? 20 })],
      [perInlineFromId(), createOpen(UserHandlerSubclassInlineOnly, log, { timeout: t.inline ?? 10 })],
    ],
    { ...botOptions(options), ...(options.timerClock ? { timerClock: options.timerClock } : {}) },
  );
  // #endregion
  const loop = bot.messageLoop(undefined, { pollTimeoutSeconds: options.pollTimeout ?? 20 });
  return running(bot, loop, () => closeConversations(bot));
}

if (import.meta.main) await runMain(start);
