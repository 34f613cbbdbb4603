// Durable polling in blocking style, as real processes: a blocking bot with an inbox is killed with
// SIGKILL at random moments (8 times) while it works through 600 updates over 20 chats; each run
// starts on the same file. Confirmed updates lost: 0. Per-chat order: within a run, each chat's
// updates go in order, and a handler never sees a state ahead of its update. Each update is counted
// exactly once in the saved states, however often its handler ran (the re-runs are printed). The
// inbox journals the replies: a re-run's reply that had been sent is not sent again (replies sent
// twice: at most one per kill, in practice none), and one in flight at a kill is not repeated.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SqliteInbox } from "@telepot/sqlite";
import { afterAll, beforeAll, expect, it } from "vitest";
import { until } from "../../core/test/fixtures/until.js";
import { type FakeApi, startFakeApi, TOKEN, text } from "./helpers/fake-api.js";

const CHILD = fileURLToPath(new URL("./fixtures/durable-child.js", import.meta.url));
const TOTAL = 600;
const CHATS = 20;
const CYCLES = 8;

let api: FakeApi;
const dir = mkdtempSync(join(tmpdir(), "telepot-blocking-durable-"));
const db = join(dir, "bot.db");
const log = join(dir, "handled.log");

beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

async function replies(): Promise<string[]> {
  return (await api.sent()).map(([, body]) => String(body));
}

function start(run: number): { child: ChildProcess; ready: Promise<void>; exited: Promise<void> } {
  const child = spawn(process.execPath, [CHILD, api.apiRoot, TOKEN, db, String(run), log], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve();
    });
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { child, ready, exited };
}

it("loses no confirmed update, keeps each chat in order and resumes state across kill -9s", async () => {
  await api.push(Array.from({ length: TOTAL }, (_, i) => text(1 + (i % CHATS), String(i + 1))));
  let kills = 0;
  for (let run = 0; run < CYCLES; run++) {
    const proc = start(run);
    await proc.ready;
    // Killed at a random point of its work: after 1 to 60 more replies.
    const target = (await replies()).length + 1 + Math.floor(Math.random() * 60);
    await until(async () => (await replies()).length >= target, 60_000);
    proc.child.kill("SIGKILL");
    kills++;
    await proc.exited;
  }
  const last = start(CYCLES);
  await last.ready;
  const logged = () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : []);
  const handled = () =>
    new Set(
      logged()
        .filter((line) => !line.startsWith("interrupted"))
        .map((line) => line.split(" ")[1]),
    ).size;
  await until(
    async () => handled() === TOTAL && (await api.seen()).pending.length === 0,
    120_000,
    "every update handled",
    handled,
  );
  // Let the last run commit its final completions, then stop it.
  const inboxDone = () => {
    const inbox = SqliteInbox.open(db);
    try {
      return inbox.backlog() === 0;
    } finally {
      inbox.close();
    }
  };
  await until(inboxDone, 30_000);
  last.child.kill("SIGKILL");
  await last.exited;

  const sent = await api.sent();
  const runs = new Map<number, number>();
  const lastInRun = new Map<string, number>();
  let orderViolations = 0;
  let stateAhead = 0;
  let interrupted = 0;
  let handlerRuns = 0;
  for (const line of logged()) {
    if (line.startsWith("interrupted")) {
      interrupted++;
      continue;
    }
    handlerRuns++;
    const [run, id, stateLast, chatId] = line.split(" ").map(Number) as [number, number, number, number];
    runs.set(id, (runs.get(id) ?? 0) + 1);
    const chatRun = `${chatId}/${run}`;
    if (id <= (lastInRun.get(chatRun) ?? 0)) orderViolations++;
    lastInRun.set(chatRun, id);
    if (stateLast >= id) stateAhead++;
  }
  const lost = Array.from({ length: TOTAL }, (_, i) => i + 1).filter((id) => !runs.has(id));
  const twice = [...runs.values()].filter((n) => n > 1).length;
  const replied = new Set(sent.map(([, body]) => String(body).split(" ")[0]));
  const repliesTwice = sent.length - replied.size;
  const unanswered = TOTAL - replied.size;
  const inbox = SqliteInbox.open(db);
  const counted = inbox.states().reduce((sum, s) => sum + (s.value as { count: number }).count, 0);
  inbox.close();
  console.log(
    `blocking durable polling crash test: ${kills} kills, ${handlerRuns} handler runs for ${TOTAL} updates, ` +
      `${twice} handled twice; replies sent twice: ${repliesTwice}, in flight at a kill and not repeated: ` +
      `${interrupted} (${unanswered} of them never reached "Telegram")`,
  );
  expect(lost).toEqual([]);
  expect(orderViolations).toBe(0);
  expect(stateAhead).toBe(0);
  expect(counted).toBe(TOTAL);
  // Handlers run one at a time and each is marked done as it returns: at most the one in flight
  // at a kill runs again.
  expect(twice).toBeLessThanOrEqual(kills);
  // The journal: a reply is sent again at most for a call in flight at a kill (and not even then,
  // retry: false); a reply missing is one whose call was interrupted.
  expect(repliesTwice).toBeLessThanOrEqual(kills);
  expect(unanswered).toBeLessThanOrEqual(interrupted);
}, 600_000);
