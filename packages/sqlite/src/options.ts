// The options of a SQLite inbox, checked once at open.
import { TelepotError } from "@telepot/core";

/** A bad option or an unusable database file; the message names the option. */
export class SqliteInboxError extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.SqliteInboxError";
}

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
  /**
   * After how long without a new update (ms) an id the inbox already knows starts a new sequence
   * instead of counting as a repeat. Telegram: "If there are no new updates for at least a week,
   * then identifier of the next update will be chosen randomly instead of sequentially", so the
   * next ids may be lower than the handled ones. Default 6 days: under Telegram's week, so that a
   * clock running a little fast still catches the reset, and far above any re-sending of an
   * unacknowledged update (Telegram keeps those for at most 24 hours).
   */
  readonly sequenceResetAfterMs?: number;
  /** The clock, in ms since the epoch (default Date.now); tests pass a fake one. */
  readonly now?: () => number;
  /**
   * Journal the Bot API calls handlers make (default true): after a crash, a re-run handler's call
   * that had completed returns its recorded result instead of being sent again. Costs two small
   * commits per journaled call (see the README's "Durability"); false turns it off.
   */
  readonly journal?: boolean;
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  readonly path: string;
  readonly durability: Durability;
  readonly rememberHandled: number;
  readonly busyTimeoutMs: number;
  readonly sequenceResetAfterMs: number;
  readonly now: () => number;
  readonly journal: boolean;
}

/** The default of {@link SqliteInboxOptions.sequenceResetAfterMs}: 6 days. */
export const DEFAULT_SEQUENCE_RESET_AFTER_MS = 6 * 24 * 60 * 60 * 1000;

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
  const sequenceResetAfterMs = given.sequenceResetAfterMs ?? DEFAULT_SEQUENCE_RESET_AFTER_MS;
  if (!(Number.isSafeInteger(sequenceResetAfterMs) && sequenceResetAfterMs > 0)) {
    throw new SqliteInboxError(
      `sequenceResetAfterMs must be an integer > 0, got ${String(sequenceResetAfterMs)}`,
    );
  }
  const now = given.now ?? Date.now;
  if (typeof now !== "function") throw new SqliteInboxError("now must be a function returning ms");
  const journal = given.journal ?? true;
  if (typeof journal !== "boolean")
    throw new SqliteInboxError(`journal must be true or false, got ${String(journal)}`);
  return { path: given.path, durability, rememberHandled, busyTimeoutMs, sequenceResetAfterMs, now, journal };
}
