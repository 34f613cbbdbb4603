// Durable webhooks as real processes: a webhook bot with an inbox is killed with SIGKILL at random
// moments (20 times) while a sender delivers 2,000 updates over 50 chats the way Telegram delivers
// a backlog (shuffled, over several connections) and sends again every update that did not get a
// 200; each run starts on the same file. Acknowledged updates lost: 0. Per-chat order: each chat's
// updates are handled in update_id order, except the ones the loop reported late (the README's
// promise); a handler run again after a crash re-runs an update it had not marked done, never an
// older one for the first time. Handlers run twice and replies sent twice are printed.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Update } from "@telepot/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seededRandom } from "../../core/test/fixtures/seeded-random.js";
import { type BotProcess, inboxDrained, killHard, startProcess, until } from "./helpers/crash.js";
import { WebhookSender } from "./helpers/webhook-sender.js";
import { FakeTelegram, message } from "./receive-telegram.js";

const CHILD = fileURLToPath(new URL("./fixtures/durable-webhook-child.mjs", import.meta.url));
const TOKEN = "123456:SECRET-token-must-never-leak";
const SECRET = "webhook-secret";
const TOTAL = 2_000;
const CHATS = 50;
const CYCLES = 20;
// How long the loop waits for a missing id before handling what follows (and reporting it late
// if it comes after all); a kill lands anywhere in the first 2.5 holds of a run.
const MAX_HOLD_MS = 1_500;

let telegram: FakeTelegram;
const dir = mkdtempSync(join(tmpdir(), "telepot-durable-webhook-"));
const db = join(dir, "bot.db");
const log = join(dir, "handled.log");

beforeAll(async () => {
  telegram = await new FakeTelegram(TOKEN).start();
  // A reply takes a moment, so that kills land while handlers are in flight.
  telegram.callDelayMs = 10;
});
afterAll(async () => {
  await telegram.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(run: number): BotProcess {
  return startProcess(CHILD, [telegram.url, TOKEN, db, log, String(run), SECRET, String(MAX_HOLD_MS)]);
}

/** What the handler log says: per-chat order checked against what each chat had handled before. */
function analyse(lines: readonly string[]) {
  const late = new Set<string>();
  const runs = new Map<number, number>();
  const highest = new Map<number, number>();
  const lastInRun = new Map<string, number>();
  const outOfOrder: string[] = [];
  let lateHandled = 0;
  for (const line of lines) {
    const [kind, run, id, chat] = line.split(" ") as [string, string, string, string];
    if (kind === "late") {
      late.add(`${run}/${id}`);
      continue;
    }
    const updateId = Number(id);
    const chatId = Number(chat);
    const reportedLate = late.has(`${run}/${id}`);
    if (reportedLate) lateHandled++;
    const before = runs.get(updateId) ?? 0;
    runs.set(updateId, before + 1);
    // Within a run, a chat goes forward; across runs, an update handled for the first time is
    // never older than one its chat already had handled (re-running one not marked done is allowed).
    const key = `${chatId}/${run}`;
    const backInRun = updateId <= (lastInRun.get(key) ?? 0);
    const firstButOlder = before === 0 && updateId < (highest.get(chatId) ?? 0);
    if ((backInRun || firstButOlder) && !reportedLate) outOfOrder.push(line);
    lastInRun.set(key, updateId);
    highest.set(chatId, Math.max(updateId, highest.get(chatId) ?? 0));
  }
  return { runs, outOfOrder, lateHandled };
}

it("loses no acknowledged update and keeps each chat in order across 20 kill -9s", async () => {
  const random = seededRandom(16);
  const chatOf = Array.from({ length: TOTAL }, () => 1 + Math.floor(random() * CHATS));
  const updates = chatOf.map((chat, i) => ({ update_id: i + 1, ...message(chat, "hi") }) as Update);
  const sender = new WebhookSender(updates, {
    connections: 8,
    window: 24,
    secretToken: SECRET,
    paceMs: 100,
    random,
  });
  const sending = sender.start();
  let kills = 0;
  let killsWhileSending = 0;
  for (let run = 0; run < CYCLES; run++) {
    const bot = start(run);
    sender.aim(`http://127.0.0.1:${await bot.ready}/`);
    await new Promise((resolve) => setTimeout(resolve, random() * 2.5 * MAX_HOLD_MS));
    sender.aim(undefined);
    const wasSending = sender.sending;
    if (await killHard(bot)) {
      kills++;
      if (wasSending) killsWhileSending++;
    }
  }
  const last = start(CYCLES);
  sender.aim(`http://127.0.0.1:${await last.ready}/`);
  await until(
    () => sender.done,
    120_000,
    "every update acknowledged",
    () => sender.acknowledged.size,
  );
  await sending;
  const replied = () =>
    new Set(telegram.calls.map((call) => (call.params.text as string).split(" ")[1])).size;
  await until(
    () => replied() === TOTAL,
    120_000,
    "a reply to every update",
    () => telegram.calls.length,
  );
  await until(() => inboxDrained(db), 30_000, "an empty inbox");
  await killHard(last);

  const lines = readFileSync(log, "utf8").trim().split("\n");
  const { runs, outOfOrder, lateHandled } = analyse(lines);
  const lost = [...sender.acknowledged].filter((id) => !runs.has(id));
  const handledTwice = [...runs.values()].filter((n) => n > 1).length;
  const replies = new Map<string, number>();
  for (const call of telegram.calls) {
    const id = (call.params.text as string).split(" ")[1]!;
    replies.set(id, (replies.get(id) ?? 0) + 1);
  }
  const repliedTwice = [...replies.values()].filter((n) => n > 1).length;
  // The fake server's record of the replies, per chat, tells the same story as the handler log.
  const lateLines = lines.filter((line) => line.startsWith("late "));
  const replyLines = telegram.calls.map(
    (call) => `handle ${call.params.text as string} ${call.params.chat_id}`,
  );
  const replyOrder = analyse([...lateLines, ...replyLines]);
  console.log(
    `durable webhook crash test: ${kills} kills (${killsWhileSending} while updates were still being sent), ` +
      `${sender.requests} requests (${sender.failures} without a 200), ${lines.length} log lines; ` +
      `${handledTwice} handlers run twice, ${repliedTwice} replies sent twice, ` +
      `${lateHandled} updates handled late (reported)`,
  );
  expect(sender.acknowledged.size).toBe(TOTAL);
  expect(lost).toEqual([]);
  // The lines of handlers that ran out of order without a report: none.
  expect(outOfOrder).toEqual([]);
  expect(replyOrder.outOfOrder).toEqual([]);
  // Only the updates not marked done at a kill run again: at most one per chat per kill.
  expect(handledTwice).toBeLessThanOrEqual(kills * CHATS);
}, 600_000);
