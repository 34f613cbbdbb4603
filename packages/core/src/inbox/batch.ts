// Marking updates done one transaction each would cost a commit per update; a loop that handles
// many updates at once instead gathers the completions of one turn of the event loop and commits
// them together. Pure: the caller injects how a flush is scheduled and what it does.

import type { HandledUpdate } from "./inbox.js";

/** Gathers completions and hands them over in one batch per scheduled flush. */
export class CompletionBatch {
  private queued: HandledUpdate[] = [];
  private scheduled = false;

  /**
   * `flush` receives each batch (never empty); `schedule` runs its callback later (e.g.
   * `setImmediate`), so completions of the same turn share one commit.
   */
  constructor(
    private readonly flush: (completions: readonly HandledUpdate[]) => void,
    private readonly schedule: (run: () => void) => void,
  ) {}

  /** Completions waiting for the next flush. */
  get size(): number {
    return this.queued.length;
  }

  /** Queues one completion for the next flush. */
  add(completion: HandledUpdate): void {
    this.queued.push(completion);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flushNow());
  }

  /** Flushes what is queued now (a stop does this before it closes the inbox). */
  flushNow(): void {
    this.scheduled = false;
    if (this.queued.length === 0) return;
    const batch = this.queued;
    this.queued = [];
    this.flush(batch);
  }
}
