// Real processes, real faults: 4 workers and 2 receivers (webhook endpoints and polling
// candidates) on one Redis; 5,000 updates over 200 chats, half through webhooks (each chat's in
// order, re-sent on failure as Telegram does), half through getUpdates. Meanwhile: SIGKILL of
// random workers and of the polling leader, a SIGSTOP of a worker past its lease (then SIGCONT),
// and a SIGKILL + restart of Redis (AOF, appendfsync always). Nothing may be lost, no chat's
// updates handled out of order, every update counted once in the committed states; handlers and
// replies run twice are counted and printed.
import { fileURLToPath } from "node:url";
import type { Update } from "@telepot/core";
import { Redis } from "ioredis";
import { afterAll, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../src/testing.js";
import { FakeTelegram } from "./helpers/fake-telegram.js";
import { freshPrefix, textUpdate, until } from "./helpers/fixtures.js";
import { type Child, kill, startChild } from "./helpers/processes.js";

const WORKER = fileURLToPath(new URL("./fixtures/worker-child.mjs", import.meta.url));
const RECEIVER = fileURLToPath(new URL("./fixtures/receiver-child.mjs", import.meta.url));
const TOTAL = 5_000;
const CHATS = 200;
const LEASE_MS = 1_000;
const CONCURRENCY = 8;
const RELEASE_PER_100_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

it("loses nothing and keeps each chat's order through worker, leader and Redis crashes", async () => {
  const started = Date.now();
  const phases: string[] = [];
  const phase = (name: string) => phases.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const server: RedisServer = await startRedisServer();
  cleanups.push(() => server.stop());
  const redis = new Redis(server.url);
  redis.on("error", () => {}); // reconnects after the restart by itself
  cleanups.push(() => void redis.disconnect());
  const prefix = freshPrefix();

  const updates = Array.from({ length: TOTAL }, (_, i) => textUpdate(i + 1, ((i * 37) % CHATS) + 1));
  const byWebhook = updates.filter((u) => (u.message?.chat.id ?? 0) <= CHATS / 2);
  const byPolling = updates.filter((u) => (u.message?.chat.id ?? 0) > CHATS / 2);
  const telegram = new FakeTelegram(byPolling);
  const telegramUrl = await telegram.listen();
  cleanups.push(() => telegram.close());

  const children = new Set<Child>();
  cleanups.push(async () => {
    for (const child of children) child.process.kill("SIGKILL");
  });
  const startWorker = (name: string) => {
    const child = startChild(WORKER, [
      server.url,
      prefix,
      telegramUrl,
      name,
      String(LEASE_MS),
      String(CONCURRENCY),
    ]);
    children.add(child);
    return child;
  };
  const receiverPorts = new Map<string, number>();
  // Each start is a new polling candidate (a restarted process does not inherit the lease).
  const nameOfCandidate = new Map<string, string>();
  let receiverStarts = 0;
  const startReceiver = (name: string) => {
    const candidate = `${name}.${receiverStarts++}`;
    nameOfCandidate.set(candidate, name);
    const child = startChild(RECEIVER, [server.url, prefix, telegramUrl, candidate, String(LEASE_MS)]);
    children.add(child);
    receiverPorts.delete(name);
    void child.ready.then((line) => receiverPorts.set(name, Number(line.split(" ")[1])));
    return child;
  };
  const workers = ["w0", "w1", "w2", "w3"].map(startWorker);
  await Promise.all(workers.map((worker) => worker.ready));
  const receivers = new Map([
    ["r0", startReceiver("r0")],
    ["r1", startReceiver("r1")],
  ]);
  await Promise.all([...receivers.values()].map((receiver) => receiver.ready));

  // "Telegram" receives updates over time: release them at a steady pace.
  let released = 0;
  const pace = setInterval(() => {
    released += RELEASE_PER_100_MS;
    telegram.release(Math.floor(released / 2));
  }, 100);
  cleanups.push(() => clearInterval(pace));

  // Webhook delivery: each chat's updates one after the other, to either receiver, re-sent until 200.
  const chats = new Map<number, Update[]>();
  for (const update of byWebhook) {
    const chat = update.message?.chat.id ?? 0;
    chats.set(chat, [...(chats.get(chat) ?? []), update]);
  }
  const deliver = async (update: Update) => {
    for (;;) {
      const name = Math.random() < 0.5 ? "r0" : "r1";
      const port = receiverPorts.get(name);
      try {
        if (port === undefined) throw new Error("receiver starting");
        const response = await fetch(`http://127.0.0.1:${port}/`, {
          method: "POST",
          body: JSON.stringify(update),
          signal: AbortSignal.timeout(5_000),
        });
        if (response.ok) return;
      } catch {
        // receiver down or Redis restarting: Telegram retries later
      }
      await sleep(50);
    }
  };
  const webhooks = Promise.all(
    [...chats.values()].map(async (list) => {
      for (const update of list) {
        while (updates.indexOf(update) >= released) await sleep(20);
        await deliver(update);
      }
    }),
  );

  // Faults, spread over the run.
  let processFaults = 0;
  let redisRestarts = 0;
  const randomWorker = () => Math.floor(Math.random() * workers.length);
  const killWorker = async (index = randomWorker()) => {
    const victim = workers[index] as Child;
    await kill(victim);
    children.delete(victim);
    workers[index] = startWorker(`w${index}-${processFaults}`);
    processFaults++;
  };
  const killLeader = async () => {
    const name = nameOfCandidate.get((await redis.get(`${prefix}leader`)) ?? "") ?? "r0";
    const victim = receivers.get(name) as Child;
    await kill(victim);
    children.delete(victim);
    receivers.set(name, startReceiver(name));
    processFaults++;
  };
  await sleep(1_000);
  await killWorker();
  await sleep(700);
  await killLeader();
  await sleep(700);
  const stoppedIndex = randomWorker();
  const stopped = workers[stoppedIndex] as Child;
  stopped.process.kill("SIGSTOP");
  processFaults++;
  await sleep(700);
  await killWorker((stoppedIndex + 1) % workers.length);
  await sleep(LEASE_MS * 2);
  stopped.process.kill("SIGCONT");
  await sleep(500);
  await server.restart();
  redisRestarts++;
  await sleep(1_000);
  await killWorker();
  await sleep(700);
  await killLeader();

  phase("faults done");
  await webhooks;
  phase("webhooks delivered");
  const expected = new Map<number, number>();
  for (const update of updates) {
    const chat = update.message?.chat.id ?? 0;
    expected.set(chat, (expected.get(chat) ?? 0) + 1);
  }
  const counted = async () => {
    const states = await redis.hgetall(`${prefix}state`);
    return Object.values(states).reduce((sum, record) => sum + (JSON.parse(record).value.count as number), 0);
  };
  try {
    await until(
      async () => (await counted()) >= TOTAL && (await redis.zcard(`${prefix}pending`)) === 0,
      60_000,
    );
  } catch (error) {
    const pending = await redis.zcard(`${prefix}pending`);
    const claims = await redis.zrange(`${prefix}claims`, 0, -1, "WITHSCORES");
    const ready = await redis.zcard(`${prefix}ready`);
    throw new Error(
      `stuck: counted ${await counted()}, pending ${pending}, ready ${ready}, claims ${claims.join(" ")}, ` +
        `unconfirmed at Telegram ${telegram.unconfirmed}, handled ${telegram.handled.length}`,
      { cause: error },
    );
  }
  clearInterval(pace);
  phase("all handled");

  // Figures.
  const handledIds = new Set(telegram.handled.map((r) => r.id));
  const lost = updates.filter((u) => !handledIds.has(u.update_id)).length;
  const idsOfChat = new Map<number, number[]>();
  for (const update of updates) {
    const chat = update.message?.chat.id ?? 0;
    idsOfChat.set(chat, [...(idsOfChat.get(chat) ?? []), update.update_id]);
  }
  const seen = new Set<number>();
  let orderViolations = 0;
  for (const { id, chat } of telegram.handled) {
    const earlier = (idsOfChat.get(chat) ?? []).filter((other) => other < id);
    if (earlier.some((other) => !seen.has(other))) orderViolations++;
    seen.add(id);
  }
  const states = await redis.hgetall(`${prefix}state`);
  let miscounted = 0;
  for (const [chat, count] of expected) {
    const record = states[`chat:${chat}`];
    const value = record ? (JSON.parse(record).value as { count: number; last: number }) : undefined;
    const ids = idsOfChat.get(chat) ?? [];
    if (value?.count !== count || value.last !== ids[ids.length - 1]) miscounted++;
  }
  // A worker's crash can repeat, in each of its slots, the update in hand and the one whose commit
  // was in flight meanwhile; a Redis restart longer than the lease, those of every slot across
  // the workers.
  const bound = 2 * (processFaults * CONCURRENCY + redisRestarts * workers.length * CONCURRENCY);
  // Replies are journaled: one that was sent is not sent again by a re-run, and one in flight at a
  // fault is not repeated either (the handler gets an "interrupted" error). At most one per fault
  // may repeat; one per key in hand across the workers for a Redis restart.
  const replyBound = processFaults + redisRestarts * workers.length * CONCURRENCY;
  const handlerDuplicates = telegram.handled.length - handledIds.size;
  const replyDuplicates = telegram.replies.length - new Set(telegram.replies.map((r) => r.id)).size;
  console.log(
    `redis faults: ${TOTAL} updates over ${CHATS} chats, 4 workers, 2 receivers, ${processFaults} process faults ` +
      `(worker and leader SIGKILLs, a SIGSTOP past the lease) and ${redisRestarts} Redis restart: lost ${lost}, ` +
      `order violations ${orderViolations}, chats miscounted ${miscounted}, handlers run twice ` +
      `${handlerDuplicates} (bound: ${bound}, two per slot per fault), replies sent twice ` +
      `${replyDuplicates} (bound: ${replyBound}), replies in flight at a fault and not repeated ` +
      `${telegram.interrupted.length}; polls by candidate ${JSON.stringify(Object.fromEntries(telegram.polls))}; ` +
      phases.join(", "),
  );
  expect(lost).toBe(0);
  // The first leader and one new leader after each of the 2 leader kills, at least.
  expect(telegram.polls.size).toBeGreaterThanOrEqual(3);
  expect(orderViolations).toBe(0);
  expect(miscounted).toBe(0);
  expect(handlerDuplicates).toBeLessThanOrEqual(bound);
  expect(replyDuplicates).toBeLessThanOrEqual(replyBound);
}, 300_000);
