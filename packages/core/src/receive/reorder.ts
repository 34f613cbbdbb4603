// Webhook deliveries can overtake each other: update 1000 may arrive before 999, and at every
// start Telegram sends its backlog over several connections at once. This buffer restores
// update_id order, holding an early update at most `maxHold` ms for the gap before it to fill.
// Every update it takes in was already answered 200, so Telegram will not send it again: it is
// delivered (in order, or late and reported), and only a true duplicate (an id already delivered)
// is dropped. Pure: the caller supplies the clock and calls `flush` when `deadline` passes; one
// timer per buffer, never one per update.

/** Something with an update_id. */
export interface HasUpdateId {
  /** The update's identifier; consecutive updates have consecutive ids. */
  readonly update_id: number;
}

/** Options of a {@link ReorderBuffer}. */
export interface ReorderOptions {
  /** How long (ms) a missing update_id is waited for before it is given up. Default 3000. */
  maxHold?: number | undefined;
  /** The clock, in ms (default `Date.now`); tests pass a fake one. */
  now?: () => number;
  /**
   * An id further than this from the expected next id (either way) is taken as a restart of the
   * numbering, not a gap: Telegram picks a random next id after a week without updates. The
   * buffer is then flushed in order and the numbering resynchronised. It also bounds the memory
   * of given-up ids (see {@link ReorderBuffer}). Default 10000.
   */
  maxGap?: number;
  /** Told about every update dropped as a true duplicate (its update_id was already delivered). */
  onDrop?: (update: HasUpdateId) => void;
  /**
   * Told about every update delivered out of order: its id had been given up (its wait expired,
   * or it is below the first id of the start), and it came after all. Called just before it is
   * delivered; `expected` is the id the buffer expected next.
   */
  onLate?: (update: HasUpdateId, expected: number) => void;
  /**
   * The highest update_id that earlier processes recorded (a durable inbox's, when it was opened).
   * An update that came fresh from Telegram (see {@link ReorderBuffer.markFresh}) with a lower id,
   * within `maxGap`, was given up or
   * left unanswered by them while a later one was acknowledged, and that one may have been handled
   * (a pending update's handler may have run before a crash: done marks are committed in groups,
   * after it). So it is reported to `onLate` (expected: this id + 1) when delivered, even where this
   * buffer's own order has room for it.
   */
  recordedBefore?: number | undefined;
}

/** A webhook loop's hold option, in ms: `maxHoldMs`, else its deprecated alias (undefined: the buffer's default). */
export function maxHoldMs(options: {
  readonly maxHoldMs?: number | undefined;
  readonly maxHold?: number | undefined;
}): number | undefined {
  return options.maxHoldMs ?? options.maxHold;
}

// An update held before the numbering starts, with when it came (its gap's wait counts from then).
interface EarlyUpdate<T> {
  readonly update: T;
  readonly arrivedAt: number;
}

/**
 * Restores update_id order. At the start, the first update is held `maxHold` ms like any update
 * after a gap, since lower ids may still be on their way; then the lowest id seen starts the
 * numbering. Afterwards, for an update with id `n`, `last` being the last id delivered or given up:
 * `n = last + 1` is delivered at once, followed by any buffered successors; `n > last + 1` is
 * buffered and the missing ids before it are waited for until `maxHold` ms after they were first
 * missed (a repeat of a held id is dropped); when a missing id's wait expires, {@link flush} gives
 * it up and delivers what follows, up to the next gap still waited for. An `n <= last` that was
 * given up (or lies below the start) and never delivered is delivered at once, out of order, and
 * reported to `onLate`; one already delivered is a duplicate, dropped and reported to `onDrop`.
 *
 * Memory: what was delivered is remembered as the cursor `last` (every id up to it was delivered
 * or given up) plus the given-up ids not delivered since, and the late ids delivered below the
 * start. Both sets only hold ids within `maxGap` of the cursor or the start (older ones are pruned:
 * an id that far back counts as a renumbering), so each holds at most `maxGap` ids, and in
 * practice a handful.
 */
export class ReorderBuffer<T extends HasUpdateId> {
  // slots[head + i] stands for update_id last + 1 + i: an update, or the time its wait expires.
  private slots: (T | number)[] = [];
  private head = 0;
  private last: number | undefined;
  // Before the numbering starts: the updates seen so far (by id, each with when it came), and when
  // the wait for lower ids ends.
  private early: Map<number, EarlyUpdate<T>> | undefined;
  private earlyExpiry = 0;
  // The lowest id of the start; ids below it were never delivered unless listed in lateBelow.
  private start = 0;
  private readonly lateBelow = new Set<number>();
  // Given-up ids (<= last) not delivered since, in increasing order.
  private readonly missed = new Set<number>();
  private readonly maxHold: number;
  private readonly now: () => number;
  private readonly maxGap: number;
  private readonly onDrop: ((update: HasUpdateId) => void) | undefined;
  private readonly onLate: ((update: HasUpdateId, expected: number) => void) | undefined;
  private readonly recordedBefore: number | undefined;
  // Fresh ids below recordedBefore, reported late when delivered (made at the first such id).
  private lateVsEarlier: Set<number> | undefined;

  /** `handOn` receives the updates in order (synchronously, from `push` or `flush`). */
  constructor(
    private readonly handOn: (update: T) => void,
    options: ReorderOptions = {},
  ) {
    this.maxHold = options.maxHold ?? 3000;
    this.now = options.now ?? Date.now;
    this.maxGap = options.maxGap ?? 10_000;
    this.onDrop = options.onDrop;
    this.onLate = options.onLate;
    this.recordedBefore = options.recordedBefore;
    if (!(this.maxHold >= 0)) throw new RangeError(`maxHold must be >= 0 ms, got ${String(options.maxHold)}`);
    if (!(this.maxGap >= 1)) throw new RangeError(`maxGap must be >= 1, got ${String(options.maxGap)}`);
  }

  /** Updates held back, waiting for a gap before them to fill (or for the start's wait to end). */
  get held(): number {
    let count = this.early?.size ?? 0;
    for (let i = this.head; i < this.slots.length; i++) if (typeof this.slots[i] !== "number") count++;
    return count;
  }

  /** The id of the last update delivered (or given up), undefined before the numbering starts. */
  get lastId(): number | undefined {
    return this.last;
  }

  /** When (clock time, ms) the oldest wait expires; undefined when nothing is held. */
  get deadline(): number | undefined {
    if (this.early !== undefined) return this.earlyExpiry;
    const first = this.slots[this.head];
    // A non-empty buffer always starts with a gap: a head update would have been delivered.
    return typeof first === "number" ? first : undefined;
  }

  /** Takes in one update; delivers it and whatever it unblocks, or holds it, or drops a duplicate. */
  push(update: T): void {
    const id = update.update_id;
    const last = this.last;
    if (last === undefined) {
      this.holdEarly(update);
      return;
    }
    const index = id - last - 1;
    if (index > this.maxGap || index < -this.maxGap) {
      // A renumbering: what is held goes out in order, and the new numbering starts here.
      this.flushAll();
      this.restart(id);
      this.deliver(update);
      return;
    }
    if (index < 0) {
      this.takeOld(update);
      return;
    }
    if (index === 0) {
      this.last = id;
      if (this.head < this.slots.length) this.head++;
      this.deliver(update);
      this.release(Number.NEGATIVE_INFINITY);
      return;
    }
    const at = this.head + index;
    if (at < this.slots.length) {
      if (typeof this.slots[at] === "number") this.slots[at] = update;
      else this.drop(update);
      return;
    }
    const expiry = this.now() + this.maxHold;
    while (this.slots.length < at) this.slots.push(expiry);
    this.slots.push(update);
  }

  /**
   * Tells that `update` came fresh from Telegram (a webhook queue handed it on), before or after it
   * is pushed: one below what earlier processes recorded is late against them (see recordedBefore).
   * What a loop replays from its inbox is pushed without this (unless the queue hands it on too:
   * this process recorded it before its loop started).
   */
  markFresh(update: T): void {
    const id = update.update_id;
    const before = this.recordedBefore;
    if (before === undefined || id >= before || id <= before - this.maxGap) return;
    this.lateVsEarlier ??= new Set();
    this.lateVsEarlier.add(id);
  }

  /** Gives up every missing id whose wait has expired and delivers what that unblocks. */
  flush(): void {
    const now = this.now();
    if (this.early !== undefined) {
      if (this.earlyExpiry > now) return;
      this.begin();
    }
    this.release(now);
  }

  /** Delivers every held update in order, giving up all gaps (used when stopping). */
  flushAll(): void {
    if (this.early !== undefined) this.begin();
    this.release(Number.POSITIVE_INFINITY);
  }

  // Before the numbering starts, lower ids may still come: collect until the wait ends.
  private holdEarly(update: T): void {
    const id = update.update_id;
    const now = this.now();
    if (this.early === undefined) {
      this.early = new Map();
      this.earlyExpiry = now + this.maxHold;
    }
    if (this.early.has(id)) this.drop(update);
    else this.early.set(id, { update, arrivedAt: now });
    if (this.earlyExpiry <= now) this.flush();
  }

  // The start's wait is over: the lowest id seen starts the numbering, and the others are placed
  // after it. A gap is waited for maxHold from when the update above it came, and at least until
  // the start's wait ends: one that opened just before the end (the sender was still working
  // through a shuffled backlog) gets its full wait (flush gives the expired ones up).
  private begin(): void {
    const held = [...this.early!.values()].sort((a, b) => a.update.update_id - b.update.update_id);
    this.early = undefined;
    const lowest = held[0]!.update.update_id;
    // Ids further than maxGap above the lowest would be a renumbering: start each such run anew.
    this.restart(lowest - 1);
    this.start = lowest;
    for (const { update, arrivedAt } of held) {
      const id = update.update_id;
      const index = id - (this.last as number) - 1;
      if (index > this.maxGap) {
        this.flushAll();
        this.restart(id);
        this.deliver(update);
        continue;
      }
      const at = this.head + index;
      const expiry = Math.max(this.earlyExpiry, arrivedAt + this.maxHold);
      while (this.slots.length < at) this.slots.push(expiry);
      this.slots.push(update);
    }
    this.release(Number.NEGATIVE_INFINITY);
  }

  private restart(last: number): void {
    this.last = last;
    this.start = last;
    this.missed.clear();
    this.lateBelow.clear();
  }

  // An id at or below the cursor: late (never delivered) or a duplicate.
  private takeOld(update: T): void {
    const id = update.update_id;
    const expected = (this.last as number) + 1;
    if (id < this.start) {
      if (this.lateBelow.has(id)) {
        this.drop(update);
        return;
      }
      // Within maxGap of the cursor (else it was a renumbering), so at most maxGap ids below start.
      this.lateBelow.add(id);
    } else if (this.missed.has(id)) {
      this.missed.delete(id);
    } else {
      this.drop(update);
      return;
    }
    this.lateVsEarlier?.delete(id); // reported here, once
    this.onLate?.(update, expected);
    this.deliver(update);
  }

  // Hands an update on, reporting it first when it is late against what earlier processes handled.
  private deliver(update: T): void {
    const late = this.lateVsEarlier;
    if (late !== undefined && late.size > 0 && late.delete(update.update_id)) {
      this.onLate?.(update, (this.recordedBefore as number) + 1);
    }
    this.handOn(update);
  }

  private drop(update: T): void {
    this.lateVsEarlier?.delete(update.update_id);
    this.onDrop?.(update);
  }

  // The id after the cursor was waited for long enough: remember it as missed and move on.
  private giveUpNext(): void {
    this.head++;
    const id = (this.last as number) + 1;
    this.last = id;
    this.missed.add(id);
    // Ids given up longer than maxGap ago would count as a renumbering, not as late: forget them.
    for (const old of this.missed) {
      if (old >= id - this.maxGap) break;
      this.missed.delete(old);
    }
  }

  // Delivers the held updates from the head on, giving up each gap whose wait expires by `until`
  // (clock ms): flush gives up the expired gaps, flushAll every gap (+Infinity), and after an
  // update that filled the head, none (-Infinity): it stops at the first gap still waited for.
  private release(until: number): void {
    while (this.head < this.slots.length) {
      const slot = this.slots[this.head]!;
      if (typeof slot === "number") {
        if (slot > until) break;
        this.giveUpNext();
      } else {
        this.head++;
        this.last = slot.update_id;
        this.deliver(slot);
      }
    }
    this.compact();
  }

  private compact(): void {
    if (this.head === this.slots.length) {
      this.slots.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.slots.length) {
      this.slots = this.slots.slice(this.head);
      this.head = 0;
    }
  }
}
