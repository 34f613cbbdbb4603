// Time for the conversation layer, injected: the engine never calls setTimeout itself, so the
// blocking driver can fire due timers between updates and tests can move time by hand.

/** Cancels a timer; calling it after the timer fired, or twice, does nothing. */
export type CancelTimer = () => void;

/** Where the conversation engine gets the time and its timers (milliseconds). */
export interface TimerClock {
  /** The current time in milliseconds. */
  now(): number;
  /** Calls `fn` once at time `at` (or as soon as possible after it). */
  setTimer(at: number, fn: () => void): CancelTimer;
}

// setTimeout cannot wait longer than 2^31-1 ms; longer timers re-arm until their time.
const MAX_DELAY = 0x7fff_ffff; // 2 ** 31 - 1, as a literal: bundlers drop an unused literal, not an expression

/**
 * The clock of the async driver: Date.now and setTimeout. Timers are unref'd: a pending idle
 * timeout alone does not keep the process alive (the update loop does).
 */
export const systemTimerClock: TimerClock = {
  now: () => Date.now(),
  setTimer(at, fn) {
    let handle: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      const delay = Math.min(Math.max(at - Date.now(), 0), MAX_DELAY);
      handle = setTimeout(() => (Date.now() >= at ? fn() : arm()), delay);
      (handle as { unref?: () => void }).unref?.();
    };
    arm();
    return () => clearTimeout(handle);
  },
};

interface ManualTimer {
  at: number;
  seq: number;
  fn: (() => void) | undefined;
}

/**
 * A clock that moves only when told to: for tests (a fake clock) and for the blocking driver,
 * which asks `nextAt()` how long it may wait for updates and then calls `advanceTo(now)`.
 * Timers live in a binary heap, so a million pending timeouts cost O(log n) each.
 */
export class ManualClock implements TimerClock {
  #now: number;
  #heap: ManualTimer[] = [];
  #seq = 0;
  #cancelled = 0;

  /** Starts at `start` milliseconds (0 by default). */
  constructor(start = 0) {
    this.#now = start;
  }

  /** The current (manual) time. */
  now(): number {
    return this.#now;
  }

  /** Registers a timer; timers due at the same time fire in the order they were set. */
  setTimer(at: number, fn: () => void): CancelTimer {
    const timer: ManualTimer = { at, seq: this.#seq++, fn };
    this.#push(timer);
    return () => {
      if (timer.fn === undefined) return;
      timer.fn = undefined;
      // Cancelled timers stay in the heap until they reach its top; when they are the majority,
      // rebuild it, so a long run of set-then-cancel (idle timers of closed chats) cannot grow it.
      if (++this.#cancelled > 1024 && this.#cancelled * 2 > this.#heap.length) this.#compact();
    };
  }

  /** The time of the earliest pending timer, or undefined when none is pending. */
  nextAt(): number | undefined {
    this.#dropCancelled();
    return this.#heap[0]?.at;
  }

  /** The number of timers not yet fired or cancelled. */
  get pending(): number {
    return this.#heap.length - this.#cancelled;
  }

  /** The number of entries the heap holds, cancelled ones included (for leak checks). */
  get size(): number {
    return this.#heap.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in time order. */
  advance(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  /** Moves time to `at` (never backwards), firing due timers; a timer may set new timers. */
  advanceTo(at: number): void {
    for (;;) {
      this.#dropCancelled();
      const head = this.#heap[0];
      if (head === undefined || head.at > at) break;
      this.#pop();
      if (head.at > this.#now) this.#now = head.at;
      const fn = head.fn;
      head.fn = undefined;
      fn?.();
    }
    if (at > this.#now) this.#now = at;
  }

  #dropCancelled(): void {
    while (this.#heap.length > 0 && (this.#heap[0] as ManualTimer).fn === undefined) {
      this.#pop();
      this.#cancelled--;
    }
  }

  #compact(): void {
    const live = this.#heap.filter((t) => t.fn !== undefined);
    this.#heap = [];
    this.#cancelled = 0;
    for (const timer of live) this.#push(timer);
  }

  #less(a: ManualTimer, b: ManualTimer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #push(timer: ManualTimer): void {
    const heap = this.#heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(heap[i] as ManualTimer, heap[parent] as ManualTimer)) break;
      [heap[i], heap[parent]] = [heap[parent] as ManualTimer, heap[i] as ManualTimer];
      i = parent;
    }
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop() as ManualTimer;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && this.#less(heap[l] as ManualTimer, heap[m] as ManualTimer)) m = l;
      if (r < heap.length && this.#less(heap[r] as ManualTimer, heap[m] as ManualTimer)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m] as ManualTimer, heap[i] as ManualTimer];
      i = m;
    }
  }
}
