// The call journal on SQLite, driven through the pipeline's journal stage as a bot's calls are:
// a handler's calls run in the journal scope of its update, and a second scope for the same update
// plays the handler run again after a crash.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NetworkError, TelegramError, type Update } from "@telepot/core";
import { journalStage, retryPolicy } from "@telepot/core/internal";
import { afterEach, describe, expect, it } from "vitest";
import { handling, send, Wire } from "../../core/test/fixtures/journal-harness.js";
import { SqliteInbox } from "../src/index.js";
import { journalRows } from "./fixtures/journal-rows.js";

function update(id: number, chat = 1): Update {
  return {
    update_id: id,
    message: { message_id: id, date: 0, chat: { id: chat, type: "private" }, text: "hi" },
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "telepot-journal-"));
  dirs.push(dir);
  return join(dir, "inbox.db");
}

describe("the call journal on SQLite", () => {
  it("answers a call that completed before a crash from the journal, without sending it again", async () => {
    const path = tempFile();
    const first = SqliteInbox.open(path);
    first.append([update(1)]);
    const wire = new Wire();
    const before = await handling(first.journal!, 1, () =>
      send(wire, "sendMessage", { chat_id: 1, text: "hello" }),
    );
    first.close(); // the process dies here: update 1 is not marked done
    const second = SqliteInbox.open(path);
    const again = await handling(second.journal!, 1, () =>
      send(wire, "sendMessage", { chat_id: 1, text: "hello" }),
    );
    expect(again).toEqual(before);
    expect(wire.sent).toHaveLength(1);
    // The rows a previous process left are deleted with the done mark too.
    expect(journalRows(path, 1)).toBe(1);
    second.complete([{ updateId: 1 }]);
    expect(journalRows(path, 1)).toBe(0);
    second.close();
  });

  it("sends a call that differs from the record, and counts identical calls in order", async () => {
    const inbox = SqliteInbox.open(":memory:");
    inbox.append([update(1)]);
    const wire = new Wire();
    await handling(inbox.journal!, 1, async () => {
      await send(wire, "sendMessage", { chat_id: 1, text: "a" });
      await send(wire, "sendMessage", { chat_id: 1, text: "a" });
    });
    // The re-run: the two identical calls match, then "b" and a third "a" are new.
    const results = await handling(inbox.journal!, 1, async () => [
      await send(wire, "sendMessage", { chat_id: 1, text: "a" }),
      await send(wire, "sendMessage", { chat_id: 1, text: "b" }),
      await send(wire, "sendMessage", { chat_id: 1, text: "a" }),
      await send(wire, "sendMessage", { chat_id: 1, text: "a" }),
    ]);
    expect(results).toEqual([{ message_id: 1 }, { message_id: 3 }, { message_id: 2 }, { message_id: 4 }]);
    expect(wire.sent.map((s) => s.params.text)).toEqual(["a", "a", "b", "a"]);
    inbox.close();
  });

  it("matches concurrent calls of a handler whatever order they complete in", async () => {
    const inbox = SqliteInbox.open(":memory:");
    inbox.append([update(1)]);
    const wire = new Wire();
    const texts = ["x", "y", "z"];
    const first = await handling(inbox.journal!, 1, () =>
      Promise.all(texts.map((text) => send(wire, "sendMessage", { chat_id: 1, text }))),
    );
    const again = await handling(inbox.journal!, 1, () =>
      Promise.all(texts.reverse().map((text) => send(wire, "sendMessage", { chat_id: 1, text }))),
    );
    expect(again).toEqual([...first].reverse());
    expect(wire.sent).toHaveLength(3);
    inbox.close();
  });

  it("does not record a refused call (a re-run sends it again)", async () => {
    const inbox = SqliteInbox.open(":memory:");
    inbox.append([update(1)]);
    const wire = new Wire();
    wire.failWith = new TelegramError({ method: "sendMessage", description: "Bad Request", errorCode: 400 });
    await expect(
      handling(inbox.journal!, 1, () => send(wire, "sendMessage", { chat_id: 1, text: "a" })),
    ).rejects.toThrow("Bad Request");
    wire.failWith = undefined;
    // Nothing was recorded: a record left "started" would refuse this re-run as interrupted.
    await handling(inbox.journal!, 1, () => send(wire, "sendMessage", { chat_id: 1, text: "a" }));
    expect(wire.sent).toHaveLength(2);
    inbox.close();
  });

  it("never sends again a call that may have reached Telegram before the crash, unless retryUnsafe", async () => {
    const inbox = SqliteInbox.open(":memory:");
    inbox.append([update(1)]);
    const wire = new Wire();
    wire.failWith = new NetworkError("sendMessage", "reset", true, "the connection broke");
    await expect(
      handling(inbox.journal!, 1, () => send(wire, "sendMessage", { chat_id: 1, text: "a" })),
    ).rejects.toThrow("connection broke");
    wire.failWith = undefined;
    const rerun = handling(inbox.journal!, 1, () => send(wire, "sendMessage", { chat_id: 1, text: "a" }));
    await expect(rerun).rejects.toMatchObject({ kind: "interrupted", mayHaveReachedServer: true });
    expect(wire.sent).toHaveLength(1);
    const unsafe = journalStage(retryPolicy({ retryUnsafe: true }));
    await handling(inbox.journal!, 1, () =>
      unsafe({ method: "sendMessage", params: { chat_id: 1, text: "a" }, options: {} }, wire.next),
    );
    expect(wire.sent).toHaveLength(2);
    inbox.close();
  });

  it("does not journal calls that are safe to repeat, nor calls outside a handling", async () => {
    const path = tempFile();
    const inbox = SqliteInbox.open(path);
    inbox.append([update(1)]);
    const wire = new Wire();
    const reads = async () => {
      await send(wire, "getChat", { chat_id: 1 });
      await send(wire, "sendChatAction", { chat_id: 1, action: "typing" });
    };
    await handling(inbox.journal!, 1, reads);
    await send(wire, "sendMessage", { chat_id: 1, text: "outside" });
    expect(journalRows(path, 1)).toBe(0);
    // A re-run finds nothing to answer from: every call goes out again.
    await handling(inbox.journal!, 1, async () => {
      await reads();
      await send(wire, "sendMessage", { chat_id: 1, text: "outside" });
    });
    expect(wire.sent.map((s) => s.method)).toEqual([
      "getChat",
      "sendChatAction",
      "sendMessage",
      "getChat",
      "sendChatAction",
      "sendMessage",
    ]);
    inbox.close();
  });

  it("removes an update's records when it is marked done, and records nothing for a done update", async () => {
    const path = tempFile();
    const inbox = SqliteInbox.open(path);
    inbox.append([update(1), update(2)]);
    const wire = new Wire();
    await handling(inbox.journal!, 1, () => send(wire, "sendMessage", { chat_id: 1, text: "a" }));
    await handling(inbox.journal!, 2, () => send(wire, "sendMessage", { chat_id: 1, text: "b" }));
    expect(journalRows(path, 1)).toBe(1);
    inbox.complete([{ updateId: 1 }]);
    expect(journalRows(path, 1)).toBe(0);
    // Update 2 is still pending: its re-run is answered from its record, not sent.
    await handling(inbox.journal!, 2, () => send(wire, "sendMessage", { chat_id: 1, text: "b" }));
    expect(wire.sent).toHaveLength(2);
    // A call made for a done update is sent (nothing may answer it) and leaves no row.
    await handling(inbox.journal!, 1, () => send(wire, "sendMessage", { chat_id: 1, text: "late" }));
    expect(wire.sent.map((s) => s.params.text)).toEqual(["a", "b", "late"]);
    expect(journalRows(path, 1)).toBe(0);
    inbox.close();
  });

  it("is off with journal: false", () => {
    const inbox = SqliteInbox.open({ path: ":memory:", journal: false });
    expect(inbox.journal).toBeUndefined();
    inbox.close();
  });
});
