// The flood script's own cost: one call reads the pause key once, however many queued sends a
// freed lane's hand-over looks at (seen through MONITOR, which lists a script's commands).
import { randomUUID } from "node:crypto";
import { afterAll, expect, inject, it } from "vitest";
import { Script } from "../src/script.js";
import { FLOOD_LUA } from "../src/scripts/flood.js";
import { clientPool, freshPrefix, until } from "./helpers/fixtures.js";

const { client, quitAll } = clientPool(inject("redisUrl"));
afterAll(quitAll);
const flood = new Script(FLOOD_LUA);
const INTERVAL_MS = 0;
const PER_MINUTE = 20;
const IN_FLIGHT_MS = 60_000;

it("reads the pause once per call, not once per queued send a hand-over scans", async () => {
  const prefix = freshPrefix();
  const redis = client();
  const admit = (chat: number, ticket: string) =>
    flood.run(redis, [prefix, "admit", chat, 0, 1, INTERVAL_MS, PER_MINUTE, ticket, IN_FLIGHT_MS]);
  // One lane, taken by chat 1; the sends of chats 2 to 6 queue behind it.
  expect((await admit(1, "t1")) as number[]).toEqual([1, expect.any(Number), expect.any(Number)]);
  for (let chat = 2; chat <= 6; chat++) expect(((await admit(chat, `t${chat}`)) as number[])[0]).toBe(0);
  expect(await redis.zcard(`${prefix}flood:queue`)).toBe(5);
  // A 429 holds every send: the answer that frees the lane finds no queued send that may go.
  await flood.run(redis, [prefix, "pause", 60_000]);

  const monitor = await client().monitor();
  const pauseReads: string[][] = [];
  let seenMarker = false;
  const marker = randomUUID();
  monitor.on("monitor", (_time: string, args: string[]) => {
    const [command = "", key] = args;
    if (command.toLowerCase() === "get" && key === `${prefix}flood:pause`) pauseReads.push(args);
    if (command.toLowerCase() === "echo" && key === marker) seenMarker = true;
  });
  try {
    await flood.run(redis, [prefix, "done", 1, "t1", INTERVAL_MS, PER_MINUTE, IN_FLIGHT_MS]);
    await redis.echo(marker);
    await until(() => seenMarker);
  } finally {
    monitor.disconnect();
  }
  expect(pauseReads).toHaveLength(1);
  // It did look at every queued send: all still wait, and the lane is free for later.
  expect(await redis.zcard(`${prefix}flood:queue`)).toBe(5);
  expect(await redis.zcard(`${prefix}flood:lanes`)).toBe(1);
});
