// Running a bot of @telepot/blocking as a service. The blocking Bot handles updates on this thread
// whenever it is idle, so signals still get through; stopping blocks until the updates already
// fetched are handled and confirmed. Typed structurally: this package does not depend on
// @telepot/blocking. Polling only (the blocking variants are the traditional style's showcase).
import type { UpdateContext, UpdateHandler } from "@telepot/async";
import { FATAL_LOOP_EXIT_CODE } from "@telepot/core/internal";
import { ConfigError, type Env, readServiceConfig, type ServiceConfig } from "./config.js";
import { createLogger, isLogLevel, type Logger } from "./logger.js";
import type { AppContext } from "./service.js";

/** What the service needs of a running blocking loop. */
export interface BlockingLoop {
  /** Stops: handles what was fetched, confirms it, returns when done. */
  stop(): void;
}

/** What the service needs of a blocking Bot (or DelegatorBot). */
export interface BlockingBot {
  getMe(): { readonly id: number; readonly username?: string | undefined };
  deleteWebhook(): unknown;
  notifyOnMessage(
    handle: UpdateHandler | undefined,
    options: {
      timeout: number;
      stopTimeout: number;
      onError: (error: unknown, context?: UpdateContext) => void;
      /** Told once when the loop has ended, with the fatal error if one ended it. */
      onEnd: (error: Error | undefined) => void;
      allowedUpdates?: readonly string[];
    },
  ): BlockingLoop;
  /** The bot's own handler (a DelegatorBot's, or a subclass's method). */
  handle?(payload: never, context: never): unknown;
  /** Ends the conversations of a DelegatorBot. */
  closeDelegates?(): void;
  dispose(): void;
}

/** What a blocking app hands to {@link serveBlocking}. */
export interface BlockingAppParts {
  readonly bot: BlockingBot;
  /** The update handler; default: the bot's own `handle` (a DelegatorBot). */
  readonly handle?: UpdateHandler;
  /** Called last (close databases). */
  readonly close?: () => void;
  /** Update kinds to receive; default Telegram's. */
  readonly allowedUpdates?: readonly string[];
}

function startLoop(name: string, config: ServiceConfig, logger: Logger, parts: BlockingAppParts): void {
  const { bot } = parts;
  if (config.mode.kind !== "polling") {
    throw new ConfigError(`the blocking ${name} runs in polling mode only: unset WEBHOOK_URL`);
  }
  const me = bot.getMe();
  logger.info("bot identified", { bot: me.username, id: me.id, mode: "polling", style: "blocking" });
  bot.deleteWebhook();
  let updates = 0;
  const base = parts.handle ?? bot.handle?.bind(bot);
  // Without either, the Bot's own error (a handler is needed) is the clearest.
  const handle: UpdateHandler | undefined = base
    ? (payload, context) => {
        updates += 1;
        return (base as UpdateHandler)(payload, context);
      }
    : undefined;
  let stopping = false;
  const loop = bot.notifyOnMessage(handle, {
    timeout: config.mode.timeout,
    stopTimeout: config.stopTimeout,
    onError: (error, context) =>
      logger.error(context ? "handler failed" : "receiving failed", {
        error,
        ...(context ? { update: context.kind } : {}),
      }),
    // The loop ends by itself only on a fatal error (a revoked token, another instance polling).
    onEnd: (error) => {
      if (error === undefined || stopping) return;
      // The driver reported the error (onError above) and set the exit code, as for any loop;
      // stopping waits for the code that is running now (the loop's last turn) to return.
      setImmediate(() => {
        logger.error("receiving stopped");
        stop("fatal receive error", FATAL_LOOP_EXIT_CODE);
      });
    },
    ...(parts.allowedUpdates ? { allowedUpdates: parts.allowedUpdates } : {}),
  });
  const stop = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", { reason });
    let exitCode = code;
    try {
      loop.stop();
      bot.closeDelegates?.();
      parts.close?.();
    } catch (error) {
      exitCode = 1;
      logger.error("stopping failed", { error });
    }
    bot.dispose();
    logger.info("stopped", { updates, exitCode });
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    process.exitCode = exitCode;
    setTimeout(() => process.exit(exitCode), 2000).unref();
  };
  const onSignal = (signal: NodeJS.Signals) => stop(signal, 0);
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  logger.info("started", { mode: "polling", style: "blocking" });
}

/**
 * The whole life of a blocking bot service: reads the config, builds the app, receives until
 * SIGTERM/SIGINT, stops gracefully. Exit code 2 for a bad config, 1 for a failure.
 */
export function serveBlocking(
  name: string,
  build: (context: AppContext) => BlockingAppParts,
  env: Env = process.env,
): void {
  const level = env.LOG_LEVEL?.trim();
  const logger = createLogger({
    app: name,
    secrets: [env.TELEGRAM_BOT_TOKEN?.trim(), env.WEBHOOK_SECRET?.trim()],
    ...(isLogLevel(level) ? { level } : {}),
  });
  let parts: BlockingAppParts | undefined;
  try {
    const config = readServiceConfig(env);
    const botOptions = {
      ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
      logger: { warn: (message: string) => logger.warn(message) },
    };
    parts = build({ env, config, logger, botOptions });
    startLoop(name, config, logger, parts);
  } catch (error) {
    const bad = error instanceof ConfigError;
    logger.error(bad ? "bad configuration" : "could not start", bad ? { problem: error.message } : { error });
    try {
      parts?.bot.dispose();
      parts?.close?.();
    } catch {
      // already failing: the first error is the one reported
    }
    process.exitCode = bad ? 2 : 1;
  }
}
