// The options of a SQLite inbox, checked once at open.
import { TelepotError } from "@telepot/core";

/** A bad option or an unusable database file; the message names the option. */
export class SqliteInboxError extends TelepotError {}

/**
 * How much a commit survives. "process" (default): WAL with synchronous=NORMAL, so a commit
 * survives the process being killed (kill -9, a crash) but the last commits may be lost if the
 * machine loses power. "power": synchronous=FULL, an fsync per commit, so a commit also survives
 * a power loss or an OS crash, at the cost of one disk flush per commit.
 */
export type Durability = "process" | "power";

/** Options of {@link SqliteInbox.open}. */
export interface SqliteInboxOptions {
  /** The database file, or ":memory:" (nothing survives the process; for tests). */
  readonly path: string;
  /** What a commit survives. Default "process". */
  readonly durability?: Durability;
  /**
   * How many of the most recent handled update ids are remembered so that a repeat of one is not
   * handled again (Telegram re-sends an update it was not told about). Default 10 000.
   */
  readonly rememberHandled?: number;
  /** How long (ms) to wait for another connection's write lock before failing. Default 5 000. */
  readonly busyTimeoutMs?: number;
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  readonly path: string;
  readonly durability: Durability;
  readonly rememberHandled: number;
  readonly busyTimeoutMs: number;
}

/** Checks options and applies defaults; a bad one is a SqliteInboxError naming it. */
export function resolveOptions(options: SqliteInboxOptions | string): ResolvedOptions {
  const given = typeof options === "string" ? { path: options } : options;
  if (typeof given.path !== "string" || given.path === "") {
    throw new SqliteInboxError('path must be a file path or ":memory:"');
  }
  const durability = given.durability ?? "process";
  if (durability !== "process" && durability !== "power") {
    throw new SqliteInboxError(`durability must be "process" or "power", got ${String(durability)}`);
  }
  const rememberHandled = given.rememberHandled ?? 10_000;
  if (!(Number.isSafeInteger(rememberHandled) && rememberHandled >= 0)) {
    throw new SqliteInboxError(`rememberHandled must be an integer >= 0, got ${String(rememberHandled)}`);
  }
  const busyTimeoutMs = given.busyTimeoutMs ?? 5_000;
  if (!(Number.isSafeInteger(busyTimeoutMs) && busyTimeoutMs >= 0)) {
    throw new SqliteInboxError(`busyTimeoutMs must be an integer >= 0, got ${String(busyTimeoutMs)}`);
  }
  return { path: given.path, durability, rememberHandled, busyTimeoutMs };
}
