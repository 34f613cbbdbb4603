import type { Update } from "@telepot/core";
import { afterAll, expect, inject, it, vi } from "vitest";
import { RedisInbox, RedisWorker } from "../src/index.js";
import { Script } from "../src/script.js";
import { CLAIM_LUA } from "../src/scripts/claim.js";
import { clientPool, freshPrefix, textUpdate, until } from "./helpers/fixtures.js";

const { client, quitAll } = clientPool(inject("redisUrl"));
afterAll(quitAll);
const claim = new Script(CLAIM_LUA);

it("hands each conversation key to one worker at a time, in update_id order, keys in parallel", async () => {
  const prefix = freshPrefix();
  const feeder = new RedisInbox({ redis: client(), prefix });
  const seen = new Map<string, number[]>();
  let running = 0;
  let maxRunningPerKey = 0;
  let maxRunning = 0;
  const runningByKey = new Map<string, number>();
  const workers = [0, 1, 2].map(
    () =>
      new RedisWorker({
        inbox: new RedisInbox({ redis: client(), prefix }),
        batch: 3,
        pollIntervalMs: 20,
        handle: async (update: Update, conversation) => {
          const now = (runningByKey.get(conversation.key) ?? 0) + 1;
          runningByKey.set(conversation.key, now);
          maxRunningPerKey = Math.max(maxRunningPerKey, now);
          maxRunning = Math.max(maxRunning, ++running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          const list = seen.get(conversation.key) ?? [];
          list.push(update.update_id);
          seen.set(conversation.key, list);
          conversation.save(list.length);
          running--;
          runningByKey.set(conversation.key, now - 1);
        },
      }),
  );
  await Promise.all(workers.map((worker) => worker.start()));
  const updates = Array.from({ length: 300 }, (_, i) => textUpdate(i + 1, (i * 7) % 10));
  for (let i = 0; i < updates.length; i += 25) await feeder.append(updates.slice(i, i + 25));
  await until(async () => (await feeder.backlog()) === 0);
  await Promise.all(workers.map((worker) => worker.stop()));
  expect(maxRunningPerKey).toBe(1);
  expect(maxRunning).toBeGreaterThan(1);
  for (const [key, ids] of seen) {
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect((await feeder.loadState(key))?.value).toBe(ids.length);
  }
  expect([...seen.values()].flat().sort((a, b) => a - b)).toEqual(updates.map((u) => u.update_id));
  expect(workers.reduce((sum, worker) => sum + worker.stats.committed, 0)).toBe(300);
});

it("fences off a worker whose lease ran out: its commit writes nothing, the new holder's does", async () => {
  const prefix = freshPrefix();
  const redis = client();
  const inbox = new RedisInbox({ redis, prefix });
  await inbox.append([textUpdate(1, 9), textUpdate(2, 9)]);
  const first = (await claim.run(redis, [prefix, 60_000, 10, 10])) as string[][];
  expect(first.map((entry) => entry.slice(0, 2))).toEqual([["chat:9", "1"]]);
  // Held: nobody else gets the key.
  expect(await claim.run(redis, [prefix, 60_000, 10, 10])).toEqual([]);
  // Its lease runs out (set in the past rather than waited for: a loaded machine can take longer
  // than a short lease between two calls, and the key would not look held above).
  await redis.zadd(inbox.keys.claims, 0, "chat:9");
  const second = (await claim.run(redis, [prefix, 5_000, 10, 10])) as string[][];
  expect(second.map((entry) => entry.slice(0, 2))).toEqual([["chat:9", "2"]]);
  const stale = await inbox.completeFenced("chat:9", "1", 5_000, [
    { updateId: 1, states: [{ key: "chat:9", value: "stale" }] },
  ]);
  expect(stale).toBe(false);
  expect(await inbox.backlog()).toBe(2);
  expect(await inbox.loadState("chat:9")).toBeUndefined();
  const fresh = await inbox.completeFenced("chat:9", "2", 5_000, [
    { updateId: 1, states: [{ key: "chat:9", value: 1 }] },
  ]);
  expect(fresh).toBe(true);
  expect((await inbox.pending(10)).map((u) => u.update_id)).toEqual([2]);
  expect((await inbox.loadState("chat:9"))?.value).toBe(1);
});

it("gives a key up with its last commit, only with the key's current token", async () => {
  const prefix = freshPrefix();
  const redis = client();
  const inbox = new RedisInbox({ redis, prefix });
  await inbox.append([textUpdate(1, 4), textUpdate(2, 4), textUpdate(3, 5)]);
  const first = (await claim.run(redis, [prefix, 5_000, 1, 1])) as string[][];
  expect(first.map((entry) => entry.slice(0, 2))).toEqual([["chat:4", "1"]]);
  // A stale token commits and releases nothing: chat:4 stays claimed, chat:5 is the only work.
  expect(await inbox.completeFenced("chat:4", "0", 5_000, [{ updateId: 1 }], true)).toBe(false);
  const other = (await claim.run(redis, [prefix, 5_000, 2, 1])) as string[][];
  expect(other.map((entry) => entry.slice(0, 2))).toEqual([["chat:5", "1"]]);
  // Committed and released with its token: the key's next update (2) is claimable at once.
  expect(await inbox.completeFenced("chat:4", "1", 5_000, [{ updateId: 1 }], true)).toBe(true);
  expect(await redis.zscore(inbox.keys.claims, "chat:4")).toBeNull();
  const next = (await claim.run(redis, [prefix, 5_000, 1, 1])) as string[][];
  expect(next.map((entry) => [...entry.slice(0, 2), ...entry.slice(4)])).toEqual([
    ["chat:4", "2", "2", JSON.stringify(textUpdate(2, 4))],
  ]);
  expect(await redis.zscore(inbox.keys.claims, "chat:4")).not.toBeNull();
});

it("commits several claims in one call, each only while its own token holds", async () => {
  const prefix = freshPrefix();
  const redis = client();
  const inbox = new RedisInbox({ redis, prefix });
  await inbox.append([textUpdate(1, 4), textUpdate(2, 5), textUpdate(3, 5)]);
  const claimed = (await claim.run(redis, [prefix, 5_000, 2, 1])) as string[][];
  expect(claimed.map((entry) => entry.slice(0, 2))).toEqual([
    ["chat:4", "1"],
    ["chat:5", "1"],
  ]);
  const results = await inbox.completeClaims(5_000, [
    {
      key: "chat:4",
      token: "7",
      completions: [{ updateId: 1, states: [{ key: "chat:4", value: "stale" }] }],
    },
    {
      key: "chat:5",
      token: "1",
      release: true,
      completions: [{ updateId: 2, states: [{ key: "chat:5", value: 2 }] }],
    },
  ]);
  expect(results).toEqual([false, true]);
  expect((await inbox.pending(10)).map((u) => u.update_id)).toEqual([1, 3]);
  expect(await inbox.loadState("chat:4")).toBeUndefined();
  expect((await inbox.loadState("chat:5"))?.value).toBe(2);
  // chat:5 was given up with its commit: its next update is ready for any worker; chat:4 is still held.
  expect(await redis.zscore(inbox.keys.claims, "chat:5")).toBeNull();
  expect(await redis.zscore(inbox.keys.claims, "chat:4")).not.toBeNull();
  const next = (await claim.run(redis, [prefix, 5_000, 2, 1])) as string[][];
  expect(next.map((entry) => [...entry.slice(0, 2), ...entry.slice(4)])).toEqual([
    ["chat:5", "2", "3", JSON.stringify(textUpdate(3, 5))],
  ]);
});

it("a stalled worker loses its key to another after the lease and cannot commit when it wakes", async () => {
  const prefix = freshPrefix();
  const feeder = new RedisInbox({ redis: client(), prefix });
  let release: () => void = () => {};
  const stalled = new Promise<void>((resolve) => {
    release = resolve;
  });
  const handledBy: string[] = [];
  const leaseMs = 600;
  const slow = new RedisWorker({
    inbox: new RedisInbox({ redis: client(), prefix }),
    leaseMs,
    concurrency: 1, // busy with the stalled key: it claims nothing else meanwhile
    pollIntervalMs: 20,
    handle: async (update) => {
      handledBy.push(`slow:${update.update_id}`);
      await stalled;
    },
  });
  await slow.start();
  await feeder.append([textUpdate(1, 3), textUpdate(2, 3)]);
  await until(() => handledBy.length === 1);
  // Its lease runs out as if the process had stalled past it (its renewals, refused from now on,
  // keep it alive otherwise); by its own clock it may believe the key held for one more lease.
  await feeder.redis.zadd(feeder.keys.claims, 0, "chat:3");
  const expiredAt = performance.now();
  const fast = new RedisWorker({
    inbox: new RedisInbox({ redis: client(), prefix }),
    pollIntervalMs: 20,
    handle: (update, conversation) => {
      handledBy.push(`fast:${update.update_id}`);
      conversation.save(update.update_id);
    },
  });
  await fast.start();
  await until(async () => (await feeder.backlog()) === 0);
  const wait = expiredAt + leaseMs - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  release();
  await slow.stop();
  await fast.stop();
  // It starts nothing more (update 2 is not handled again), and its commit of update 1 is refused.
  expect(handledBy).toEqual(["slow:1", "fast:1", "fast:2"]);
  expect(slow.stats).toEqual({ committed: 0, lostClaims: 1 });
  expect((await feeder.loadState("chat:3"))?.value).toBe(2);
});

it("reports and skips an update whose record is gone or unreadable, and handles the key's others", async () => {
  const prefix = freshPrefix();
  const feeder = new RedisInbox({ redis: client(), prefix });
  await feeder.append([textUpdate(1, 7), textUpdate(2, 7), textUpdate(3, 7), textUpdate(4, 8)]);
  // Update 1's record is evicted; update 4 (alone in its chat) is damaged.
  await feeder.redis.hdel(feeder.keys.updates, "1");
  await feeder.redis.hset(feeder.keys.updates, "4", "{not json");
  const handled: number[] = [];
  const errors: string[] = [];
  const worker = new RedisWorker({
    inbox: new RedisInbox({ redis: client(), prefix }),
    pollIntervalMs: 20,
    onError: (error) => errors.push((error as Error).message),
    handle: (update) => {
      handled.push(update.update_id);
    },
  });
  await worker.start();
  await until(async () => (await feeder.backlog()) === 0);
  await worker.stop();
  expect(handled).toEqual([2, 3]);
  expect(errors.sort()).toEqual([
    "Update 1 of chat:7 cannot be handled and is skipped: its record is gone (evicted or deleted)",
    expect.stringMatching(/^Update 4 of chat:8 cannot be handled and is skipped: .*JSON/),
  ]);
  // Nothing left claimed or ready: the key is not claimed over and over.
  expect(await feeder.redis.zcard(feeder.keys.claims)).toBe(0);
  expect(await feeder.redis.zcard(feeder.keys.ready)).toBe(0);
});

it("gives the key up when it stops early past its lease by its own clock, so the next update need not wait a lease", async () => {
  const prefix = freshPrefix();
  const feeder = new RedisInbox({ redis: client(), prefix });
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const handled: number[] = [];
  // A lease far longer than the test's deadline: only a release lets update 2 be handled in time.
  const worker = new RedisWorker({
    inbox: new RedisInbox({ redis: client(), prefix }),
    leaseMs: 120_000,
    concurrency: 1,
    pollIntervalMs: 20,
    handle: async (update, conversation) => {
      handled.push(update.update_id);
      if (update.update_id === 1) await gate;
      conversation.save(update.update_id);
    },
  });
  await feeder.append([textUpdate(1, 6), textUpdate(2, 6)]);
  await worker.start();
  await until(() => handled.length === 1);
  // The process's clock jumps past the lease while update 1 is handled (as after a long pause):
  // by its own reckoning it may start nothing more under this claim.
  const realNow = performance.now.bind(performance);
  const clock = vi.spyOn(performance, "now").mockImplementation(() => realNow() + 240_000);
  try {
    release();
    await until(() => handled.length === 2, 30_000);
  } finally {
    clock.mockRestore();
  }
  await until(async () => (await feeder.backlog()) === 0);
  await worker.stop();
  expect(handled).toEqual([1, 2]);
  expect((await feeder.loadState("chat:6"))?.value).toBe(2);
  expect(worker.stats).toEqual({ committed: 2, lostClaims: 0 });
});

it("hands a conversation past its idle deadline to one worker's idle handler, then forgets it", async () => {
  const prefix = freshPrefix();
  const feeder = new RedisInbox({ redis: client(), prefix });
  await feeder.append([textUpdate(1, 4), textUpdate(2, 5)]);
  const now = Date.now();
  // Chat 4 goes idle at once; chat 5 only in an hour; chat 6 has no deadline.
  await feeder.complete([
    { updateId: 1, states: [{ key: "chat:4", value: { secret: 42 }, idleAtMs: now - 1 }] },
    { updateId: 2, states: [{ key: "chat:5", value: { secret: 7 }, idleAtMs: now + 3_600_000 }] },
    { states: [{ key: "chat:6", value: { secret: 1 } }] },
  ]);
  const expired: unknown[] = [];
  const workers = [0, 1].map(
    () =>
      new RedisWorker({
        inbox: new RedisInbox({ redis: client(), prefix }),
        pollIntervalMs: 20,
        handle: () => {},
        onIdle: (conversation) => {
          expired.push([conversation.key, conversation.state?.value]);
        },
      }),
  );
  await Promise.all(workers.map((worker) => worker.start()));
  await until(async () => (await feeder.loadState("chat:4")) === undefined);
  await new Promise((resolve) => setTimeout(resolve, 100)); // a second expiry would show by now
  await Promise.all(workers.map((worker) => worker.stop()));
  expect(expired).toEqual([["chat:4", { secret: 42 }]]);
  expect((await feeder.loadState("chat:5"))?.value).toEqual({ secret: 7 });
  expect((await feeder.loadState("chat:6"))?.value).toEqual({ secret: 1 });
  expect(await feeder.redis.zrange(feeder.keys.idle, 0, -1)).toEqual(["chat:5"]);
});

it("gives up a claim with nothing readable to handle in the commit batch, not in a call of its own", async () => {
  const prefix = freshPrefix();
  const feeder = new RedisInbox({ redis: client(), prefix });
  await feeder.append([textUpdate(1, 8)]);
  // The update's record is gone (as if damaged): the claim comes with no update to handle.
  await feeder.redis.hdel(feeder.keys.updates, "1");
  const inbox = new RedisInbox({ redis: client(), prefix });
  const commits = vi.spyOn(inbox, "completeClaims");
  const handled: number[] = [];
  const worker = new RedisWorker({
    inbox,
    concurrency: 1,
    pollIntervalMs: 20,
    onError: () => {}, // the skipped update is reported (tested above)
    handle: (update) => void handled.push(update.update_id),
  });
  await worker.start();
  await until(() => commits.mock.calls.length > 0);
  await worker.stop();
  const [, claims] = commits.mock.calls[0] ?? [];
  expect(claims?.map(({ key, release }) => ({ key, release }))).toEqual([{ key: "chat:8", release: true }]);
  // The unreadable update is marked done with it (else the key would be claimed for ever).
  expect(claims?.[0]?.completions.map((completion) => completion.updateId)).toEqual([1, undefined]);
  expect(await commits.mock.results[0]?.value).toEqual([true]);
  expect(handled).toEqual([]);
  expect(worker.stats.committed).toBe(0);
});
