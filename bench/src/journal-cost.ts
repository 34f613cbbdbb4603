// What the call journal costs, in isolation: `node bench/src/journal-cost.ts` (build first).
// 1. Marking updates done (Inbox.complete in groups of 100, as the loops do), with and without the
//    journal (its rows of each update are deleted in the same transaction).
// 2. One call through the pipeline's journal stage, to a "Telegram" that answers at once: not
//    journaled (no inbox update in hand), and journaled (recorded as started, then finished) on
//    SQLite (a WAL file, durability "process") and, if redis-server is installed, on Redis.
// Prints microseconds per update / per call (median of 5 rounds); the machine's load is printed too.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { CallJournal, Update } from "@telepot/core";
import { JournalScope, journalStage, retryPolicy, runInJournalScope } from "@telepot/core/internal";
import { RedisInbox } from "@telepot/redis";
import { startRedisServer } from "@telepot/redis/testing";
import { SqliteInbox } from "@telepot/sqlite";

const UPDATES = 20_000;
const CALLS = 5_000;
const ROUNDS = 5;
const GROUP = 100;

const update = (id: number): Update => ({
  update_id: id,
  message: { message_id: id, date: 0, chat: { id: id % 1000, type: "private" }, text: `m${id}` },
});
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** µs per update to mark UPDATES updates done in groups of GROUP. */
function completeCost(journal: boolean, dir: string, round: number): number {
  const inbox = SqliteInbox.open({ path: join(dir, `complete-${journal}-${round}.db`), journal });
  const ids = Array.from({ length: UPDATES }, (_, i) => i + 1);
  for (let i = 0; i < UPDATES; i += 1000) inbox.append(ids.slice(i, i + 1000).map(update));
  const started = performance.now();
  for (let i = 0; i < UPDATES; i += GROUP)
    inbox.complete(ids.slice(i, i + GROUP).map((updateId) => ({ updateId })));
  const us = ((performance.now() - started) * 1000) / UPDATES;
  inbox.close();
  return us;
}

const stage = journalStage(retryPolicy(undefined));
const answer = async () => ({ message_id: 1 });

/** µs per sendMessage through the journal stage; `journal` undefined: no update in hand. */
async function callCost(journal: CallJournal | undefined, firstId: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const request = { method: "sendMessage", params: { chat_id: i % 1000, text: `reply ${i}` }, options: {} };
    if (journal === undefined) {
      await stage(request, answer);
      continue;
    }
    // One call per update, as a handler that replies once.
    const scope = new JournalScope(journal, firstId + i, (error) => {
      throw error;
    });
    await runInJournalScope(scope, () => stage(request, answer));
    scope.close();
  }
  return ((performance.now() - started) * 1000) / CALLS;
}

const dir = mkdtempSync(join(tmpdir(), "telepot-journal-cost-"));
try {
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" / ")}`,
  );
  const off: number[] = [];
  const on: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    off.push(completeCost(false, dir, round));
    on.push(completeCost(true, dir, round));
  }
  console.log(
    `SQLite complete(), groups of ${GROUP}: ${median(off).toFixed(2)} us per update without the journal, ` +
      `${median(on).toFixed(2)} us with it`,
  );

  const plain: number[] = [];
  const sqlite: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const inbox = SqliteInbox.open({ path: join(dir, `calls-${round}.db`) });
    const ids = Array.from({ length: CALLS }, (_, i) => i + 1);
    for (let i = 0; i < CALLS; i += 1000) inbox.append(ids.slice(i, i + 1000).map(update));
    plain.push(await callCost(undefined, 1));
    sqlite.push(await callCost(inbox.journal, 1));
    inbox.close();
  }
  console.log(
    `a sendMessage through the journal stage: ${median(plain).toFixed(2)} us not journaled, ` +
      `${median(sqlite).toFixed(2)} us journaled on SQLite (durability "process": 2 commits)`,
  );

  let server: Awaited<ReturnType<typeof startRedisServer>> | undefined;
  try {
    server = await startRedisServer();
  } catch (error) {
    console.log(`Redis: skipped (${(error as Error).message})`);
  }
  if (server !== undefined) {
    const redis: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const inbox = new RedisInbox({ redis: server.url, prefix: `cost${round}:` });
      const ids = Array.from({ length: CALLS }, (_, i) => i + 1);
      for (let i = 0; i < CALLS; i += 1000) await inbox.append(ids.slice(i, i + 1000).map(update));
      redis.push(await callCost(inbox.journal, 1));
      await inbox.close();
    }
    await server.stop();
    console.log(
      `a sendMessage journaled on Redis (local redis-server, 2 round trips): ${median(redis).toFixed(2)} us`,
    );
  }
  console.log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" / ")}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
