// The journal stage of the request pipeline (async driver): while a handler handles an inbox update
// (a JournalScope is current), a call that creates something is journaled. A call the journal
// holds a result for returns it without being sent (nor waiting for a flood-control slot); a fresh
// call is recorded as started before it is sent and as finished once it succeeded. A call recorded
// as started and never finished was in flight when a previous process stopped: it may have reached
// Telegram, so it is sent again only if the retry policy would repeat such a fault (retryUnsafe),
// else the handler gets a NetworkError of kind "interrupted", as for any send of unknown outcome.
import { NetworkError } from "../errors.js";
import { currentJournalScope, type JournalScope } from "../inbox/journal-scope.js";
import type { ApiRequest, Middleware, NextStage } from "./pipeline.js";
import { mayHaveReached, type RetryPolicy } from "./retry.js";
import { isSafeToRepeat } from "./traits.js";

/** Whether calls of `method` are journaled: those a repeat could duplicate (not reads, edits, answers). */
export function isJournaled(method: string): boolean {
  return !isSafeToRepeat(method);
}

/** The journal stage; `policy` (the bot's retry policy) decides whether an interrupted call is sent again. */
export function journalStage(policy: RetryPolicy): Middleware<"async"> {
  return (request, next) => {
    const scope = currentJournalScope();
    if (scope === undefined || !scope.open || !isJournaled(request.method)) return next(request);
    return journaled(scope, scope.identify(request.method, request.params), request, next, policy);
  };
}

async function journaled(
  scope: JournalScope,
  call: string,
  request: ApiRequest<"async">,
  next: NextStage<"async">,
  policy: RetryPolicy,
): Promise<unknown> {
  const { journal, updateId } = scope;
  const record = await journal.start(updateId, call);
  if (record?.state === "finished") return record.result;
  if (record !== undefined) {
    const interrupted = new NetworkError(
      request.method,
      "interrupted",
      true,
      "this call was in flight when the process handling the update stopped; it may have reached Telegram",
    );
    const repeat = policy(
      interrupted,
      { method: request.method, replayable: true },
      { faults: 0, floodWaited: 0 },
    );
    if (repeat === undefined) throw interrupted;
  }
  let result: unknown;
  try {
    result = await next(request);
  } catch (error) {
    // A call that surely did not reach Telegram (a refusal, a fault before sending) is forgotten,
    // so that a re-run sends it; one that may have reached it stays "started" (never sent twice).
    if (!reached(error)) await settle(() => journal.forget(updateId, call), scope);
    throw error;
  }
  if (scope.open) await settle(() => journal.finish(updateId, call, result), scope);
  return result;
}

function reached(error: unknown): boolean {
  return error instanceof NetworkError ? error.mayHaveReachedServer : mayHaveReached(error) === true;
}

// A record that failed to be written is reported, not thrown: the call itself succeeded (or failed
// for its own reason). Its cost: a re-run after a crash treats it as interrupted.
async function settle(write: () => unknown, scope: JournalScope): Promise<void> {
  try {
    await write();
  } catch (error) {
    scope.report(error);
  }
}
