// start(): the emulator as a running HTTP server on 127.0.0.1 with its driver, web chat and
// optional persistence.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { registerServerOnThisThread } from "@telepot/core/internal";
import { Driver } from "./driver.js";
import { Runtime, type RuntimeOptions } from "./runtime.js";
import { createRequestListener } from "./server/http.js";
import { loadWorldFile, saveWorld, writeSnapshot } from "./state/snapshot.js";
import { webRoutes } from "./web/routes.js";

/** How long a driver wait waits when neither the call, the options nor the environment say. */
const DEFAULT_DRIVER_TIMEOUT_MS = 5000;

/** Options of start(). */
export interface EmulatorOptions extends RuntimeOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; 127.0.0.1 by default. */
  host?: string;
  /** Largest request body in bytes (default 50 MB, Telegram's upload limit). */
  bodyLimit?: number;
  /** Persist the state to this JSON file (read at start, written after changes). */
  persist?: string;
  /** Serve the web chat (default true). */
  web?: boolean;
  /**
   * How long the driver's waits (`nextMessage`, `press`, ...) wait when a call names no timeout, in
   * milliseconds: default 5000, or TELEPOT_EMULATOR_DRIVER_TIMEOUT_MS when set (a test suite on a
   * slow or loaded machine raises every wait at once that way).
   */
  driverTimeoutMs?: number;
  /** @deprecated Use `driverTimeoutMs`. */
  driverTimeout?: number;
  /** Receives a line per API call (the token never appears). */
  log?: (line: string) => void;
}

/** A running emulator. */
export interface Emulator {
  /** Give this to a bot library as its API root: requests go to `${apiRoot}/bot<token>/<method>`. */
  readonly apiRoot: string;
  /** The web chat's address. */
  readonly webUrl: string;
  /** The TCP port the server listens on. */
  readonly port: number;
  /** The test driver. */
  readonly driver: Driver;
  /** The engine (world and method dispatch). */
  readonly runtime: Runtime;
  /** Writes the snapshot now (when persisting). */
  save(): void;
  /** Stops the server, webhooks and live connections; writes the snapshot when persisting. */
  close(): Promise<void>;
}

/** Starts an emulator. */
export async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const waitMs = driverTimeoutMs(options);
  const runtime = new Runtime(options);
  const persist = options.persist;
  if (persist) {
    for (const [botId, config] of loadWorldFile(runtime.world, persist)) {
      const bot = runtime.world.bots.get(botId);
      if (bot) runtime.startWebhook(bot, config);
    }
  }
  const driver = new Driver(runtime.world, waitMs);
  const web = options.web === false ? undefined : webRoutes(runtime, driver);
  const listener = createRequestListener(runtime, {
    bodyLimit: options.bodyLimit ?? 50 * 1024 * 1024,
    ...(options.log ? { log: options.log } : {}),
    ...(web ? { extra: web.handle } : {}),
  });
  const save = () => {
    if (!persist) return;
    const hooks = new Map([...runtime.webhooks].map(([id, sender]) => [id, sender.config]));
    writeSnapshot(persist, saveWorld(runtime.world, hooks));
  };
  let timer: NodeJS.Timeout | undefined;
  const scheduleSave = () => {
    if (!persist || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      save();
    }, 200);
  };
  const server: Server = createServer((req, res) => {
    res.on("finish", scheduleSave);
    listener(req, res);
  });
  for (const event of ["message", "edit", "delete", "chat", "user", "bot"] as const)
    runtime.world.events.on(event, scheduleSave);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  // A blocking Bot on this thread could never get an answer from this server: it checks this
  // registry and fails at once (startOffThread runs the emulator where it can answer).
  const unregister = registerServerOnThisThread(options.host ?? "127.0.0.1", port);
  return {
    apiRoot: origin,
    webUrl: `${origin}/`,
    port,
    driver,
    runtime,
    save,
    async close() {
      unregister();
      clearTimeout(timer);
      timer = undefined;
      runtime.close();
      web?.close();
      save();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The driver's default wait: the option, else the environment's, else 5 s. */
function driverTimeoutMs(options: EmulatorOptions): number {
  const chosen = options.driverTimeoutMs ?? options.driverTimeout;
  if (chosen !== undefined) return chosen;
  const fromEnv = process.env.TELEPOT_EMULATOR_DRIVER_TIMEOUT_MS;
  if (fromEnv === undefined || fromEnv === "") return DEFAULT_DRIVER_TIMEOUT_MS;
  const ms = Number(fromEnv);
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new RangeError(
      `TELEPOT_EMULATOR_DRIVER_TIMEOUT_MS must be a positive number of milliseconds, got ${fromEnv}`,
    );
  }
  return ms;
}
