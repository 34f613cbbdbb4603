// Guess-a-number in the traditional blocking style: `node src/main-blocking.ts` (polling only).
import { DelegatorBot } from "@telepot/blocking";
import { createOpen, perChatId } from "@telepot/core";
import { envSeconds, serveBlocking } from "@telepot/service";
import { BlockingPlayer } from "./blocking-player.ts";
import { DEFAULT_TIMEOUT, randomSecret } from "./guess.ts";

serveBlocking("guess", ({ env, config, logger, botOptions }) => {
  const timeout = envSeconds(env, "GUESS_TIMEOUT_SECONDS", DEFAULT_TIMEOUT);
  const bot = new DelegatorBot(
    config.token,
    [[perChatId(), createOpen(BlockingPlayer, randomSecret, logger, { timeout })]],
    // Not yet onDelegateError: logDelegateErrors(logger). The blocking Bot currently sends every
    // option it does not know to its worker thread, and a function cannot be sent there.
    botOptions,
  );
  logger.info("configured", { timeout, style: "blocking" });
  return { bot };
});
