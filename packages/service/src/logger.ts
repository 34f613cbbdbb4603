// Structured logs: one JSON object per line (time, level, app, msg, fields), the shape log
// collectors parse. Secrets given at creation are masked in every line, whatever field or error
// message they end up in, so a token that leaks into an error text still never reaches the log.

/** A log line's severity. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Extra fields of a log line. Errors are written as {name, message, stack}. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger. */
export interface Logger {
  /** Routine events (started, stopped, a handled command). */
  info(msg: string, fields?: LogFields): void;
  /** Something recovered from (a retry, a bad update). */
  warn(msg: string, fields?: LogFields): void;
  /** A failure (a handler threw, a request failed). */
  error(msg: string, fields?: LogFields): void;
  /** Details for debugging; written only when the level allows it. */
  debug(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** The app's name, in every line. */
  readonly app: string;
  /** Strings masked as "[redacted]" wherever they appear (the bot token, the webhook secret). */
  readonly secrets?: readonly (string | undefined)[];
  /** The lowest level written (default "info"). */
  readonly level?: LogLevel;
  /** Where lines go (default: stdout). */
  readonly write?: (line: string) => void;
  /** The clock (default Date.now). */
  readonly now?: () => number;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** The text that replaces a secret. */
export const REDACTED = "[redacted]";

function serialize(value: unknown): unknown {
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: value.message };
    if (value.stack) out.stack = value.stack;
    if (value.cause !== undefined) out.cause = serialize(value.cause);
    return out;
  }
  return value;
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  return serialize(value);
}

/** Whether `value` names a log level. */
export function isLogLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && Object.hasOwn(RANK, value);
}

/** A JSON-lines logger that masks the given secrets. */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === "string" && s.length >= 4);
  // A JSON-escaped secret looks different from the raw one; mask both forms.
  const masks = [...new Set(secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))];
  const min = RANK[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;

  const make = (base: LogFields): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
      if (RANK[level] < min) return;
      let line: string;
      try {
        line = JSON.stringify(
          { time: new Date(now()).toISOString(), level, app: options.app, msg, ...base, ...fields },
          replacer,
        );
      } catch (error) {
        // A field that cannot be serialized (a cycle) must not lose the line itself.
        line = JSON.stringify({
          time: new Date(now()).toISOString(),
          level,
          app: options.app,
          msg,
          logError: String(error),
        });
      }
      for (const secret of masks) line = line.replaceAll(secret, REDACTED);
      write(line);
    };
    return {
      info: (msg, fields) => emit("info", msg, fields),
      warn: (msg, fields) => emit("warn", msg, fields),
      error: (msg, fields) => emit("error", msg, fields),
      debug: (msg, fields) => emit("debug", msg, fields),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make({});
}
