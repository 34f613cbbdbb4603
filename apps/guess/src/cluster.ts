// Guess-a-number scaled out (REDIS_URL set): every process is a polling candidate (one polls at a
// time) and a worker running the same Player handler as one process does; a game is the Player's
// snapshot in its chat's conversation state in Redis, saved with the update that changed it, so
// the next message of the chat may go to any process. Sends are paced for the whole bot by the
// shared flood limiter.
import { Bot, createOpen, perChatId } from "@telepot/async";
import { PollingLeader, RedisFloodLimiter, RedisInbox, RedisWorker, WorkerDelegates } from "@telepot/redis";
import { type Logger, logDelegateErrors, type ServiceConfig } from "@telepot/service";
import { Player, type SecretSource } from "./player.ts";

/** A running scaled-out guess process. */
export interface GuessNode {
  /** Stops polling and working, and closes the connections. */
  stop(): Promise<void>;
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
  const delegates = new WorkerDelegates(
    bot,
    [[perChatId(), createOpen(Player, pick, logger, { timeout: timeoutMs / 1000 })]],
    { onDelegateError: logDelegateErrors(logger) },
  );
  const worker = new RedisWorker({ inbox, onError, handle: delegates.handle, onIdle: delegates.onIdle });
  await worker.start();
  leader.start();
  logger.info("started", { mode: "scale-out", candidate: leader.id });
  return {
    async stop() {
      await leader.stop();
      await worker.stop();
      limiter.close();
      await bot.dispose();
      await inbox.redis.quit();
    },
  };
}
