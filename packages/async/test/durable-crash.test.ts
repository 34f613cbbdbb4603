// Durable polling as real processes: a bot with an inbox is killed with SIGKILL at random moments
// (20 times) while it works through 2,000 updates over 50 chats; each run starts on the same file.
// Confirmed updates lost: 0. Per-chat order: within a run, each chat's updates go in order, and a
// handler never sees a state ahead of its update. Each update is counted exactly once in the saved
// states, however often its handler ran; the handlers run twice are counted and printed. The
// inbox journals the replies: a re-run handler's reply that had been sent is not sent again, so
// replies sent twice stay at most one per kill (asserted; in practice none), and a reply in flight at
// a kill is not repeated (the handler gets an "interrupted" error; such replies are counted).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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
const log = join(dir, "handled.log");

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
  return startProcess(CHILD, [telegram.url, TOKEN, db, String(run), log]);
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
  // Every update confirmed, then handled and its completion committed: stop the last run.
  await until(
    () => telegram.pending.length === 0 && inboxDrained(db),
    90_000,
    "every update handled",
    () => telegram.calls.length,
  );
  await killHard(last);

  const runs = new Map<number, number>();
  const lastInRun = new Map<string, number>();
  let orderViolations = 0;
  let stateAhead = 0;
  let interrupted = 0;
  const lines = readFileSync(log, "utf8").trim().split("\n");
  for (const line of lines) {
    if (line.startsWith("interrupted")) {
      interrupted++;
      continue;
    }
    const [run, id, stateLast, chat] = line.split(" ").map(Number) as [number, number, number, number];
    runs.set(id, (runs.get(id) ?? 0) + 1);
    const chatRun = `${chat}/${run}`;
    if (id <= (lastInRun.get(chatRun) ?? 0)) orderViolations++;
    lastInRun.set(chatRun, id);
    if (stateLast >= id) stateAhead++;
  }
  const handlerRuns = lines.length - interrupted;
  const lost = Array.from({ length: TOTAL }, (_, i) => i + 1).filter((id) => !runs.has(id));
  const twice = [...runs.values()].filter((n) => n > 1).length;
  const replied = new Set(telegram.calls.map((call) => (call.params.text as string).split(" ")[0]));
  const repliesTwice = telegram.calls.length - replied.size;
  const unanswered = TOTAL - replied.size;
  const inbox = SqliteInbox.open(db);
  const counted = inbox.states().reduce((sum, s) => sum + (s.value as { count: number }).count, 0);
  inbox.close();
  console.log(
    `durable polling crash test: ${kills} kills, ${handlerRuns} handler runs for ${TOTAL} updates, ` +
      `${twice} handled twice; replies sent twice: ${repliesTwice}, in flight at a kill and not ` +
      `repeated: ${interrupted} (${unanswered} of them never reached "Telegram")`,
  );
  expect(lost).toEqual([]);
  expect(orderViolations).toBe(0);
  expect(stateAhead).toBe(0);
  expect(counted).toBe(TOTAL);
  // Only handlers in flight at a kill, or finished within the last completion group (at most 5 ms
  // before it, while a handler takes at least the 5 ms of its reply), run again: at most two per
  // chat per kill.
  expect(twice).toBeLessThanOrEqual(kills * CHATS * 2);
  // The journal: a reply is sent again at most for a call in flight at a kill, and not even then
  // (retry: false); a reply missing is one whose call was interrupted.
  expect(repliesTwice).toBeLessThanOrEqual(kills);
  expect(unanswered).toBeLessThanOrEqual(interrupted);
}, 600_000);
