// Guess-a-number in the traditional blocking style: `node src/main-blocking.ts` (polling only).
import { createOpen, DelegatorBot, perChatId } from "@telepot/blocking";
import { envSeconds, logDelegateErrors, serveBlocking } from "@telepot/service";
import { BlockingPlayer } from "./blocking-player.ts";
import { DEFAULT_TIMEOUT, randomSecret } from "./guess.ts";

serveBlocking("guess", ({ env, config, logger, botOptions }) => {
  const timeout = envSeconds(env, "GUESS_TIMEOUT_SECONDS", DEFAULT_TIMEOUT);
  const bot = new DelegatorBot(
    config.token,
    [[perChatId(), createOpen(BlockingPlayer, randomSecret, logger, { timeout })]],
    { ...botOptions, onDelegateError: logDelegateErrors(logger) },
  );
  logger.info("configured", { timeout, style: "blocking" });
  return { bot };
});
