// What only the ThreadedSqliteInbox has: a worker thread between the bot and the database. Requests
// made together are served in order (and committed together), a state the thread cannot receive is
// refused without harm, and an open inbox alone does not keep a process alive.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Update } from "@telepot/core";
import { afterEach, expect, it } from "vitest";
import { SqliteInbox, SqliteInboxError, ThreadedSqliteInbox } from "../dist/index.js";

function update(id: number, chat = 1): Update {
  return {
    update_id: id,
    message: { message_id: id, date: 0, chat: { id: chat, type: "private" }, text: `m${id}` },
  };
}

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "telepot-threaded-"));
  dirs.push(dir);
  return join(dir, "inbox.db");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it("serves requests made together in the order they were made", async () => {
  const inbox = await ThreadedSqliteInbox.open(":memory:");
  // Not awaited one by one: the thread receives them together and commits them as one group.
  const appended = inbox.append([update(1), update(2), update(3)]);
  const completed = inbox.complete([{ updateId: 2, states: [{ key: "chat:1", value: { n: 2 } }] }]);
  const repeated = inbox.append([update(2), update(4)]);
  const state = inbox.loadState("chat:1");
  const pending = inbox.pending(10);
  expect((await appended).map((u) => u.update_id)).toEqual([1, 2, 3]);
  await completed;
  expect((await repeated).map((u) => u.update_id)).toEqual([4]);
  expect(await state).toEqual({ key: "chat:1", value: { n: 2 } });
  expect((await pending).map((u) => u.update_id)).toEqual([1, 3, 4]);
  expect(inbox.backlog()).toBe(3);
  await inbox.close();
});

it("answers a repeat with the very objects it was given, in order", async () => {
  const inbox = await ThreadedSqliteInbox.open(":memory:");
  await inbox.append([update(2)]);
  const given = [update(1), update(2), update(3)];
  const fresh = await inbox.append(given);
  expect(fresh).toHaveLength(2);
  expect(fresh[0]).toBe(given[0]);
  expect(fresh[1]).toBe(given[2]);
  await inbox.close();
});

it("refuses a state the thread cannot receive, and goes on working", async () => {
  const inbox = await ThreadedSqliteInbox.open(":memory:");
  await inbox.append([update(1)]);
  const refused = inbox.complete([{ updateId: 1, states: [{ key: "k", value: { run: () => 1 } }] }]);
  await expect(refused).rejects.toThrow(SqliteInboxError);
  await expect(refused).rejects.toThrow(/cannot send complete/);
  expect((await inbox.pending(10)).map((u) => u.update_id)).toEqual([1]);
  await inbox.complete([{ updateId: 1, states: [{ key: "k", value: 1 }] }]);
  expect(await inbox.pending(10)).toEqual([]);
  await inbox.close();
});

it("writes the same file as SqliteInbox, which reads it while the thread has it open", async () => {
  const path = tempFile();
  const threaded = await ThreadedSqliteInbox.open(path);
  await threaded.append([update(1), update(2)]);
  await threaded.complete([{ updateId: 1, states: [{ key: "c", value: "s" }] }]);
  // Another connection (an operator's look, a test's question) is not locked out.
  const reader = SqliteInbox.open(path);
  expect(reader.backlog()).toBe(1);
  expect(reader.loadState("c")?.value).toBe("s");
  reader.close();
  await threaded.close();
  const reopened = SqliteInbox.open(path);
  expect(reopened.pending(10).map((u) => u.update_id)).toEqual([2]);
  reopened.close();
});

it("does not keep a process alive when nothing is asked of it, and what it answered is stored", () => {
  const path = tempFile();
  const index = fileURLToPath(new URL("../dist/index.js", import.meta.url));
  // The script never closes the inbox: the process must still end by itself.
  const script = `
    const { ThreadedSqliteInbox } = await import(${JSON.stringify(index)});
    const inbox = await ThreadedSqliteInbox.open(${JSON.stringify(path)});
    const update = (id) => ({ update_id: id, message: { message_id: id, date: 0, chat: { id: 1, type: "private" } } });
    await inbox.append([update(1), update(2)]);
    await inbox.complete([{ updateId: 1 }]);
    console.log("appended");
  `;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(child.error).toBeUndefined();
  expect(child.stderr).toBe("");
  expect(child.stdout.trim()).toBe("appended");
  expect(child.status).toBe(0);
  const inbox = SqliteInbox.open(path);
  expect(inbox.pending(10).map((u) => u.update_id)).toEqual([2]);
  inbox.close();
});
