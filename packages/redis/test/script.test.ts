import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, expect, inject, it, vi } from "vitest";
import { Script } from "../src/script.js";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.quit());

it("loads a script Redis does not know once for a burst of calls, not once per call", async () => {
  // A source no other test runs, so Redis's script cache cannot know it yet.
  const suffix = randomUUID();
  const script = new Script(`return ARGV[1] .. '${suffix}'`);
  const loads = vi.spyOn(redis, "script");
  const evals = vi.spyOn(redis, "eval");
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => script.run(redis, [`a${i}`])));
  expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => `a${i}${suffix}`));
  expect(loads).toHaveBeenCalledTimes(1);
  expect(evals).not.toHaveBeenCalled();
  // Known from now on: no load at all.
  await script.run(redis, ["b"]);
  expect(loads).toHaveBeenCalledTimes(1);
});
