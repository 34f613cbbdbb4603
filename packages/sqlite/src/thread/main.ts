// The SQLite thread: a worker that owns one SqliteInbox and serves the requests of the
// ThreadedSqliteInbox that started it. The commits (and their writes to the WAL) happen here, so
// the bot's event loop only posts messages. Requests that arrive together are served in one
// transaction (a group commit: one WAL write for an append and the completions queued behind it),
// and answered, in the order they came, once it is committed.
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { Update } from "@telepot/core";
import { SqliteInbox } from "../inbox.js";
import type { ResolvedOptions } from "../options.js";
import type { ThreadFailure, ThreadReply, ThreadRequest, ThreadSettings } from "./messages.js";

if (parentPort === null) throw new Error("the SQLite thread must run as a worker thread");
const port: MessagePort = parentPort;
const settings = workerData as ThreadSettings;

// The owner's clock, as of the latest append (the inbox reads it only when appending).
let nowMs = Date.now();
let inbox: SqliteInbox | undefined;
// Requests received since the last group commit, and whether one is scheduled.
let queued: ThreadRequest[] = [];
let scheduled = false;

function failureOf(error: unknown): ThreadFailure {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: "Error", message: String(error) };
}

function answer(id: number, run: () => unknown): ThreadReply {
  try {
    const value = run();
    return { id, backlog: inbox?.backlog() ?? 0, value };
  } catch (error) {
    return { id, backlog: inbox?.backlog() ?? 0, failure: failureOf(error) };
  }
}

// Which of `updates` were new: undefined when all were (the common case, nothing to send back).
function appended(open: SqliteInbox, json: string): number[] | undefined {
  const updates = JSON.parse(json) as Update[];
  const fresh = open.append(updates);
  if (fresh.length === updates.length) return undefined;
  const indexes: number[] = [];
  let next = 0;
  for (let i = 0; i < updates.length && next < fresh.length; i++) {
    if (updates[i] === fresh[next]) {
      indexes.push(i);
      next++;
    }
  }
  return indexes;
}

function serve(open: SqliteInbox, request: ThreadRequest): unknown {
  switch (request.op) {
    case "append":
      nowMs = request.nowMs;
      return appended(open, request.updates);
    case "pending":
      return open.pending(request.limit);
    case "complete":
      return open.complete(request.completions);
    case "loadState":
      return open.loadState(request.key);
    case "states":
      return open.states();
    case "prune":
      return open.prune();
    case "close":
      return open.close();
    case "records":
      return journalOf(open).records(request.updateId);
    case "start":
      return journalOf(open).start(request.updateId, request.call);
    case "finish":
      return journalOf(open).finish(request.updateId, request.call, request.result);
    case "forget":
      return journalOf(open).forget(request.updateId, request.call);
  }
}

function journalOf(open: SqliteInbox) {
  const found = open.journal;
  if (found === undefined) throw new Error("this inbox journals no calls (journal: false)");
  return found;
}

// Serves what was queued: everything before a close in one transaction, answered once committed.
function serveQueued(): void {
  scheduled = false;
  const requests = queued;
  queued = [];
  const open = inbox!;
  const closeAt = requests.findIndex((request) => request.op === "close");
  const grouped = closeAt === -1 ? requests : requests.slice(0, closeAt);
  const replies: ThreadReply[] = [];
  try {
    open.group(() => {
      for (const request of grouped) replies.push(answer(request.id, () => serve(open, request)));
    });
  } catch (error) {
    // The commit failed: nothing of the group is stored, and the inbox's counters may be off. Every
    // request fails, and the thread ends (the owner's later requests fail as the inbox is gone).
    const failure = failureOf(error);
    for (const request of requests)
      port.postMessage({ id: request.id, backlog: 0, failure } satisfies ThreadReply);
    inbox = undefined;
    port.close();
    return;
  }
  for (const reply of replies) port.postMessage(reply);
  if (closeAt !== -1) {
    port.postMessage(answer(requests[closeAt]!.id, () => open.close()));
    inbox = undefined;
    port.close();
  }
}

const opened = answer(0, () => {
  const options: ResolvedOptions = { ...settings, now: () => nowMs };
  inbox = SqliteInbox.openOnThread(options);
});
port.postMessage(opened);
if (inbox === undefined) port.close();
else
  port.on("message", (request: ThreadRequest) => {
    queued.push(request);
    if (scheduled) return;
    scheduled = true;
    // After the messages already waiting have been received: they join this group.
    setImmediate(serveQueued);
  });
