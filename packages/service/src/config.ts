// A bot service's configuration, read from the environment and checked at start, so a deployment
// with a bad setting fails at once with a message naming the variable (never showing the token).
import { TelepotError } from "@telepot/core";

/** The environment: names to values (process.env by default). */
export type Env = Readonly<Record<string, string | undefined>>;

/** A missing or invalid setting; the message names the variable and never contains a secret. */
export class ConfigError extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.ConfigError";
  override readonly name = "ConfigError";
}

/** How the service receives updates. */
export type ReceiveMode =
  | { readonly kind: "polling"; readonly timeout: number }
  | {
      readonly kind: "webhook";
      /** The public URL given to setWebhook. */
      readonly url: string;
      /** The path of `url`: the HTTP server takes updates there. */
      readonly path: string;
      /** The secret_token Telegram sends back in a header (optional). */
      readonly secret: string | undefined;
    };

/** The settings every bot service shares. */
export interface ServiceConfig {
  /** The bot token (TELEGRAM_BOT_TOKEN). Never log it. */
  readonly token: string;
  /** The Bot API server (TELEGRAM_API_ROOT), e.g. a local Bot API server or the emulator. */
  readonly apiRoot: string | undefined;
  /** Polling (the default) or webhook (when WEBHOOK_URL is set). */
  readonly mode: ReceiveMode;
  /** The HTTP port (PORT): webhook and health endpoint; in polling mode, health only when set. */
  readonly port: number | undefined;
  /** The interface to listen on (HOST, default 0.0.0.0). */
  readonly host: string;
  /** How long a graceful stop waits for running handlers (STOP_TIMEOUT_SECONDS, default 10), in ms. */
  readonly stopTimeout: number;
  /** Redis (REDIS_URL, redis:// or rediss://): when set, an app that can runs scaled out on it. */
  readonly redisUrl?: string | undefined;
}

const TOKEN_SHAPE = /^\d+:[A-Za-z0-9_-]+$/;
const SECRET_SHAPE = /^[A-Za-z0-9_-]{1,256}$/;

/** A required variable's value; ConfigError when missing or blank. */
export function requireEnv(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is not set`);
  return value;
}

/** A positive number of seconds from `name`, or `fallback` when unset. */
export function envSeconds(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!(Number.isFinite(value) && value > 0)) {
    throw new ConfigError(`${name} must be a positive number of seconds, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** An integer from `name` (e.g. a user id), or undefined when unset. */
export function envInteger(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new ConfigError(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

function port(env: Env): number | undefined {
  const raw = env.PORT?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!(Number.isInteger(value) && value >= 0 && value <= 65535)) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function webhookMode(env: Env, url: string): ReceiveMode {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError("WEBHOOK_URL is not a URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigError("WEBHOOK_URL must be an https:// URL (http:// only for a local server)");
  }
  const secret = env.WEBHOOK_SECRET?.trim() || undefined;
  if (secret !== undefined && !SECRET_SHAPE.test(secret)) {
    // The value is not echoed: it is a secret.
    throw new ConfigError("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -");
  }
  return { kind: "webhook", url, path: parsed.pathname || "/", secret };
}

/**
 * Reads the shared settings: TELEGRAM_BOT_TOKEN (required), TELEGRAM_API_ROOT, WEBHOOK_URL (webhook
 * mode when set), WEBHOOK_SECRET, PORT (default 8080 in webhook mode), HOST, POLL_TIMEOUT_SECONDS
 * (long-poll timeout, default 20) and STOP_TIMEOUT_SECONDS. Throws ConfigError.
 */
export function readServiceConfig(env: Env = process.env): ServiceConfig {
  const token = requireEnv(env, "TELEGRAM_BOT_TOKEN");
  if (!TOKEN_SHAPE.test(token)) {
    throw new ConfigError("TELEGRAM_BOT_TOKEN does not look like a bot token (<digits>:<secret>)");
  }
  const apiRoot = env.TELEGRAM_API_ROOT?.trim() || undefined;
  if (apiRoot !== undefined && !URL.canParse(apiRoot)) {
    throw new ConfigError(`TELEGRAM_API_ROOT is not a URL: ${JSON.stringify(apiRoot)}`);
  }
  const webhookUrl = env.WEBHOOK_URL?.trim();
  const mode: ReceiveMode = webhookUrl
    ? webhookMode(env, webhookUrl)
    : { kind: "polling", timeout: Math.round(envSeconds(env, "POLL_TIMEOUT_SECONDS", 20)) };
  return {
    token,
    apiRoot,
    mode,
    port: port(env) ?? (mode.kind === "webhook" ? 8080 : undefined),
    host: env.HOST?.trim() || "0.0.0.0",
    stopTimeout: envSeconds(env, "STOP_TIMEOUT_SECONDS", 10) * 1000,
    redisUrl: redisUrl(env),
  };
}

function redisUrl(env: Env): string | undefined {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return undefined;
  if (!URL.canParse(raw) || !/^rediss?:$/.test(new URL(raw).protocol)) {
    // The URL may carry a password: name the variable, not the value.
    throw new ConfigError("REDIS_URL must be a redis:// or rediss:// URL");
  }
  return raw;
}
