// Fault test of the webhook path: updates delivered shuffled in windows of 10, 15% of them sent
// twice, over 40 keep-alive connections at once, the numbering starting high (as after a restart
// with a backlog). Every acknowledged update is handled exactly once, and each chat's updates in
// update_id order, except the ones reported late.
import { once } from "node:events";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it } from "vitest";
import { seededRandom } from "../../core/test/fixtures/seeded-random.js";
import { Bot, nodeHttpWebhook, type UpdateContext, UpdateQueue } from "../src/index.js";
import { message } from "./receive-telegram.js";

const UPDATES = 600;
const CONNECTIONS = 40;
const FIRST_ID = 912_345_678;

// The ids in delivery order: each window of 10 shuffled, and 15% of the ids delivered again.
function deliveryOrder(next: () => number): number[] {
  const order: number[] = [];
  for (let start = 0; start < UPDATES; start += 10) {
    const window = Array.from({ length: 10 }, (_, i) => FIRST_ID + start + i);
    for (let i = window.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [window[i], window[j]] = [window[j] as number, window[i] as number];
    }
    for (const id of window) {
      order.push(id);
      if (next() < 0.15) order.push(FIRST_ID + Math.floor(next() * (start + 10)));
    }
  }
  return order;
}

function post(agent: Agent, port: number, body: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/",
        headers: { "content-type": "application/json" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    req.end(body);
  });
}

it("handles every acknowledged update exactly once, in per-chat order except reported late ones", async () => {
  const queue = new UpdateQueue();
  const server = createServer(nodeHttpWebhook(queue));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  const bot = new Bot("1:unused", { apiRoot: "http://127.0.0.1:9" });
  const handled: { id: number; chat: number }[] = [];
  const late = new Set<number>();
  const errors: unknown[] = [];
  const loop = bot.messageLoop(
    async (_payload, context: UpdateContext) => {
      const chat = context.kind === "message" ? context.payload.chat.id : 0;
      handled.push({ id: context.update.update_id, chat });
      await new Promise((resolve) => setImmediate(resolve));
    },
    {
      source: queue,
      maxHold: 300,
      onLate: (update) => late.add(update.update_id),
      onError: (e) => errors.push(e),
    },
  );

  const order = deliveryOrder(seededRandom(2026));
  const acknowledged = new Set<number>();
  let at = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      while (at < order.length) {
        const id = order[at++] as number;
        const body = JSON.stringify({ update_id: id, ...message(1 + (id % 7), `#${id}`) });
        if ((await post(agent, port, body)) === 200) acknowledged.add(id);
      }
      agent.destroy();
    }),
  );
  await expect.poll(() => handled.length).toBeGreaterThanOrEqual(acknowledged.size);
  await loop.stop();
  server.close();

  expect(acknowledged.size).toBe(UPDATES);
  const ids = handled.map((h) => h.id);
  expect(new Set(ids).size).toBe(ids.length); // nothing twice
  expect(new Set(ids)).toEqual(acknowledged); // nothing lost
  expect(errors).toEqual([]);
  const byChat = new Map<number, number[]>();
  for (const { id, chat } of handled) if (!late.has(id)) byChat.set(chat, [...(byChat.get(chat) ?? []), id]);
  for (const chatIds of byChat.values()) expect(chatIds).toEqual([...chatIds].sort((a, b) => a - b));
  console.log(`fault test: ${order.length} deliveries, ${UPDATES} updates, ${late.size} late`);
});
