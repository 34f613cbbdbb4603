// What a message loop does with an inbox, whatever feeds it (polling or a webhook): replays what a
// previous process left unhandled, and marks each handled update done, grouped into few commits,
// together with the conversation state its handling changed. With the inbox's call journal, each
// handler runs in a journal scope of its update, so that its Bot API calls are journaled (see the
// journal stage of the request pipeline).
import {
  CompletionBatch,
  type HandledUpdate,
  type Inbox,
  type InboxStates,
  isPromiseLike,
  type Update,
} from "@telepot/core";
import { JournalScope, runInJournalScope } from "@telepot/core/internal";
import type { UpdateContext, UpdateHandler } from "./types.js";

// Handled updates are marked done together, at most this long after the first of them settled:
// one commit per turn halved the throughput of the polling benchmark (a commit costs about 100 us
// under load). The price: a crash also re-runs the handlers that finished within the last few
// milliseconds before it (their state, saved in the same commit, is rolled back with them).
const COMMIT_DELAY_MS = 5;

/** A loop's link to its inbox. */
export class InboxLink {
  private readonly completions: CompletionBatch;
  private readonly scopes = new WeakMap<UpdateContext, JournalScope>();

  /** `states`: the conversation states to commit with each update (a DelegatorBot's); `report` gets failed commits. */
  constructor(
    readonly inbox: Inbox,
    private readonly states: InboxStates | undefined,
    private readonly report: (error: unknown) => void,
  ) {
    this.completions = new CompletionBatch(
      (handled) => this.commit(handled),
      (run) => setTimeout(run, COMMIT_DELAY_MS),
    );
  }

  /** Dispatches, in update_id order, what is in the inbox and not done (left by a crash). */
  async replay(dispatch: (update: Update) => void): Promise<void> {
    for (const update of await this.inbox.pending(Number.MAX_SAFE_INTEGER)) dispatch(update);
  }

  /** Before a handler runs: collect the state changes its conversation records. */
  dispatched(context: UpdateContext): void {
    this.states?.track(context.payload);
  }

  /** `handler`, run in a journal scope of each update when the inbox has a call journal. */
  journaled(handler: UpdateHandler): UpdateHandler {
    const journal = this.inbox.journal;
    if (journal === undefined) return handler;
    return (payload, context) => {
      const scope = new JournalScope(journal, context.update.update_id, this.report);
      this.scopes.set(context, scope);
      return runInJournalScope(scope, () => handler(payload, context));
    };
  }

  /** After a handler settled: mark its update done (with its state changes) in the next commit. */
  finished(context: UpdateContext): void {
    // Calls made from now on (a timer the handler left) are not journaled: the records go with the done mark.
    this.scopes.get(context)?.close();
    this.completions.add({ updateId: context.update.update_id, states: this.states?.take(context.payload) });
  }

  /** Commits the done marks waiting for the next group (a stop does this once handlers are drained). */
  flush(): void {
    this.completions.flushNow();
  }

  private saved(handled: readonly HandledUpdate[]): void {
    const states = this.states;
    if (states === undefined) return;
    for (const update of handled) if (update.states !== undefined) states.saved(update.states);
  }

  // A failure is reported and the updates stay pending: the next process handles them again.
  private commit(handled: readonly HandledUpdate[]): void {
    try {
      const result = this.inbox.complete(handled);
      if (isPromiseLike(result)) result.then(() => this.saved(handled), this.report);
      else this.saved(handled);
    } catch (error) {
      this.report(error);
    }
  }
}
