// The loop's link to its inbox: a handled update is marked done in the next group commit, unless the
// call journal failed during its handling; then it stays pending (the next start runs it again).
import { describe, expect, test } from "vitest";
import type { CallJournal, HandledUpdate, SyncInbox, Update } from "../../src/index.js";
import { InboxLink, journalStage, retryPolicy } from "../../src/internal.js";

/** An inbox that keeps only what a loop's link asks of it. */
function fakeInbox(journal: CallJournal): SyncInbox & { completed: number[] } {
  const completed: number[] = [];
  return {
    completed,
    journal,
    append: (updates) => updates,
    pending: () => [],
    complete: (completions: readonly HandledUpdate[]) => {
      for (const { updateId } of completions) if (updateId !== undefined) completed.push(updateId);
    },
    backlog: () => 0,
    loadState: () => undefined,
    states: () => [],
    close: () => {},
  } as SyncInbox & { completed: number[] };
}

/** A journal whose store is down for the update ids in `down`. */
function journalDownFor(down: Set<number>): CallJournal {
  return {
    start: (updateId) => {
      if (down.has(updateId)) throw new Error("disk I/O error");
      return undefined;
    },
    finish: () => {},
    forget: () => {},
  };
}

const message = (updateId: number): Update =>
  ({
    update_id: updateId,
    message: { message_id: updateId, date: 0, chat: { id: 1, type: "private" } },
  }) as Update;

describe("InboxLink", () => {
  test("leaves pending, and reports, an update whose handling could not journal a call", async () => {
    const inbox = fakeInbox(journalDownFor(new Set([2])));
    const reports: string[] = [];
    const link = new InboxLink(
      inbox,
      undefined,
      (error) => reports.push((error as Error).message),
      (run) => run(),
    );
    const stage = journalStage(retryPolicy(undefined));
    let sent = 0;
    const handler = link.journaled(
      async (_payload: object, _context: { update: Update; payload: object }) => {
        await stage(
          { method: "sendMessage", params: { chat_id: 1, text: "hi" }, options: {} },
          async () => ++sent,
        );
      },
    );
    for (const id of [1, 2, 3]) {
      const update = message(id);
      const context = { update, payload: update.message as object };
      await handler(context.payload, context).catch(() => {});
      link.finished(context);
    }
    expect(sent).toBe(2);
    expect(inbox.completed).toEqual([1, 3]);
    expect(reports).toEqual([
      "update 2 is left pending: the call journal failed during its handling; the next start handles it again",
    ]);
  });
});
