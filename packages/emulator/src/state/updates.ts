// One bot's queue of updates: what getUpdates hands out and the webhook sender delivers. Updates
// stay until confirmed (an offset above their id, or a successful webhook delivery).
import type { Update } from "@telepot/core";
import { conflict } from "../errors.js";

/** Kinds Telegram leaves out unless a bot asks for them in allowed_updates. */
const OPT_IN_KINDS = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

/** Someone waiting for the queue to fill (a long poll or the webhook sender). */
interface Waiter {
  wake(): void;
  fail(error: Error): void;
}

/** The pending updates of one bot, with long-poll waiting. */
export class UpdateQueue {
  private items: Update[] = [];
  private nextId: number;
  private poller: Waiter | undefined;
  private readonly listeners = new Set<() => void>();
  /** The kinds the bot asked for; undefined means the default (everything but the opt-in kinds). */
  allowed: readonly string[] | undefined;

  constructor(firstId = 1) {
    this.nextId = firstId;
  }

  /** Whether a long poll is waiting. */
  get polling(): boolean {
    return this.poller !== undefined;
  }

  /** Number of updates not yet confirmed. */
  get size(): number {
    return this.items.length;
  }

  /** Queues an update of `kind` unless the bot's allowed_updates excludes it; returns it. */
  push(kind: string, payload: unknown): Update | undefined {
    const allowed =
      this.allowed && this.allowed.length > 0 ? this.allowed.includes(kind) : !OPT_IN_KINDS.has(kind);
    if (!allowed) return undefined;
    const update = { update_id: this.nextId++, [kind]: payload } as Update;
    this.items.push(update);
    const poller = this.poller;
    this.poller = undefined;
    poller?.wake();
    for (const listener of this.listeners) listener();
    return update;
  }

  /** Forgets updates with an id below `offset`; a negative offset keeps only the last -offset updates. */
  confirm(offset: number): void {
    if (offset < 0) this.items = this.items.slice(Math.max(0, this.items.length + offset));
    else this.items = this.items.filter((u) => u.update_id >= offset);
  }

  /** The first `limit` pending updates. */
  peek(limit: number): Update[] {
    return this.items.slice(0, limit);
  }

  /** Drops every pending update. */
  clear(): void {
    this.items = [];
  }

  /**
   * Waits until an update arrives, `ms` pass or `signal` aborts. A newer poll ends an older one with
   * Telegram's 409 conflict, as two bot instances polling the same token would see.
   */
  waitForUpdate(ms: number, signal?: AbortSignal): Promise<void> {
    this.poller?.fail(
      conflict("terminated by other getUpdates request; make sure that only one bot instance is running"),
    );
    if (this.items.length > 0 || ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        if (this.poller === waiter) this.poller = undefined;
      };
      const waiter: Waiter = {
        wake: () => {
          done();
          resolve();
        },
        fail: (error) => {
          done();
          reject(error);
        },
      };
      const onAbort = () => waiter.wake();
      const timer = setTimeout(() => waiter.wake(), ms);
      signal?.addEventListener("abort", onAbort);
      this.poller = waiter;
    });
  }

  /** Ends a waiting long poll with `error` (a webhook was set meanwhile). */
  interruptPoll(error: Error): void {
    const poller = this.poller;
    this.poller = undefined;
    poller?.fail(error);
  }

  /** Calls `listener` after every push; returns the function that unsubscribes. */
  onPush(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The queue's state for a snapshot. */
  toJSON(): { items: Update[]; nextId: number; allowed?: readonly string[] } {
    return { items: this.items, nextId: this.nextId, ...(this.allowed ? { allowed: this.allowed } : {}) };
  }

  /** Restores a snapshot made by toJSON. */
  static fromJSON(data: { items: Update[]; nextId: number; allowed?: readonly string[] }): UpdateQueue {
    const q = new UpdateQueue(data.nextId);
    q.items = data.items;
    q.allowed = data.allowed;
    return q;
  }
}
