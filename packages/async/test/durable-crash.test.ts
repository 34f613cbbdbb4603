// Durable polling as real processes: a bot with an inbox is killed with SIGKILL at random moments
// (20 times) while it works through 2,000 updates over 50 chats; each run starts on the same file.
// Confirmed updates lost: 0. Per-chat order: within a run, each chat's updates go in order, and a
// handler never sees a state ahead of its update. Each update is counted exactly once in the saved
// states, however often its handler ran; the handlers run twice are counted and printed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SqliteInbox } from "@telepot/sqlite";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BotProcess, inboxDrained, killHard, startProcess, until } from "./helpers/crash.js";
import { FakeTelegram, message } from "./receive-telegram.js";

const CHILD = fileURLToPath(new URL("./fixtures/durable-child.mjs", import.meta.url));
const TOKEN = "123456:SECRET-token-must-never-leak";
const TOTAL = 2_000;
const CHATS = 50;
const CYCLES = 20;

let telegram: FakeTelegram;
const dir = mkdtempSync(join(tmpdir(), "telepot-durable-"));
const db = join(dir, "bot.db");

beforeAll(async () => {
  telegram = await new FakeTelegram(TOKEN).start();
  // A reply takes a moment, so that kills land while handlers are in flight.
  telegram.callDelayMs = 5;
});
afterAll(async () => {
  await telegram.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(run: number): BotProcess {
  return startProcess(CHILD, [telegram.url, TOKEN, db, String(run)]);
}

it("loses no confirmed update and keeps each chat in order across 20 kill -9s", async () => {
  for (let i = 0; i < TOTAL; i++) telegram.add(message(1 + (i % CHATS), String(i + 1)));
  let kills = 0;
  for (let run = 0; run < CYCLES; run++) {
    const proc = start(run);
    await proc.ready;
    // Killed at a random point of its work: after 1 to 100 more replies.
    const target = telegram.calls.length + 1 + Math.floor(Math.random() * 100);
    await until(() => telegram.calls.length >= target, 60_000);
    if (await killHard(proc)) kills++;
  }
  const last = start(CYCLES);
  await last.ready;
  const handled = () => new Set(telegram.calls.map((c) => (c.params.text as string).split(" ")[1])).size;
  await until(() => handled() === TOTAL && telegram.pending.length === 0, 60_000);
  // Let the last run commit its final completions, then stop it.
  await until(() => inboxDrained(db), 30_000);
  await killHard(last);

  const runs = new Map<number, number>();
  const lastInRun = new Map<string, number>();
  let orderViolations = 0;
  let stateAhead = 0;
  for (const call of telegram.calls) {
    const [run, id, stateLast] = (call.params.text as string).split(" ").map(Number) as [
      number,
      number,
      number,
    ];
    runs.set(id, (runs.get(id) ?? 0) + 1);
    const chatRun = `${call.params.chat_id}/${run}`;
    if (id <= (lastInRun.get(chatRun) ?? 0)) orderViolations++;
    lastInRun.set(chatRun, id);
    if (stateLast >= id) stateAhead++;
  }
  const lost = Array.from({ length: TOTAL }, (_, i) => i + 1).filter((id) => !runs.has(id));
  const twice = [...runs.values()].filter((n) => n > 1).length;
  const inbox = SqliteInbox.open(db);
  const counted = inbox.states().reduce((sum, s) => sum + (s.value as { count: number }).count, 0);
  inbox.close();
  console.log(
    `durable polling crash test: ${kills} kills, ${telegram.calls.length} handler runs for ${TOTAL} updates, ` +
      `${twice} handled twice (replies sent twice: ${telegram.calls.length - TOTAL})`,
  );
  expect(lost).toEqual([]);
  expect(orderViolations).toBe(0);
  expect(stateAhead).toBe(0);
  expect(counted).toBe(TOTAL);
  // Only handlers in flight at a kill run again: at most one per chat per kill.
  expect(twice).toBeLessThanOrEqual(kills * CHATS);
}, 600_000);
