// Real processes, killed with SIGKILL at random moments: the inbox must lose no update that was
// confirmed to "Telegram", handle each chat's updates in order, and never count an update twice.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { SqliteInbox } from "../src/index.js";

const CHILD = fileURLToPath(new URL("./fixtures/crash-child.mjs", import.meta.url));
const TOTAL = 2_000;
const CHATS = 50;
const CYCLES = 20;
const dir = mkdtempSync(join(tmpdir(), "telepot-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [
      CHILD,
      join(dir, "inbox.db"),
      join(dir, "offset"),
      join(dir, "handled.log"),
      String(TOTAL),
      String(CHATS),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve();
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, ready, exited };
}

it("loses nothing, keeps per-chat order and never repeats a done update across 20 kill -9s", async () => {
  let kills = 0;
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const run = start();
    await run.ready;
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 60));
    if (run.child.exitCode === null && run.child.kill("SIGKILL")) kills++;
    await run.exited;
  }
  const last = start();
  expect(await last.exited).toBe(0);

  const lines = readFileSync(join(dir, "handled.log"), "utf8").trim().split("\n");
  const runs = new Map<number, number>();
  const lastByChat = new Map<number, number>();
  let orderViolations = 0;
  let staleState = 0;
  for (const line of lines) {
    const [id, chat, stateLast] = line.split(" ").map(Number) as [number, number, number];
    runs.set(id, (runs.get(id) ?? 0) + 1);
    const previous = lastByChat.get(chat) ?? 0;
    // A handler may run again for the update it was on at a kill (same id), never go back.
    if (id < previous) orderViolations++;
    // The saved state must be that of the chat's previous update: never one ahead, never one behind.
    if (stateLast >= id) staleState++;
    lastByChat.set(chat, id);
  }
  const lost = Array.from({ length: TOTAL }, (_, i) => i + 1).filter((id) => !runs.has(id));
  const twice = [...runs.values()].filter((n) => n > 1).length;
  console.log(`crash test: ${kills} kills, ${lines.length} handler runs, ${twice} updates handled twice`);

  const inbox = SqliteInbox.open(join(dir, "inbox.db"));
  const counted = inbox.states().reduce((sum, s) => sum + (s.value as { count: number }).count, 0);
  expect(inbox.backlog()).toBe(0);
  inbox.close();
  expect(existsSync(join(dir, "offset"))).toBe(true);
  expect(lost).toEqual([]);
  expect(orderViolations).toBe(0);
  expect(staleState).toBe(0);
  // Each update counted exactly once in the saved states, however often its handler ran.
  expect(counted).toBe(TOTAL);
  // Only the update in hand at a kill can run twice.
  expect(twice).toBeLessThanOrEqual(kills);
}, 120_000);
