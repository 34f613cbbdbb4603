// The journal stage of the request pipeline (both drivers): while a handler handles an inbox update
// (a JournalScope is current), a call that creates something is journaled. A call the journal
// holds a result for returns it without being sent (nor waiting for a flood-control slot); a fresh
// call is recorded as started before it is sent and as finished once it succeeded. A call recorded
// as started and never finished was in flight when a previous process stopped: it may have reached
// Telegram, so it is sent again only if the retry policy would repeat such a fault (retryUnsafe),
// else the handler gets a NetworkError of kind "interrupted", as for any send of unknown outcome.
import { andThen, attempt, type MaybePromise } from "../conversation/maybe.js";
import { JournalError, NetworkError } from "../errors.js";
import type { CallMode, Returned } from "../generated/methods.js";
import { currentJournalScope, type JournalScope } from "../inbox/journal-scope.js";
import type { Middleware } from "./pipeline.js";
import { mayHaveReached, type RetryPolicy } from "./retry.js";
import { isSafeToRepeat } from "./traits.js";

/** Whether calls of `method` are journaled: those a repeat could duplicate (not reads, edits, answers). */
export function isJournaled(method: string): boolean {
  return !isSafeToRepeat(method);
}

/**
 * The journal stage of a driver (`mode`); `policy` (the bot's retry policy) decides whether an
 * interrupted call is sent again. One algorithm for both drivers: it waits only when the journal or
 * the rest of the chain answers with a promise, so a blocking bot with a synchronous journal
 * (SqliteInbox) stays synchronous; in async mode the answer is always a promise.
 */
export function journalStage<Mode extends CallMode = "async">(
  policy: RetryPolicy,
  mode: Mode = "async" as Mode,
): Middleware<Mode> {
  return (request, next) => {
    const scope = currentJournalScope();
    if (scope === undefined || !scope.open || !isJournaled(request.method)) return next(request);
    if (mode === "blocking") {
      const call = scope.identify(request.method, request.params);
      return journaled(scope, call, () => next(request), request.method, policy) as Returned<Mode, unknown>;
    }
    // A synchronous throw or answer becomes a promise, as every async stage gives.
    return new Promise((resolve) => {
      const call = scope.identify(request.method, request.params);
      resolve(journaled(scope, call, () => next(request), request.method, policy));
    }) as Returned<Mode, unknown>;
  };
}

function journaled(
  scope: JournalScope,
  call: string,
  send: () => MaybePromise<unknown>,
  method: string,
  policy: RetryPolicy,
): MaybePromise<unknown> {
  const { journal, updateId } = scope;
  // A call the journal could not record is not sent (a crash after sending it would leave no trace
  // of it), and the handling is marked faulted so that its update is not marked done.
  const started = attempt(
    () => journal.start(updateId, call),
    (error) => {
      scope.fault();
      throw new JournalError(method, updateId, { cause: error });
    },
  );
  return andThen(started, (record) => {
    if (record?.state === "finished") return record.result;
    if (record !== undefined) {
      const interrupted = new NetworkError(
        method,
        "interrupted",
        true,
        "this call was in flight when the process handling the update stopped; it may have reached Telegram",
      );
      const repeat = policy(interrupted, { method, replayable: true }, { faults: 0, floodWaited: 0 });
      if (repeat === undefined) throw interrupted;
    }
    const sent = attempt(send, (error) =>
      // A call that surely did not reach Telegram (a refusal, a fault before sending) is forgotten,
      // so that a re-run sends it; one that may have reached it stays "started" (never sent twice).
      andThen(reached(error) ? undefined : settle(() => journal.forget(updateId, call), scope), () => {
        throw error;
      }),
    );
    return andThen(sent, (result) =>
      scope.open
        ? andThen(
            settle(() => journal.finish(updateId, call, result), scope),
            () => result,
          )
        : result,
    );
  });
}

function reached(error: unknown): boolean {
  return error instanceof NetworkError ? error.mayHaveReachedServer : mayHaveReached(error) === true;
}

// A record that failed to be written is reported, not thrown: the call itself succeeded (or failed
// for its own reason). Its cost: a re-run after a crash treats it as interrupted.
function settle(write: () => unknown, scope: JournalScope): MaybePromise<void> {
  return attempt(
    () => andThen(write(), () => undefined),
    (error) => {
      scope.report(error);
    },
  );
}
