import { Redis } from "ioredis";
import { afterAll, beforeEach, expect, inject, it } from "vitest";
import { RedisInbox } from "../src/index.js";
import { freshPrefix, textUpdate } from "./helpers/fixtures.js";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.quit());
let inbox: RedisInbox;
beforeEach(() => {
  inbox = new RedisInbox({ redis, prefix: freshPrefix(), rememberHandled: 3 });
});

it("appends idempotently on update_id and answers only the new updates", async () => {
  const added = await inbox.append([textUpdate(2, 1), textUpdate(1, 1), textUpdate(3, 2)]);
  expect(added.map((u) => u.update_id)).toEqual([2, 1, 3]);
  const again = await inbox.append([textUpdate(3, 2), textUpdate(4, 2)]);
  expect(again.map((u) => u.update_id)).toEqual([4]);
  expect((await inbox.pending(10)).map((u) => u.update_id)).toEqual([1, 2, 3, 4]);
  expect(await inbox.backlog()).toBe(4);
  expect((await inbox.pending(2)).map((u) => u.update_id)).toEqual([1, 2]);
});

it("never takes back a handled update, also once its tombstone is pruned", async () => {
  await inbox.append([1, 2, 3, 4, 5].map((id) => textUpdate(id, 7)));
  await inbox.complete([1, 2, 3, 4, 5].map((updateId) => ({ updateId })));
  expect(await inbox.backlog()).toBe(0);
  // 3 tombstones kept (4 and 5 and 3); 1 and 2 fall under the floor: still refused.
  expect(await inbox.append([1, 2, 5].map((id) => textUpdate(id, 7)))).toEqual([]);
  expect(await redis.zcard(inbox.keys.done)).toBe(3);
  expect((await inbox.append([textUpdate(6, 7)])).map((u) => u.update_id)).toEqual([6]);
});

it("marks done and saves or removes conversation state in one step", async () => {
  await inbox.append([textUpdate(1, 5), textUpdate(2, 5)]);
  await inbox.complete([
    { updateId: 1, states: [{ key: "chat:5", value: { tries: 1, list: [] }, idleAtMs: 99 }] },
  ]);
  expect(await inbox.loadState("chat:5")).toEqual({
    key: "chat:5",
    value: { tries: 1, list: [] },
    idleAtMs: 99,
  });
  expect((await inbox.pending(10)).map((u) => u.update_id)).toEqual([2]);
  await inbox.complete([{ updateId: 2, states: [{ key: "chat:5" }] }]);
  expect(await inbox.loadState("chat:5")).toBeUndefined();
  await inbox.complete([{ states: [{ key: "chat:6", value: 1 }] }]);
  expect(await inbox.states()).toEqual([{ key: "chat:6", value: 1 }]);
});

it("refuses an update without an integer update_id, and a stored state it did not write", async () => {
  await expect(inbox.append([{ update_id: 1.5 } as never])).rejects.toThrow(/integer update_id/);
  await redis.hset(inbox.keys.state, "chat:1", JSON.stringify([1]));
  await expect(inbox.loadState("chat:1")).rejects.toThrow(/not a state record/);
});

it("takes a known or lower id as new after a long silence (Telegram's new sequence of ids)", async () => {
  await inbox.append([1, 2, 3, 4, 5].map((id) => textUpdate(id, 7)));
  await inbox.complete([1, 2, 3, 4, 5].map((updateId) => ({ updateId })));
  // Within the silence: repeats, and ids under the floor count as done.
  expect(await inbox.append([textUpdate(2, 7), textUpdate(5, 7)])).toEqual([]);
  // The last new update was appended 7 days ago (by Redis's clock, which the script reads).
  const [seconds] = await redis.time();
  const weekAgoMs = Number(seconds) * 1000 - 7 * 24 * 60 * 60 * 1000;
  await redis.set(`${inbox.prefix}last_append`, weekAgoMs);
  const fresh = await inbox.append([textUpdate(2, 7), textUpdate(3, 7)]);
  expect(fresh.map((u) => u.update_id)).toEqual([2, 3]);
  expect((await inbox.pending(10)).map((u) => u.update_id)).toEqual([2, 3]);
  // The new sequence goes on as usual: a repeat of it is a repeat.
  await inbox.complete([{ updateId: 2 }]);
  expect(await inbox.append([textUpdate(2, 7)])).toEqual([]);
});

it("keeps a known id a repeat after a long silence while updates are pending", async () => {
  await inbox.append([textUpdate(10, 7), textUpdate(11, 7)]);
  await inbox.complete([{ updateId: 10 }]);
  const [seconds] = await redis.time();
  await redis.set(`${inbox.prefix}last_append`, Number(seconds) * 1000 - 30 * 24 * 60 * 60 * 1000);
  expect(await inbox.append([textUpdate(10, 7)])).toEqual([]);
  expect((await inbox.pending(10)).map((u) => u.update_id)).toEqual([11]);
});
