// Runs work items with bounded concurrency while keeping items that share a key strictly in
// order. Pure logic (no timers, no I/O): the async driver feeds it updates; a task may finish
// synchronously (return a non-thenable) or asynchronously (return a thenable).

import type { OrderingKey } from "./key.js";

/** Runs one item; a returned thenable means "finished when it settles". */
export type RunItem<T> = (item: T) => unknown;

/** Told when an item has finished; `failed` is true with the thrown or rejected `error`. */
export type ItemSettled<T> = (item: T, failed: boolean, error: unknown) => void;

// One lane per key that has work running or waiting. Lanes are recycled, and each carries its
// own bound settle callbacks, so scheduling an item allocates nothing but its queue slot.
class Lane<T> {
  key: OrderingKey = 0;
  items: T[] = [];
  head = 0;
  current: T | undefined = undefined;
  readonly resolved: () => void;
  readonly rejected: (error: unknown) => void;

  constructor(scheduler: KeyedScheduler<T>) {
    this.resolved = () => scheduler.settle(this, false, undefined);
    this.rejected = (error: unknown) => scheduler.settle(this, true, error);
  }

  get waiting(): number {
    return this.items.length - this.head;
  }

  take(): T {
    const item = this.items[this.head]!;
    this.items[this.head] = undefined as T;
    this.head++;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    }
    return item;
  }
}

/**
 * A scheduler that runs at most `concurrency` items at once, never two items with the same key
 * at once, and items of one key in submission order. Keys take turns (a key with many items does
 * not starve the others). Items are never dropped: a failing item is reported to `settled` and
 * the next one runs.
 */
export class KeyedScheduler<T> {
  private readonly lanes = new Map<OrderingKey, Lane<T>>();
  // Lanes with waiting items and no running item, in the order they became ready.
  private ready: Lane<T>[] = [];
  private readyHead = 0;
  private spare: Lane<T>[] = [];
  private running = 0;
  private queued = 0;
  private idleWaiters: (() => void)[] = [];

  /** `concurrency`: at most this many items run at once (at least 1). */
  constructor(
    private readonly run: RunItem<T>,
    private readonly settled: ItemSettled<T>,
    /** The most items that run at once. */
    readonly concurrency: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${String(concurrency)}`);
    }
  }

  /** Items running right now. */
  get active(): number {
    return this.running;
  }

  /** Items submitted and not yet started. */
  get waiting(): number {
    return this.queued;
  }

  /** True when nothing runs and nothing waits. */
  get idle(): boolean {
    return this.running === 0 && this.queued === 0;
  }

  /** Queues an item under a key; it starts at once if a slot is free and its key is not busy. */
  submit(key: OrderingKey, item: T): void {
    const lane = this.lanes.get(key);
    if (lane !== undefined) {
      // The key is busy or already waiting for a slot: the lane will get to this item in turn.
      lane.items.push(item);
      this.queued++;
      return;
    }
    const fresh = this.spare.pop() ?? new Lane<T>(this);
    fresh.key = key;
    this.lanes.set(key, fresh);
    if (this.running < this.concurrency) {
      this.start(fresh, item);
    } else {
      fresh.items.push(item);
      this.queued++;
      this.ready.push(fresh);
    }
  }

  /** Resolves when nothing runs and nothing waits (at once if already idle). */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** @internal Called by a lane when its current item settles. */
  settle(lane: Lane<T>, failed: boolean, error: unknown): void {
    const item = lane.current as T;
    lane.current = undefined;
    this.running--;
    try {
      this.settled(item, failed, error);
    } finally {
      if (lane.waiting > 0) this.ready.push(lane);
      else this.release(lane);
      this.pump();
    }
  }

  private start(lane: Lane<T>, item: T): void {
    lane.current = item;
    this.running++;
    let result: unknown;
    try {
      result = this.run(item);
    } catch (error) {
      // Settle on a later turn, like a rejection, so the caller's loop is not re-entered.
      queueMicrotask(() => lane.rejected(error));
      return;
    }
    if (isThenable(result)) result.then(lane.resolved, lane.rejected);
    else queueMicrotask(lane.resolved);
  }

  private pump(): void {
    while (this.running < this.concurrency && this.readyHead < this.ready.length) {
      const lane = this.ready[this.readyHead]!;
      this.ready[this.readyHead] = undefined as unknown as Lane<T>;
      this.readyHead++;
      this.queued--;
      this.start(lane, lane.take());
    }
    if (this.readyHead === this.ready.length) {
      this.ready.length = 0;
      this.readyHead = 0;
    } else if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
    if (this.idle && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private release(lane: Lane<T>): void {
    this.lanes.delete(lane.key);
    if (this.spare.length < 256) this.spare.push(lane);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
