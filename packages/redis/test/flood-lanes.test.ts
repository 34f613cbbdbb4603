// The shared flood limiter's lanes, in one process with two limiters standing for two processes:
// a send is admitted with a reserved start; once every lane is in use, the answer that frees one
// hands it to the first waiting send, which starts no sooner than a second after that answer; a
// send given up frees its lane or its place. Times are checked only from below (a loaded machine
// makes everything later, never earlier).
import { afterAll, expect, inject, it } from "vitest";
import { RedisFloodLimiter } from "../src/index.js";
import { clientPool, freshPrefix } from "./helpers/fixtures.js";

const { client, quitAll } = clientPool(inject("redisUrl"));
const limiters: RedisFloodLimiter[] = [];
afterAll(async () => {
  for (const limiter of limiters) limiter.close();
  await quitAll();
});

/** Two limiters on separate connections, as two processes of one bot would have. */
function twoProcesses(perSecond: number): [RedisFloodLimiter, RedisFloodLimiter] {
  const prefix = freshPrefix();
  const make = () => {
    const redis = client();
    const limiter = new RedisFloodLimiter({ redis, prefix, perSecond });
    limiters.push(limiter);
    return limiter;
  };
  return [make(), make()];
}

it("hands a lane freed by an answer to the first waiting send, a second after that answer", async () => {
  const [a, b] = twoProcesses(2);
  const first = await a.acquire(1);
  const second = await b.acquire(2);
  // Both lanes in use: the next sends wait, in the order they asked.
  const order: number[] = [];
  const third = b.acquire(3).then((release) => {
    order.push(3);
    return release;
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const fourth = a.acquire(4).then((release) => {
    order.push(4);
    return release;
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(order).toEqual([]);
  const answered = performance.now();
  first();
  (await third)();
  expect(performance.now() - answered).toBeGreaterThanOrEqual(1000);
  expect(order).toEqual([3]);
  second();
  (await fourth)();
  expect(order).toEqual([3, 4]);
});

it("keeps a chat's sends a chat interval apart, counted from the previous answer", async () => {
  const [a, b] = twoProcesses(30);
  const release = await a.acquire(7);
  const next = b.acquire(7);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const answered = performance.now();
  release();
  (await next)();
  expect(performance.now() - answered).toBeGreaterThanOrEqual(1000);
});

it("frees the place or the lane of a send given up", async () => {
  const [a, b] = twoProcesses(1);
  const release = await a.acquire(1);
  const abort = new AbortController();
  const givenUp = b.acquire(2, abort.signal);
  const later = a.acquire(3);
  await new Promise((resolve) => setTimeout(resolve, 100));
  abort.abort(new Error("given up"));
  await expect(givenUp).rejects.toThrow("given up");
  const answered = performance.now();
  release();
  // The lane goes to the send that still waits, a second after the answer.
  (await later)();
  expect(performance.now() - answered).toBeGreaterThanOrEqual(1000);
});
