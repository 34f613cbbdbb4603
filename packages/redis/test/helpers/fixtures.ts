// Small builders the tests share: text updates in a chat, and a fresh key prefix per test so
// test files share one redis-server without seeing each other's data.
import { randomUUID } from "node:crypto";
import type { Update } from "@telepot/core";
import { Redis } from "ioredis";

/** A text message update `id` in chat `chat`. */
export function textUpdate(id: number, chat: number, text = `m${id}`): Update {
  return {
    update_id: id,
    message: {
      message_id: id,
      date: 0,
      chat: {
        id: chat,
        type: chat < 0 ? "group" : "private",
        ...(chat < 0 ? { title: "g" } : { first_name: "u" }),
      },
      text,
    },
  } as Update;
}

/** A key prefix no other test uses. */
export function freshPrefix(): string {
  return `test:{${randomUUID()}}:`;
}

/** Waits for a condition; see core's test fixture. */
export { until } from "../../../core/test/fixtures/until.js";

/** Redis clients made on demand for one test file; `quitAll` (for afterAll) closes them all. */
export function clientPool(url: string): { client(): Redis; quitAll(): Promise<unknown> } {
  const clients: Redis[] = [];
  return {
    client() {
      const redis = new Redis(url);
      clients.push(redis);
      return redis;
    },
    quitAll: () => Promise.all(clients.map((redis) => redis.quit())),
  };
}
