// Polling in a cluster: Telegram allows one getUpdates loop per bot, so the receivers elect one
// with a lease in Redis. The leader fetches, appends the batch to the inbox (storing the next
// offset in the same step, while it still holds the lease), and only then confirms the batch to
// Telegram with its next getUpdates. If it dies, its lease runs out and another receiver takes
// over from the stored offset: an update is confirmed only once it is in the inbox, so none is
// lost, and appending is idempotent, so a batch fetched twice is handled once.
import { randomUUID } from "node:crypto";
import type { Update } from "@telepot/core";
import { logError } from "@telepot/core";
import type { RedisInbox } from "./inbox.js";
import { Script } from "./script.js";
import { LEADER_LUA } from "./scripts/leader.js";

const leaderScript = new Script(LEADER_LUA);

/** Fetches updates from `offset` on (getUpdates); `signal` aborts it when the lease is lost. */
export type FetchUpdates = (offset: number, signal: AbortSignal) => Promise<readonly Update[]>;

/** Options of a {@link PollingLeader}. */
export interface PollingLeaderOptions {
  /** The shared inbox. */
  readonly inbox: RedisInbox;
  /** getUpdates (long polling, with a timeout well under the lease). */
  readonly fetch: FetchUpdates;
  /** This candidate's id (default: a random UUID). */
  readonly id?: string | undefined;
  /** How long the lease lasts without renewal, in ms (default 5 000); renewed every third of it. */
  readonly leaseMs?: number | undefined;
  /** Where fetch and Redis errors go (default console.error). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** One of several receivers of which exactly one polls at a time. */
export class PollingLeader {
  /** This candidate's id. */
  readonly id: string;
  readonly #inbox: RedisInbox;
  readonly #fetch: FetchUpdates;
  readonly #leaseMs: number;
  readonly #onError: (error: unknown) => void;
  #running = false;
  #leading = false;
  #offset = 0;
  #loop: Promise<void> | undefined;
  #abort: AbortController | undefined;
  #renew: ReturnType<typeof setInterval> | undefined;
  #sleep: (() => void) | undefined;

  /** A candidate; call {@link start}. */
  constructor(options: PollingLeaderOptions) {
    this.#inbox = options.inbox;
    this.#fetch = options.fetch;
    this.id = options.id ?? randomUUID();
    this.#leaseMs = options.leaseMs ?? 5_000;
    if (!Number.isInteger(this.#leaseMs) || this.#leaseMs < 3)
      throw new RangeError("leaseMs must be an integer >= 3");
    this.#onError = options.onError ?? ((error) => logError(error, "redis leader"));
  }

  /** Whether this candidate holds the lease (as of its last renewal). */
  get leading(): boolean {
    return this.#leading;
  }

  /** Starts competing for the lease, and polling while holding it. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#renew = setInterval(() => void this.#contend(), Math.floor(this.#leaseMs / 3));
    this.#loop = this.#run();
  }

  /** Stops polling and gives the lease up, so another candidate takes over at once. */
  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#renew);
    this.#abort?.abort();
    this.#sleep?.();
    await this.#loop;
    try {
      await leaderScript.run(this.#inbox.redis, [this.#inbox.prefix, this.id, this.#leaseMs, "resign"]);
    } catch (error) {
      this.#onError(error);
    }
    this.#leading = false;
  }

  // Takes or renews the lease; a lost lease aborts the fetch in progress.
  async #contend(): Promise<void> {
    try {
      const [leading, offset] = (await leaderScript.run(this.#inbox.redis, [
        this.#inbox.prefix,
        this.id,
        this.#leaseMs,
        "hold",
      ])) as [number, string];
      if (leading === 1 && !this.#leading) {
        this.#offset = Number(offset);
        this.#leading = true;
        this.#sleep?.();
      } else if (leading !== 1 && this.#leading) {
        this.#leading = false;
        this.#abort?.abort();
      }
    } catch (error) {
      this.#onError(error);
    }
  }

  async #run(): Promise<void> {
    await this.#contend();
    while (this.#running) {
      if (!this.#leading) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.floor(this.#leaseMs / 3));
          this.#sleep = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        continue;
      }
      const abort = new AbortController();
      this.#abort = abort;
      try {
        const updates = await this.#fetch(this.#offset, abort.signal);
        if (updates.length === 0) continue;
        const next = Math.max(...updates.map((update) => update.update_id)) + 1;
        await this.#inbox.appendPolled(updates, next, this.id);
        this.#offset = Math.max(this.#offset, next);
      } catch (error) {
        if (!abort.signal.aborted) {
          this.#onError(error);
          await new Promise((resolve) => setTimeout(resolve, Math.floor(this.#leaseMs / 3)));
        }
      }
    }
  }
}
