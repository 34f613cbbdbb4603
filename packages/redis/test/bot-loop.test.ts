// RedisInbox is a plain core Inbox: the async Bot's own polling loop takes it as `{ inbox }`
// (one process; the cluster pieces are RedisWorker and PollingLeader).
import { Bot } from "@telepot/async";
import { start } from "@telepot/emulator";
import { Redis } from "ioredis";
import { afterAll, expect, inject, it } from "vitest";
import { RedisInbox } from "../src/index.js";
import { freshPrefix, until } from "./helpers/fixtures.js";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.quit());

it("serves as the inbox of the async Bot's polling loop: each update handled once, then done", async () => {
  const emulator = await start({ port: 0 });
  try {
    const handle = emulator.driver.createBot({ username: "inbox_bot" });
    const user = emulator.driver.createUser({ firstName: "Ina" });
    const inbox = new RedisInbox({ redis, prefix: freshPrefix() });
    const bot = new Bot(handle.token, { apiRoot: emulator.apiRoot });
    const seen: string[] = [];
    const loop = bot.messageLoop(
      async (msg) => {
        seen.push((msg as { text?: string }).text ?? "");
      },
      { inbox, timeout: 1 },
    );
    for (const text of ["one", "two", "three"]) user.send(handle, text);
    await until(() => seen.length === 3);
    await loop.stop();
    await bot.dispose();
    expect(seen).toEqual(["one", "two", "three"]);
    await until(async () => (await inbox.backlog()) === 0);
    expect(await redis.zcard(inbox.keys.done)).toBe(3);
  } finally {
    await emulator.close();
  }
});
