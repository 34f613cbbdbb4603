// Webhook deliveries can overtake each other: update 1000 may arrive before 999. This buffer
// restores update_id order, holding an early update at most `maxHold` ms for the gap before it
// to fill (telepot's ordered webhook; see BEHAVIOUR.md section 4). Pure: the caller supplies the
// clock and calls `flush` when `deadline` passes; one timer per buffer, never one per update.

/** Something with an update_id. */
export interface HasUpdateId {
  /** The update's identifier; consecutive updates have consecutive ids. */
  readonly update_id: number;
}

/** Options of a {@link ReorderBuffer}. */
export interface ReorderOptions {
  /** How long (ms) a missing update_id is waited for before it is given up. Default 3000. */
  maxHold?: number;
  /** The clock, in ms (default `Date.now`); tests pass a fake one. */
  now?: () => number;
  /**
   * An id further than this from the expected next id (either way) is taken as a restart of the
   * numbering, not a gap: Telegram picks a random next id after a week without updates. The
   * buffer is then flushed in order and the numbering resynchronised. Default 10000.
   */
  maxGap?: number;
  /** Told about every update that is dropped as late or duplicate (for logging). */
  onDrop?: (update: HasUpdateId) => void;
}

/**
 * Restores update_id order. Rules, for an update with id `n`, `last` being the last id delivered:
 * the very first update is delivered whatever its id; `n = last + 1` is delivered at once,
 * followed by any buffered successors; `n > last + 1` is buffered and the missing ids before it
 * are waited for until `maxHold` ms after they were first missed (a repeat overwrites the buffered
 * copy); `n <= last` is a late arrival or a duplicate and is dropped. When a missing id's wait
 * expires, {@link flush} gives it up and delivers what follows, up to the next gap still waited for.
 */
export class ReorderBuffer<T extends HasUpdateId> {
  // slots[head + i] stands for update_id last + 1 + i: an update, or the time its wait expires.
  private slots: (T | number)[] = [];
  private head = 0;
  private last: number | undefined;
  private readonly maxHold: number;
  private readonly now: () => number;
  private readonly maxGap: number;
  private readonly onDrop: ((update: HasUpdateId) => void) | undefined;

  /** `deliver` receives the updates in order (synchronously, from `push` or `flush`). */
  constructor(
    private readonly deliver: (update: T) => void,
    options: ReorderOptions = {},
  ) {
    this.maxHold = options.maxHold ?? 3000;
    this.now = options.now ?? Date.now;
    this.maxGap = options.maxGap ?? 10_000;
    this.onDrop = options.onDrop;
    if (!(this.maxHold >= 0)) throw new RangeError(`maxHold must be >= 0 ms, got ${String(options.maxHold)}`);
    if (!(this.maxGap >= 1)) throw new RangeError(`maxGap must be >= 1, got ${String(options.maxGap)}`);
  }

  /** Updates held back, waiting for a gap before them to fill. */
  get held(): number {
    let count = 0;
    for (let i = this.head; i < this.slots.length; i++) if (typeof this.slots[i] !== "number") count++;
    return count;
  }

  /** The id of the last update delivered (or given up), undefined before the first. */
  get lastId(): number | undefined {
    return this.last;
  }

  /** When (clock time, ms) the oldest missing id's wait expires; undefined when nothing is held. */
  get deadline(): number | undefined {
    const first = this.slots[this.head];
    // A non-empty buffer always starts with a gap: a head update would have been delivered.
    return typeof first === "number" ? first : undefined;
  }

  /** Takes in one update; delivers it and whatever it unblocks, or holds it, or drops it. */
  push(update: T): void {
    const id = update.update_id;
    const last = this.last;
    if (last === undefined) {
      this.last = id;
      this.deliver(update);
      return;
    }
    const index = id - last - 1;
    if (index > this.maxGap || index < -this.maxGap) {
      this.flushAll();
      this.last = id;
      this.deliver(update);
      return;
    }
    if (index < 0) {
      this.onDrop?.(update);
      return;
    }
    if (index === 0) {
      this.last = id;
      if (this.head < this.slots.length) this.head++;
      this.deliver(update);
      this.drainReady();
      return;
    }
    const at = this.head + index;
    if (at < this.slots.length) {
      this.slots[at] = update;
      return;
    }
    const expiry = this.now() + this.maxHold;
    while (this.slots.length < at) this.slots.push(expiry);
    this.slots.push(update);
  }

  /** Gives up every missing id whose wait has expired and delivers what that unblocks. */
  flush(): void {
    if (this.head >= this.slots.length) return;
    const now = this.now();
    while (this.head < this.slots.length) {
      const slot = this.slots[this.head]!;
      if (typeof slot === "number") {
        if (slot > now) break;
        this.head++;
        this.last = (this.last as number) + 1;
      } else {
        this.head++;
        this.last = slot.update_id;
        this.deliver(slot);
      }
    }
    this.compact();
  }

  /** Delivers every held update in order, giving up all gaps (used when stopping). */
  flushAll(): void {
    while (this.head < this.slots.length) {
      const slot = this.slots[this.head++]!;
      this.last = (this.last as number) + 1;
      if (typeof slot !== "number") {
        this.last = slot.update_id;
        this.deliver(slot);
      }
    }
    this.compact();
  }

  private drainReady(): void {
    while (this.head < this.slots.length) {
      const slot = this.slots[this.head]!;
      if (typeof slot === "number") break;
      this.head++;
      this.last = slot.update_id;
      this.deliver(slot);
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
