// A worker's commits go to Redis together: one script call at a time, and the commits its slots
// make while that call is out go in the next one. When Redis answers fast, each commit goes at
// once (alone, or with those of the same event-loop turn); when it is slow (its fsync, a loaded
// machine), more commits share a call, so Redis wakes, runs a script and syncs its AOF once for
// many instead of once each. A slot runs its key's next handler meanwhile, so the wait is hidden.
// The queueing is core's CompletionBatch (as a loop's done marks); this adds each commit's answer.
import { CompletionBatch } from "@telepot/core";
import type { ClaimCompletions } from "./inbox.js";

/** How many claims' commits one call carries at most (a long script holds Redis up). */
const MAX_BATCH = 64;

interface Queued {
  readonly commit: ClaimCompletions;
  readonly resolve: (committed: boolean) => void;
  readonly reject: (error: unknown) => void;
}

/** Batches claim commits: at most one call in flight. */
export class CommitBatch {
  readonly #queue: CompletionBatch<Queued>;

  /** Commits through `send`, which answers per commit whether it was written. */
  constructor(send: (commits: readonly ClaimCompletions[]) => Promise<boolean[]>) {
    this.#queue = new CompletionBatch<Queued>(
      async (batch) => {
        try {
          const results = await send(batch.map((queued) => queued.commit));
          for (const [index, queued] of batch.entries()) queued.resolve(results[index] === true);
        } catch (error) {
          for (const queued of batch) queued.reject(error);
        }
      },
      // The commits of this event-loop turn go together.
      (run) => setImmediate(run),
      MAX_BATCH,
    );
  }

  /** Queues one claim's commit; answers whether it was written (rejects when the call failed). */
  commit(commit: ClaimCompletions): Promise<boolean> {
    return new Promise((resolve, reject) => this.#queue.add({ commit, resolve, reject }));
  }
}
