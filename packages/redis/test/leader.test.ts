import type { Update } from "@telepot/core";
import { Redis } from "ioredis";
import { afterAll, expect, inject, it } from "vitest";
import { PollingLeader, RedisInbox } from "../src/index.js";
import { freshPrefix, textUpdate, until } from "./helpers/fixtures.js";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.quit());

it("one candidate polls at a time; the next resumes from the stored offset", async () => {
  const prefix = freshPrefix();
  const inbox = new RedisInbox({ redis, prefix });
  const telegram = Array.from({ length: 40 }, (_, i) => textUpdate(i + 1, i % 4));
  const fetchedBy: { id: string; offset: number }[] = [];
  const candidate = (id: string) =>
    new PollingLeader({
      inbox,
      id,
      leaseMs: 300,
      fetch: async (offset): Promise<readonly Update[]> => {
        fetchedBy.push({ id, offset });
        await new Promise((resolve) => setTimeout(resolve, 5));
        return telegram.filter((u) => u.update_id >= offset).slice(0, 5);
      },
    });
  const a = candidate("a");
  const b = candidate("b");
  a.start();
  await until(() => a.leading);
  b.start();
  await until(async () => (await inbox.backlog()) >= 10);
  expect(b.leading).toBe(false);
  expect(fetchedBy.every((f) => f.id === "a")).toBe(true);
  await a.stop();
  const storedByA = Number(await redis.get(inbox.keys.offset));
  expect(storedByA).toBeGreaterThan(10);
  await until(() => fetchedBy.some((f) => f.id === "b"));
  expect(fetchedBy.find((f) => f.id === "b")?.offset).toBe(storedByA);
  await until(async () => (await inbox.backlog()) === 40);
  await b.stop();
  expect((await inbox.pending(100)).map((u) => u.update_id)).toEqual(telegram.map((u) => u.update_id));
});

it("only the lease holder moves the stored offset", async () => {
  const prefix = freshPrefix();
  const inbox = new RedisInbox({ redis, prefix });
  await redis.set(inbox.keys.leader, "holder", "PX", 10_000);
  await inbox.appendPolled([textUpdate(1, 1)], 2, "deposed");
  expect(await redis.get(inbox.keys.offset)).toBeNull();
  expect(await inbox.backlog()).toBe(1);
  await inbox.appendPolled([textUpdate(2, 1)], 3, "holder");
  expect(await redis.get(inbox.keys.offset)).toBe("3");
  await inbox.appendPolled([], 2, "holder");
  expect(await redis.get(inbox.keys.offset)).toBe("3");
});
