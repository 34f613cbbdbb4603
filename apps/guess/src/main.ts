// Guess-a-number's entry point: `node src/main.ts` with TELEGRAM_BOT_TOKEN (see README.md). With
// REDIS_URL set, it runs scaled out: start as many processes as you like, on any machines.
import { createLogger, envSeconds, isLogLevel, readServiceConfig, serve } from "@telepot/service";
import { startGuessNode } from "./cluster.ts";
import { createGuess, DEFAULT_TIMEOUT, randomSecret } from "./guess.ts";

if (process.env.REDIS_URL?.trim()) {
  const level = process.env.LOG_LEVEL?.trim();
  const logger = createLogger({
    app: "guess",
    secrets: [process.env.TELEGRAM_BOT_TOKEN?.trim(), process.env.REDIS_URL?.trim()],
    ...(isLogLevel(level) ? { level } : {}),
  });
  const config = readServiceConfig();
  const timeoutMs = envSeconds(process.env, "GUESS_TIMEOUT_SECONDS", DEFAULT_TIMEOUT) * 1000;
  const node = await startGuessNode(
    { ...config, redisUrl: config.redisUrl as string },
    logger,
    randomSecret,
    timeoutMs,
  );
  const stop = () => {
    logger.info("stopping", {});
    node.stop().then(
      () => logger.info("stopped", {}),
      (error: unknown) => {
        logger.error("stopping failed", { error });
        process.exitCode = 1;
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
} else {
  await serve("guess", createGuess);
}
