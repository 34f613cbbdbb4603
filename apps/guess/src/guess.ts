// Guess-a-number as a service: a DelegatorBot with one Player per chat.
import { randomInt } from "node:crypto";
import { createOpen, DelegatorBot, perChatId } from "@telepot/async";
import { type AppContext, type AppParts, envSeconds, logDelegateErrors } from "@telepot/service";
import { SqliteInbox } from "@telepot/sqlite";
import { Player, type SecretSource } from "./player.ts";

/** The default idle timeout of a game, in seconds (as in the seed). */
export const DEFAULT_TIMEOUT = 10;

/** A secret from 0 to 99 inclusive. */
export const randomSecret: SecretSource = () => randomInt(0, 100);

/**
 * Builds the app: GUESS_TIMEOUT_SECONDS sets the idle timeout; GUESS_DB the SQLite file that keeps
 * the received updates and the running games (default guess.sqlite; ":memory:" keeps nothing).
 */
export function createGuess({ env, config, logger, botOptions }: AppContext): AppParts {
  const timeout = envSeconds(env, "GUESS_TIMEOUT_SECONDS", DEFAULT_TIMEOUT);
  const path = env.GUESS_DB?.trim() || "guess.sqlite";
  const inbox = SqliteInbox.open(path);
  const bot = new DelegatorBot(
    config.token,
    [[perChatId(), createOpen(Player, randomSecret, logger, { timeout })]],
    {
      ...botOptions,
      onDelegateError: logDelegateErrors(logger),
      inbox,
    },
  );
  logger.info("configured", { timeout, db: path, pending: inbox.backlog(), games: inbox.states().length });
  return { bot, inbox, close: () => inbox.close() };
}
