// Running a bot as a service: receive updates by polling or webhook, serve the health endpoint, and
// stop gracefully on SIGTERM/SIGINT without losing an update.
import {
  type Bot,
  type BotOptions,
  DelegatorBot,
  type MessageLoop,
  nodeHttpWebhook,
  type UpdateHandler,
  UpdateQueue,
} from "@telepot/async";
import type { SyncInbox } from "@telepot/core";
import { FATAL_LOOP_EXIT_CODE, reportFatalLoopEnd } from "@telepot/core/internal";
import { ConfigError, type Env, readServiceConfig, type ServiceConfig } from "./config.js";
import { type HealthReport, listen, type ServiceServer } from "./http.js";
import { createLogger, isLogLevel, type Logger } from "./logger.js";

/** What an app hands to the service runner. */
export interface AppParts {
  /** The bot (a DelegatorBot's delegates are drained and closed on stop). */
  readonly bot: Bot;
  /** The update handler; default: the bot's own `handle` (DelegatorBot, or a subclass's method). */
  readonly handle?: UpdateHandler;
  /** Called after the loop has stopped and the delegates are done: close databases and the like. */
  readonly close?: () => unknown;
  /** Update kinds to receive (getUpdates/setWebhook allowed_updates); default Telegram's. */
  readonly allowedUpdates?: readonly string[];
  /**
   * The bot's durable inbox, when it has one that answers synchronously (e.g. SqliteInbox). In
   * webhook mode each update is committed to it before Telegram gets its 200, so a kill -9 loses
   * no acknowledged update; polling loops take it from the bot's own `inbox` option.
   */
  readonly inbox?: SyncInbox;
}

/** What an app's factory receives. */
export interface AppContext {
  /** The environment (app-specific settings). */
  readonly env: Env;
  /** The shared settings. */
  readonly config: ServiceConfig;
  /** The service's logger (the token is masked). */
  readonly logger: Logger;
  /** Options for `new Bot(token, options)`: the API root, and warnings to the logger. */
  readonly botOptions: Pick<BotOptions, "apiRoot" | "logger">;
}

/** A running service. */
export interface RunningService {
  /** The HTTP server's address, when one listens (webhook mode, or PORT set). */
  readonly address: { readonly host: string; readonly port: number } | undefined;
  /** Stops gracefully (the same as a SIGTERM); resolves once stopped. */
  stop(reason?: string): Promise<void>;
  /** Resolves when the service has stopped: with 0 after a graceful stop, 1 after a fatal error. */
  readonly done: Promise<number>;
}

/** Options of {@link runService}. */
export interface RunOptions {
  /** Stop on SIGTERM and SIGINT (default true). */
  readonly handleSignals?: boolean;
}

/** Starts receiving for an app built from its config; returns once updates are being received. */
export async function runService(
  name: string,
  config: ServiceConfig,
  logger: Logger,
  parts: AppParts,
  options: RunOptions = {},
): Promise<RunningService> {
  const { bot } = parts;
  const started = Date.now();
  const mode = config.mode;
  let updates = 0;
  let stopping = false;
  const base: UpdateHandler =
    parts.handle ??
    ((payload, context) =>
      (bot as Bot & { handle(p: unknown, c: unknown): unknown }).handle(payload, context));
  const handle: UpdateHandler = (payload, context) => {
    updates += 1;
    return base(payload, context);
  };
  const health = (): HealthReport => ({
    status: stopping ? "stopping" : "ok",
    app: name,
    mode: mode.kind,
    uptime: Math.round((Date.now() - started) / 100) / 10,
    updates,
  });
  const onError = (error: unknown, context?: { kind: string }) =>
    logger.error(context ? "handler failed" : "receiving failed", {
      error,
      ...(context ? { update: context.kind } : {}),
    });

  // Signal handlers first: a SIGTERM that comes while the service starts up is not lost either.
  let pendingSignal: NodeJS.Signals | undefined;
  let signals = 0;
  let onStop: ((reason: string) => unknown) | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn("second signal: exiting without finishing", { signal });
      process.exit(130);
    }
    if (onStop) onStop(signal);
    else pendingSignal = signal;
  };
  const removeSignalHandlers = () => {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  };
  if (options.handleSignals !== false) {
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  }
  try {
    return await start();
  } catch (error) {
    removeSignalHandlers();
    throw error;
  }

  async function start(): Promise<RunningService> {
    const me = await bot.getMe();
    logger.info("bot identified", { bot: me.username, id: me.id, mode: mode.kind });

    let server: ServiceServer | undefined;
    let loop: MessageLoop | undefined;
    const allowed = parts.allowedUpdates ? { allowed_updates: [...parts.allowedUpdates] } : {};
    try {
      if (mode.kind === "webhook") {
        // Listen first (a taken port fails before anything runs); the queue keeps what arrives
        // until the loop takes it, and Telegram sends nothing before setWebhook.
        // With an inbox, an update is committed before its 200: nothing acknowledged is lost.
        const queue = new UpdateQueue(parts.inbox ? { inbox: parts.inbox } : {});
        server = await listen(config.host, config.port ?? 8080, health, {
          path: mode.path,
          handle: nodeHttpWebhook(queue, mode.secret ? { secretToken: mode.secret } : {}),
        });
        loop = bot.messageLoop(handle, {
          source: queue,
          onError,
          // Handled anyway (it was acknowledged), but out of order: worth a line in the log.
          onLate: (update, expectedId) =>
            logger.warn("late update handled out of order", {
              update: update.update_id,
              expected: expectedId,
            }),
          stopTimeout: config.stopTimeout,
        });
        await bot.setWebhook(mode.url, { ...(mode.secret ? { secret_token: mode.secret } : {}), ...allowed });
        logger.info("webhook set", { url: mode.url, path: mode.path });
      } else {
        // A webhook left over from an earlier deployment would make getUpdates fail (409).
        await bot.deleteWebhook();
        if (config.port !== undefined) server = await listen(config.host, config.port, health);
        loop = bot.messageLoop(handle, {
          timeout: mode.timeout,
          onError,
          stopTimeout: config.stopTimeout,
          ...(parts.allowedUpdates ? { allowedUpdates: parts.allowedUpdates } : {}),
        });
      }
    } catch (error) {
      // Undo what did start, so that the failed service does not linger half alive.
      await loop?.stop().catch(() => {});
      await server?.close();
      throw error;
    }
    const running: MessageLoop = loop;
    const address = server?.address;

    let resolveDone: (code: number) => void = () => {};
    const done = new Promise<number>((resolve) => {
      resolveDone = resolve;
    });
    let stopped: Promise<number> | undefined;
    let exitCode = 0;
    const stop = (reason: string): Promise<number> => {
      if (stopped) return stopped;
      stopping = true;
      logger.info("stopping", { reason });
      stopped = (async () => {
        // Webhook: refuse new deliveries first (Telegram keeps and resends them), finish the open
        // requests, then let the loop handle everything already queued.
        if (mode.kind === "webhook") await server?.close();
        await running.stop().catch(() => {
          exitCode = 1; // reported by the loop.done handler below
        });
        if (bot instanceof DelegatorBot) {
          // Every update is fed to a delegate by now; let them finish, then end the conversations.
          await bot.settled();
          await bot.closeDelegates();
        }
        if (mode.kind === "polling") await server?.close();
        try {
          await parts.close?.();
        } catch (error) {
          exitCode = 1;
          logger.error("closing failed", { error });
        }
        await bot.dispose();
        logger.info("stopped", { updates, exitCode });
        return exitCode;
      })();
      stopped.then(resolveDone, (error: unknown) => {
        logger.error("stopping failed", { error });
        resolveDone(1);
      });
      return stopped;
    };

    running.done.then(
      () => {},
      (error: unknown) => {
        // A fatal receiving error (a revoked token, another instance polling): reported and exit
        // code 1 as for any loop (core's policy), after a graceful stop of the rest.
        reportFatalLoopEnd(error, (fatal) => logger.error("receiving stopped", { error: fatal }));
        exitCode = FATAL_LOOP_EXIT_CODE;
        void stop("fatal receive error");
      },
    );

    onStop = stop;
    logger.info("started", {
      mode: mode.kind,
      ...(address ? { port: address.port, health: "/healthz" } : {}),
    });
    if (pendingSignal !== undefined) void stop(pendingSignal);
    void done.then(removeSignalHandlers);

    return {
      address,
      stop: async (reason = "stop requested") => {
        await stop(reason);
      },
      done,
    };
  }
}

/**
 * The whole life of a bot service (an app's main): reads the config from the environment, builds
 * the app, receives until SIGTERM/SIGINT, stops gracefully and sets the exit code (2 for a bad
 * config, 1 for a failure). Logs go to stdout as JSON lines, the token masked.
 */
export async function serve(
  name: string,
  build: (context: AppContext) => AppParts | Promise<AppParts>,
  env: Env = process.env,
): Promise<void> {
  const level = env.LOG_LEVEL?.trim();
  const logger = createLogger({
    app: name,
    secrets: [env.TELEGRAM_BOT_TOKEN?.trim(), env.WEBHOOK_SECRET?.trim()],
    ...(isLogLevel(level) ? { level } : {}),
  });
  let config: ServiceConfig;
  let parts: AppParts;
  try {
    config = readServiceConfig(env);
    const botOptions: BotOptions = {
      ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
      logger: { warn: (message) => logger.warn(message) },
    };
    parts = await build({ env, config, logger, botOptions });
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.error("bad configuration", { problem: error.message });
      process.exitCode = 2;
      return;
    }
    logger.error("could not start", { error });
    process.exitCode = 1;
    return;
  }
  let service: RunningService;
  try {
    service = await runService(name, config, logger, parts);
  } catch (error) {
    logger.error("could not start", { error });
    await parts.bot.dispose().catch(() => {});
    await Promise.resolve(parts.close?.()).catch(() => {});
    process.exitCode = 1;
    return;
  }
  const code = await service.done;
  process.exitCode = code;
  // Everything is closed; a stray timer (a third-party library's) must not keep a stopped service up.
  setTimeout(() => process.exit(code), 2000).unref();
}
