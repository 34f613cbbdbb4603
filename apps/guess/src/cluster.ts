// Guess-a-number scaled out (REDIS_URL set): every process is a polling candidate (one polls at a
// time) and a worker; a game is the conversation state of its chat in Redis ({ secret }), saved
// with the update that changed it, so the next message of the chat may go to any process.
// Sends are paced for the whole bot by the shared flood limiter.
import { Bot } from "@telepot/async";
import type { Update } from "@telepot/core";
import {
  PollingLeader,
  RedisFloodLimiter,
  RedisInbox,
  RedisWorker,
  type WorkerConversation,
} from "@telepot/redis";
import type { Logger, ServiceConfig } from "@telepot/service";
import { Game, GREETING } from "./game.ts";
import type { SecretSource } from "./player.ts";

/** A running scaled-out guess process. */
export interface GuessNode {
  /** Stops polling and working, and closes the connections. */
  stop(): Promise<void>;
}

/** Plays one update of a chat's game with the game's saved state. */
export async function playTurn(
  bot: Bot,
  update: Update,
  conversation: WorkerConversation,
  pick: SecretSource,
  timeoutMs: number,
): Promise<void> {
  const msg = update.message;
  if (!msg) return;
  const saved = conversation.state?.value as { secret: number } | undefined;
  const idleAtMs = Date.now() + timeoutMs;
  if (saved === undefined) {
    const secret = pick();
    await bot.sendMessage(msg.chat.id, GREETING);
    conversation.save({ secret }, idleAtMs);
    return;
  }
  const turn = new Game(saved.secret).play(msg.text);
  await bot.sendMessage(msg.chat.id, turn.reply);
  if (turn.won) conversation.remove();
  else conversation.save(saved, idleAtMs);
}

/** A game nobody played for the timeout: reveal the number (the state is then removed). */
export async function expireGame(bot: Bot, conversation: WorkerConversation): Promise<void> {
  const saved = conversation.state?.value as { secret: number } | undefined;
  const chat = conversation.key.startsWith("chat:") ? Number(conversation.key.slice(5)) : Number.NaN;
  if (saved !== undefined && Number.isSafeInteger(chat)) {
    await bot.sendMessage(chat, new Game(saved.secret).expired());
  }
  conversation.remove();
}

/** Starts one scaled-out guess process on `config.redisUrl`. */
export async function startGuessNode(
  config: ServiceConfig & { readonly redisUrl: string },
  logger: Logger,
  pick: SecretSource,
  timeoutMs: number,
): Promise<GuessNode> {
  const inbox = new RedisInbox({ redis: config.redisUrl, prefix: `guess:{${config.token.split(":")[0]}}:` });
  const limiter = new RedisFloodLimiter({ redis: inbox.redis, prefix: inbox.prefix });
  const bot = new Bot(config.token, {
    ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
    floodControl: limiter,
    logger: { warn: (message) => logger.warn(message) },
  });
  const onError = (error: unknown) => logger.error("cluster error", { error });
  await bot.deleteWebhook();
  const pollSeconds = config.mode.kind === "polling" ? config.mode.timeout : 20;
  const leader = new PollingLeader({
    inbox,
    onError,
    leaseMs: 5_000, // renewed on a timer, independent of the long poll
    fetch: (offset, signal) => bot.call("getUpdates", { offset, timeout: pollSeconds }, { signal }),
  });
  const worker = new RedisWorker({
    inbox,
    onError,
    handle: (update, conversation) => playTurn(bot, update, conversation, pick, timeoutMs),
    onIdle: (conversation) => expireGame(bot, conversation),
  });
  await worker.start();
  leader.start();
  logger.info("started", { mode: "scale-out", candidate: leader.id });
  return {
    async stop() {
      await leader.stop();
      await worker.stop();
      await bot.dispose();
      await inbox.redis.quit();
    },
  };
}
