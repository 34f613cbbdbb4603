// Flood control for a bot on many processes: Telegram's limits (30 messages per second overall,
// one per second in a chat, 20 per minute in a group) are per bot, so the accounting lives in
// Redis and one script decides each send. Plugs into the async Bot as `floodControl`.
import { randomUUID } from "node:crypto";
import type { SendLimiter } from "@telepot/core";
import { logError } from "@telepot/core";
import { abortableSleep } from "@telepot/core/internal";
import { Redis } from "ioredis";
import { DEFAULT_PREFIX } from "./keys.js";
import { Script } from "./script.js";
import { FLOOD_LUA } from "./scripts/flood.js";

const floodScript = new Script(FLOOD_LUA);

/** Options of a {@link RedisFloodLimiter}; the limits default to Telegram's published ones. */
export interface RedisFloodLimiterOptions {
  /** A connected ioredis client, or a redis:// URL. */
  readonly redis: Redis | string;
  /** The bot's key prefix (default `telepot:{bot}:`); every process of one bot uses the same. */
  readonly prefix?: string | undefined;
  /** Sends per second across all chats (default 30). */
  readonly perSecond?: number | undefined;
  /** Minimum ms between two sends to one chat (default 1000). */
  readonly chatIntervalMs?: number | undefined;
  /** Sends per minute to one group (negative chat id; default 20). */
  readonly groupPerMinute?: number | undefined;
  /** How long a send nobody reported back (its process died) counts as in flight, in ms (default 30 000). */
  readonly inFlightTimeoutMs?: number | undefined;
  /** Where a failed report goes (default console.error). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** A {@link SendLimiter} shared by every process of a bot, kept in Redis. */
export class RedisFloodLimiter implements SendLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #limits: readonly number[];
  readonly #inFlightTimeoutMs: number;
  readonly #onError: (error: unknown) => void;

  /** A limiter on `options.redis`. */
  constructor(options: RedisFloodLimiterOptions) {
    this.#redis = typeof options.redis === "string" ? new Redis(options.redis) : options.redis;
    // Reconnects by itself; each command that fails rejects on its own.
    if (typeof options.redis === "string") this.#redis.on("error", () => {});
    this.#prefix = options.prefix ?? DEFAULT_PREFIX;
    const perSecond = options.perSecond ?? 30;
    const chatIntervalMs = options.chatIntervalMs ?? 1000;
    const groupPerMinute = options.groupPerMinute ?? 20;
    this.#inFlightTimeoutMs = options.inFlightTimeoutMs ?? 30_000;
    for (const value of [perSecond, groupPerMinute, this.#inFlightTimeoutMs]) {
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError("Flood limits must be positive integers");
    }
    if (!Number.isInteger(chatIntervalMs) || chatIntervalMs < 0)
      throw new RangeError("chatIntervalMs must be >= 0");
    this.#limits = [perSecond, chatIntervalMs, groupPerMinute];
    this.#onError = options.onError ?? ((error) => logError(error, "redis flood control"));
    // Ahead of the first burst of sends, which would otherwise each meet NOSCRIPT; a failure here
    // is met again, and reported, by the first send.
    floodScript.load(this.#redis).catch(() => {});
  }

  /** {@inheritDoc SendLimiter.acquire} */
  async acquire(chatId: number | string, signal?: AbortSignal): Promise<() => void> {
    const chat = String(chatId);
    const isGroup = chat.startsWith("-") ? 1 : 0;
    const ticket = randomUUID();
    for (;;) {
      const asked = performance.now();
      const wait = Number(
        await floodScript.run(this.#redis, [
          this.#prefix,
          "admit",
          chat,
          isGroup,
          ...this.#limits,
          ticket,
          this.#inFlightTimeoutMs,
        ]),
      );
      if (wait <= 0) break;
      // The wait counts from the script's run; the answer took part of the round trip to come
      // back and the next ask takes the rest to get there, so ask that much earlier (asking too
      // early only costs a short wait more: the script decides).
      const roundTripMs = performance.now() - asked;
      await abortableSleep(Math.max(1, wait - roundTripMs), signal);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      floodScript.run(this.#redis, [this.#prefix, "done", chat, ticket]).catch(this.#onError);
    };
  }

  /** {@inheritDoc SendLimiter.pause} */
  pause(ms: number): void {
    floodScript.run(this.#redis, [this.#prefix, "pause", Math.max(1, Math.ceil(ms))]).catch(this.#onError);
  }
}
