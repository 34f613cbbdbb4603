import type { CallOptions, FloodLimits, RetryOptions, RetryPolicy, SendLimiter } from "@telepot/core";
import { abortableSleep } from "@telepot/core/internal";
import type { Dispatcher } from "undici";
import type { Transport } from "./transport/types.js";

/** Where a bot reports what it does about failures (retries, flood waits). Never given the token. */
export interface BotLogger {
  /** A recoverable problem (a retry, a flood wait). */
  warn(message: string): void;
}

/** Time as a bot sees it; tests inject a fake one. */
export interface Clock {
  /** The current time in milliseconds. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects if the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Options of `new Bot(token, options)`. */
export interface BotOptions {
  /**
   * The Bot API server (default `https://api.telegram.org`, also when undefined, so
   * `process.env.TELEGRAM_API_ROOT` can be passed as it is); a local Bot API server or emulator works too.
   */
  readonly apiRoot?: string | undefined;
  /** Milliseconds to wait for a reply (default 30 000; getUpdates adds its long-poll timeout). */
  readonly timeoutMs?: number;
  /** Milliseconds to wait for the reply to an upload (default 0: no limit, as uploads can be slow). */
  readonly uploadTimeoutMs?: number;
  /** @deprecated Renamed timeoutMs (the same milliseconds); this name goes in the next major version. */
  readonly timeout?: number;
  /** @deprecated Renamed uploadTimeoutMs (the same milliseconds); this name goes in the next major version. */
  readonly uploadTimeout?: number;
  /** How to retry failed requests: the built-in rule's numbers (RetryOptions), a policy function of your own, or false for never. */
  readonly retry?: RetryOptions | RetryPolicy | false;
  /**
   * Pace sends to stay within Telegram's outgoing limits (true: the defaults, with a 50 ms margin
   * per window; limits; or a shared SendLimiter, e.g. @telepot/redis's for a bot on many processes).
   * Off by default.
   */
  readonly floodControl?: boolean | FloodLimits | SendLimiter;
  /** Send requests through this undici dispatcher (a ProxyAgent, a MockAgent) instead of an own pool. */
  readonly dispatcher?: Dispatcher;
  /** Connections of the own pool (default 128). */
  readonly connections?: number;
  /** A custom transport (replaces apiRoot, dispatcher and connections). */
  readonly transport?: Transport;
  /** Where retries and flood waits are reported (default: nowhere). */
  readonly logger?: BotLogger;
  /** The clock used for retry and flood waits (default: the real one). */
  readonly clock?: Clock;
}

/** Options of one call (the last argument of every method and of `bot.call`), from core. */
export type { CallOptions };

/** The real clock. */
export const systemClock: Clock = {
  now: Date.now,
  sleep: abortableSleep,
};
