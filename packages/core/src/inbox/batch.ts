// Marking updates done one transaction each would cost a commit per update; a loop that handles
// many updates at once instead gathers the completions of one turn of the event loop and commits
// them together. The same queue serves a commit that answers later (a Redis worker's script call):
// then one flush is out at a time, and what is queued meanwhile goes in the next, at once when the
// one out settles. Pure: the caller injects how a flush is scheduled and what it does.

import { isPromiseLike } from "../conversation/maybe.js";
import type { HandledUpdate } from "./inbox.js";

/** Gathers items (by default completions) and hands them over in batches, one per scheduled flush. */
export class CompletionBatch<T = HandledUpdate> {
  private queued: T[] = [];
  private scheduled = false;
  private flushing = false;

  /**
   * `flush` receives each batch (never empty, at most `maxBatch` items); when it returns a promise,
   * the next batch waits for it to settle (its failures are `flush`'s to handle). `schedule` runs
   * its callback later (e.g. `setImmediate`), so items of the same turn share one batch.
   */
  constructor(
    private readonly flush: (items: readonly T[]) => unknown,
    private readonly schedule: (run: () => void) => void,
    private readonly maxBatch = Number.POSITIVE_INFINITY,
  ) {
    if (!(maxBatch >= 1)) throw new RangeError("maxBatch must be at least 1");
  }

  /** Items waiting for the next flush. */
  get size(): number {
    return this.queued.length;
  }

  /** Queues one item for the next flush. */
  add(item: T): void {
    this.queued.push(item);
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    this.schedule(() => this.flushNow());
  }

  /**
   * Flushes what is queued now (a stop does this before it closes the inbox); while a flush is
   * still out, what is queued goes when it settles.
   */
  flushNow(): void {
    this.scheduled = false;
    if (this.flushing) return;
    while (this.queued.length > 0) {
      const batch = this.queued.length > this.maxBatch ? this.queued.splice(0, this.maxBatch) : this.queued;
      if (batch === this.queued) this.queued = [];
      const out = this.flush(batch);
      if (isPromiseLike(out)) {
        this.flushing = true;
        const next = () => {
          this.flushing = false;
          this.flushNow();
        };
        out.then(next, next);
        return;
      }
    }
  }
}
