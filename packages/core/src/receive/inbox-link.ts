// What a message loop does with an inbox, whatever feeds it (polling or a webhook) and however it
// waits (async or blocking): replays what a previous process left unhandled, and marks each handled
// update done, grouped into few commits, together with the conversation state its handling changed.
// Pure: the driver says when a group is committed (`schedule`). With the inbox's call journal, a
// handler can run in a journal scope of its update (`journaled`), so that its Bot API calls are
// journaled (see the journal stage of the request pipeline).

import { andThen, isPromiseLike, type MaybePromise } from "../conversation/maybe.js";
import type { Update } from "../generated/types.js";
import { CompletionBatch } from "../inbox/batch.js";
import type { HandledUpdate, Inbox } from "../inbox/inbox.js";
import { JournalScope, runInJournalScope } from "../inbox/journal-scope.js";
import type { InboxStates } from "../inbox/states.js";

/** An update as a loop hands it to a handler: the whole update and its inner object. */
export interface LinkedUpdate {
  /** The whole update. */
  readonly update: Update;
  /** The inner object the handler receives (the key of its conversation state changes). */
  readonly payload: object;
}

/** A bot that keeps its conversations in an inbox (a DelegatorBot made with `inbox`). */
export interface InboxStatesHost {
  /** The inbox and the conversation states committed with each update. */
  readonly inboxStates?: InboxStates | undefined;
}

/**
 * The states to commit with each update of a loop on `inbox`: a DelegatorBot made with an inbox
 * lends it to its loops, so that each update's state changes are committed with the update. A loop
 * on another inbox leaves the bot's conversations to commit on their own.
 */
export function linkedStates(host: InboxStatesHost, inbox: Inbox): InboxStates | undefined {
  const states = host.inboxStates;
  return states !== undefined && states.inbox === inbox ? states : undefined;
}

/** A loop's link to its inbox. */
export class InboxLink {
  private readonly completions: CompletionBatch;
  // The open journal scope of each update being handled (a Map, not a WeakMap: entries go at
  // `finished`, and a WeakMap costs more per update on the hot path).
  private readonly scopes = new Map<LinkedUpdate, JournalScope>();
  // Ids of leftovers a webhook loop took at its start: its queue may hand them on as well (Telegram
  // sends again what a crash left unanswered), and they are not taken twice.
  private readonly replayed = new Set<number>();

  /**
   * `states`: the conversation states to commit with each update (a DelegatorBot's); `report`
   * gets failed commits; `schedule` runs a commit of the completions gathered meanwhile, later.
   */
  constructor(
    readonly inbox: Inbox,
    private readonly states: InboxStates | undefined,
    private readonly report: (error: unknown) => void,
    schedule: (run: () => void) => void,
  ) {
    this.completions = new CompletionBatch((handled) => this.commit(handled), schedule);
  }

  /**
   * Hands `sink` what is in the inbox and not done (left by a crash), in update_id order: a loop
   * handles it first. `webhook`: the loop's queue may hand some of it on again (see
   * {@link takenAtStart}). Synchronous when the inbox answers synchronously.
   */
  replay(sink: (update: Update) => void, webhook: boolean): MaybePromise<void> {
    return andThen(this.inbox.pending(Number.MAX_SAFE_INTEGER), (leftovers) => {
      for (const update of leftovers) {
        if (webhook) this.replayed.add(update.update_id);
        sink(update);
      }
    });
  }

  /** Whether an update a webhook queue hands on was already taken from the leftovers: skip it. */
  takenAtStart(update: Update): boolean {
    return this.replayed.size > 0 && this.replayed.delete(update.update_id);
  }

  /** Before a handler runs: collect the state changes its conversation records. */
  dispatched(handled: LinkedUpdate): void {
    this.states?.track(handled.payload);
  }

  /** `handler`, run in a journal scope of each update when the inbox has a call journal. */
  journaled<P, C extends LinkedUpdate, R>(
    handler: (payload: P, context: C) => R,
  ): (payload: P, context: C) => R {
    const journal = this.inbox.journal;
    if (journal === undefined) return handler;
    return (payload, context) => {
      const scope = new JournalScope(journal, context.update.update_id, this.report);
      this.scopes.set(context, scope);
      return runInJournalScope(scope, () => handler(payload, context));
    };
  }

  /**
   * After a handler settled: mark its update done (with its state changes) in the next commit. A
   * handling whose journal failed (see JournalScope.faulted) is left pending instead, with its state
   * changes dropped: the next process handles it again, as after a crash.
   */
  finished(handled: LinkedUpdate): void {
    // Calls made from now on (a timer the handler left) are not journaled: the records go with the done mark.
    const scope = this.scopes.get(handled);
    if (scope !== undefined) {
      scope.close();
      this.scopes.delete(handled);
    }
    const states = this.states?.take(handled.payload);
    if (scope?.faulted) {
      this.report(
        new Error(
          `update ${handled.update.update_id} is left pending: the call journal failed during its handling; the next start handles it again`,
        ),
      );
      return;
    }
    this.completions.add({ updateId: handled.update.update_id, states });
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
