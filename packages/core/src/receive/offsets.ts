// Telegram's getUpdates confirms every update below the `offset` it is called with. With
// updates handled concurrently, the safe offset is the lowest update still being handled: an
// update above it that finished early is confirmed only once everything below it has finished.

/**
 * Tracks which fetched updates are finished and computes the offset that confirms exactly the
 * finished prefix. Update ids must be accepted in increasing order (as getUpdates returns them);
 * an id at or below one already accepted is a repeat (Telegram re-sends every unconfirmed update
 * on each poll) and is refused. Amortised O(1) per accept, O(log n) per finish, no allocation
 * per update beyond array growth.
 */
export class OffsetTracker {
  // Accepted and not yet confirmed ids, ascending, from `head`; `done[i]` says whether ids[i] finished.
  private ids: number[] = [];
  private done: boolean[] = [];
  private head = 0;
  private nextId: number | undefined;
  private unfinishedCount = 0;

  /** `start`: the offset to begin from (updates below it count as confirmed), if known. */
  constructor(start?: number) {
    this.nextId = start !== undefined && start > 0 ? start : undefined;
  }

  /** Records a fetched update as in progress; false (and no change) if it is a repeat or too old. */
  accept(updateId: number): boolean {
    if (this.nextId !== undefined && updateId < this.nextId) return false;
    this.ids.push(updateId);
    this.done.push(false);
    this.nextId = updateId + 1;
    this.unfinishedCount++;
    return true;
  }

  /** Marks an accepted update as finished (handled or failed and reported); unknown ids are ignored. */
  finish(updateId: number): void {
    const ids = this.ids;
    let lo = this.head;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = ids[mid]!;
      if (value === updateId) {
        if (this.done[mid]) return;
        this.done[mid] = true;
        this.unfinishedCount--;
        if (mid === this.head) this.advance();
        return;
      }
      if (value < updateId) lo = mid + 1;
      else hi = mid - 1;
    }
  }

  /**
   * The offset for the next getUpdates: the lowest unfinished update id, or one past the highest
   * accepted id when all are finished; undefined before anything was accepted (and no start given).
   */
  get offset(): number | undefined {
    return this.head < this.ids.length ? this.ids[this.head] : this.nextId;
  }

  /** One past the highest accepted id (where new updates start), or undefined before any. */
  get next(): number | undefined {
    return this.nextId;
  }

  /** How many accepted updates the offset does not yet confirm (finished or not). */
  get unconfirmed(): number {
    return this.ids.length - this.head;
  }

  /** How many accepted updates are not finished. */
  get unfinished(): number {
    return this.unfinishedCount;
  }

  private advance(): void {
    const done = this.done;
    const end = this.ids.length;
    let head = this.head;
    while (head < end && done[head]) head++;
    if (head === end) {
      this.ids.length = 0;
      this.done.length = 0;
      head = 0;
    } else if (head >= 1024 && head * 2 >= end) {
      // Drop the confirmed prefix once it dominates, so memory follows the in-flight window.
      this.ids.splice(0, head);
      this.done.splice(0, head);
      head = 0;
    }
    this.head = head;
  }
}
