import { describe, expect, test } from "vitest";
import { type CallJournal, JournalError, type JournalRecord } from "../src/index.js";
import {
  currentJournalScope,
  JournalScope,
  journalStage,
  retryPolicy,
  runInJournalScope,
} from "../src/internal.js";

/** A journal in a Map, as a backend would keep it. */
class MapJournal implements CallJournal {
  readonly rows = new Map<string, JournalRecord>();
  start(updateId: number, call: string) {
    const existing = this.rows.get(`${updateId}/${call}`);
    if (existing === undefined) this.rows.set(`${updateId}/${call}`, { state: "started" });
    return existing;
  }
  finish(updateId: number, call: string, result: unknown) {
    this.rows.set(`${updateId}/${call}`, { state: "finished", result });
  }
  forget(updateId: number, call: string) {
    this.rows.delete(`${updateId}/${call}`);
  }
}

const noReport = (error: unknown) => {
  throw error;
};

describe("JournalScope", () => {
  test("numbers identical calls, tells different ones apart, and ignores upload bytes", () => {
    const scope = new JournalScope(new MapJournal(), 1, noReport);
    const a1 = scope.identify("sendMessage", { chat_id: 1, text: "a" });
    const a2 = scope.identify("sendMessage", { chat_id: 1, text: "a" });
    const b = scope.identify("sendMessage", { chat_id: 1, text: "b" });
    expect(a1).toMatch(/^sendMessage:.+:0$/);
    expect(a2).toBe(a1.replace(/:0$/, ":1"));
    expect(b.endsWith(":0")).toBe(true);
    expect(b).not.toBe(a1);
    const again = new JournalScope(new MapJournal(), 1, noReport);
    expect(again.identify("sendMessage", { chat_id: 1, text: "a" })).toBe(a1);
    const photo = (bytes: string) => ({ chat_id: 1, photo: Buffer.from(bytes) });
    expect(again.identify("sendPhoto", photo("one"))).toBe(
      new JournalScope(new MapJournal(), 1, noReport).identify("sendPhoto", photo("two")),
    );
    // A class-built value that is not an upload counts by its content.
    class Keyboard {
      constructor(readonly inline_keyboard: string[][]) {}
    }
    const keyed = (label: string) => ({ chat_id: 1, text: "k", reply_markup: new Keyboard([[label]]) });
    const first = (params: object) =>
      new JournalScope(new MapJournal(), 1, noReport).identify("sendMessage", params);
    expect(first(keyed("yes"))).not.toBe(first(keyed("no")));
    expect(first(keyed("yes"))).toBe(first(keyed("yes")));
  });

  test("is current inside runInJournalScope, across awaits, and not outside", async () => {
    const scope = new JournalScope(new MapJournal(), 1, noReport);
    expect(currentJournalScope()).toBeUndefined();
    await runInJournalScope(scope, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(currentJournalScope()).toBe(scope);
    });
    expect(currentJournalScope()).toBeUndefined();
  });
});

describe("the journal stage", () => {
  test("a call made once the handler settled (its scope closed) is sent and not journaled", async () => {
    const journal = new MapJournal();
    const stage = journalStage(retryPolicy(undefined));
    let sent = 0;
    const next = async () => ++sent;
    const scope = new JournalScope(journal, 1, noReport);
    const request = { method: "sendMessage", params: { chat_id: 1, text: "late" }, options: {} };
    await runInJournalScope(scope, () => stage(request, next));
    scope.close();
    await runInJournalScope(scope, () => stage(request, next));
    expect(sent).toBe(2);
    expect(journal.rows.size).toBe(1);
  });

  test.each([
    ["async", Promise.reject.bind(Promise)],
    [
      "blocking",
      (error: Error): never => {
        throw error;
      },
    ],
  ] as const)(
    "a call the journal cannot record is not sent, and its handling is faulted (%s)",
    async (mode, fail) => {
      const journal = new MapJournal();
      const down = new Error("Connection is closed.");
      journal.start = () => fail(down) as never;
      const stage = journalStage(retryPolicy(undefined), mode);
      let sent = 0;
      const next = () => (mode === "async" ? Promise.resolve(++sent) : ++sent);
      const scope = new JournalScope(journal, 7, noReport);
      expect(scope.faulted).toBe(false);
      const request = { method: "sendMessage", params: { chat_id: 1, text: "hi" }, options: {} };
      let caught: unknown;
      try {
        await runInJournalScope(scope, () => stage(request, next as never));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(JournalError);
      expect(caught).toMatchObject({ method: "sendMessage", updateId: 7, cause: down });
      expect((caught as Error).message).toBe(
        "sendMessage: not sent, the call journal of update 7 could not record it: Connection is closed.",
      );
      expect(sent).toBe(0);
      expect(scope.faulted).toBe(true);
    },
  );

  test("a read (not journaled) goes through while the journal is down, and faults nothing", async () => {
    const journal = new MapJournal();
    journal.start = () => {
      throw new Error("down");
    };
    const stage = journalStage(retryPolicy(undefined));
    const scope = new JournalScope(journal, 8, noReport);
    const answer = await runInJournalScope(scope, () =>
      stage({ method: "getChat", params: { chat_id: 1 }, options: {} }, async () => "chat"),
    );
    expect(answer).toBe("chat");
    expect(scope.faulted).toBe(false);
  });
});
