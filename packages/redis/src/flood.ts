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

/**
 * Redis's clock seen from this process: Redis time `r` read by a script whose answer arrived at
 * local time `l` means Redis's clock reads at least `r + (t - l)` at any later local time `t`
 * (the answer took some time to come). The tightest such bound of the last few seconds maps a
 * reserved start onto local time; waiting until then never starts a send early.
 */
class RedisClock {
  #offsetMs = Number.NEGATIVE_INFINITY;
  #observedAt = 0;

  /** Notes that Redis's clock read `redisNowMs` before local time `receivedAt` (performance.now). */
  observe(redisNowMs: number, receivedAt: number): void {
    const offset = redisNowMs - receivedAt;
    // A stale bound is replaced even by a looser one: the clocks may drift apart slowly.
    if (offset >= this.#offsetMs || receivedAt - this.#observedAt > 10_000) {
      this.#offsetMs = offset;
      this.#observedAt = receivedAt;
    }
  }

  /** The local time (performance.now) by which Redis's clock surely reads `redisMs`. */
  toLocal(redisMs: number): number {
    return redisMs - this.#offsetMs;
  }
}

/** Sleeps until local time `deadline` (performance.now); a timer that fires early is slept again. */
async function sleepUntil(deadline: number, signal?: AbortSignal): Promise<void> {
  for (let left = deadline - performance.now(); left > 0; left = deadline - performance.now()) {
    await abortableSleep(Math.ceil(left), signal);
  }
}

/** The notice of a lane handed over to one waiting send: its start, in Redis time. */
class Notices {
  #received: number | undefined;
  #wake: (() => void) | undefined;

  push(startMs: number): void {
    this.#received = startMs;
    this.#wake?.();
  }

  /** The notice, if one comes within `timeoutMs`; rejects when `signal` aborts. */
  async next(timeoutMs: number, signal?: AbortSignal): Promise<number | undefined> {
    if (this.#received === undefined && timeoutMs > 0) {
      await new Promise<void>((resolve, reject) => {
        const stop = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          this.#wake = undefined;
        };
        const finish = () => {
          stop();
          resolve();
        };
        const onAbort = () => {
          stop();
          reject(signal?.reason);
        };
        const timer = setTimeout(finish, timeoutMs);
        this.#wake = finish;
        if (signal?.aborted) onAbort();
        else signal?.addEventListener("abort", onAbort, { once: true });
      });
    }
    const received = this.#received;
    this.#received = undefined;
    return received;
  }
}

// How long the connection that hears of handed-over lanes stays open once no send waits.
const LISTEN_LINGER_MS = 1_000;

/** A {@link SendLimiter} shared by every process of a bot, kept in Redis. */
export class RedisFloodLimiter implements SendLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #limits: readonly number[];
  readonly #inFlightTimeoutMs: number;
  readonly #onError: (error: unknown) => void;
  // Sends of this process waiting for a lane, by ticket: told the ms to wait once handed one.
  readonly #waiting = new Map<string, (startMs: number, redisNowMs: number, receivedAt: number) => void>();
  readonly #clock = new RedisClock();
  #listener: { readonly connection: Redis; readonly subscribed: Promise<unknown> } | undefined;
  #linger: ReturnType<typeof setTimeout> | undefined;

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

  /**
   * {@inheritDoc SendLimiter.acquire}
   *
   * Resolves at the start time reserved for the send in Redis (a lane of the global limit, handed
   * over by the answer that freed it when every lane was in use), never earlier.
   */
  async acquire(chatId: number | string, signal?: AbortSignal): Promise<() => void> {
    const chat = String(chatId);
    const isGroup = chat.startsWith("-") ? 1 : 0;
    const ticket = randomUUID();
    const [chatIntervalMs, groupPerMinute] = this.#limits.slice(1) as [number, number];
    const done = () =>
      floodScript
        .run(this.#redis, [
          this.#prefix,
          "done",
          chat,
          ticket,
          chatIntervalMs,
          groupPerMinute,
          this.#inFlightTimeoutMs,
        ])
        .catch(this.#onError);
    // Listening before asking: a lane may be handed over before the answer to the ask arrives.
    const notices = new Notices();
    this.#waiting.set(ticket, (startMs, redisNowMs, receivedAt) => {
      this.#clock.observe(redisNowMs, receivedAt);
      notices.push(startMs);
    });
    try {
      await this.#listen();
      for (;;) {
        const [admitted, atMs, redisNowMs] = (await floodScript.run(this.#redis, [
          this.#prefix,
          "admit",
          chat,
          isGroup,
          ...this.#limits,
          ticket,
          this.#inFlightTimeoutMs,
        ])) as [number, number, number];
        this.#clock.observe(redisNowMs, performance.now());
        // Admitted (a lane reserved from `atMs`), or handed a lane while queued.
        const startMs =
          admitted === 1 ? atMs : await notices.next(this.#clock.toLocal(atMs) - performance.now(), signal);
        if (startMs !== undefined) {
          await sleepUntil(this.#clock.toLocal(startMs), signal);
          break;
        }
        // Not handed a lane by `atMs` (or held by the chat's own limits): ask again, which also
        // keeps its place in the queue and finds a lane handed over whose notice was missed.
      }
    } catch (error) {
      // Given up (aborted): its place in the queue, or the lane reserved for it, is freed.
      void done();
      throw error;
    } finally {
      this.#waiting.delete(ticket);
      if (this.#waiting.size === 0) this.#idle();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      void done();
    };
  }

  /** {@inheritDoc SendLimiter.pause} */
  pause(ms: number): void {
    floodScript.run(this.#redis, [this.#prefix, "pause", Math.max(1, Math.ceil(ms))]).catch(this.#onError);
  }

  /** Closes the connection this limiter listens on (the client it was given stays open). */
  close(): void {
    clearTimeout(this.#linger);
    this.#listener?.connection.disconnect();
    this.#listener = undefined;
  }

  // The connection that hears of lanes handed over to this process's waiting sends (subscribed
  // while some wait, closed shortly after the last one went); resolves once subscribed.
  #listen(): Promise<unknown> {
    clearTimeout(this.#linger);
    this.#linger = undefined;
    if (this.#listener) return this.#listener.subscribed;
    const connection = this.#redis.duplicate();
    connection.on("error", () => {}); // reconnects by itself; asking again covers the gap
    connection.on("message", (_channel: string, message: string) => {
      const receivedAt = performance.now();
      const [ticket, startMs, redisNowMs] = message.split(" ");
      this.#waiting.get(ticket ?? "")?.(Number(startMs), Number(redisNowMs), receivedAt);
    });
    const subscribed = connection.subscribe(`${this.#prefix}flood:go`);
    this.#listener = { connection, subscribed };
    return subscribed;
  }

  #idle(): void {
    if (!this.#listener || this.#linger) return;
    this.#linger = setTimeout(() => this.close(), LISTEN_LINGER_MS);
  }
}
