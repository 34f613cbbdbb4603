// A webhook service stopped with SIGTERM under a steady stream of deliveries over keep-alive
// connections: nothing is acknowledged (200) once the stop has begun, and every update that was
// acknowledged is handled before the process exits.
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { type Emulator, start } from "@telepot/emulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AppProcess, freePort } from "../src/testing.js";

const ENTRY = fileURLToPath(new URL("./fixtures/webhook-app.mjs", import.meta.url));

let emu: Emulator;
beforeAll(async () => {
  emu = await start({ port: 0, web: false });
});
afterAll(async () => {
  await emu.close();
});

interface Delivery {
  readonly sentAt: number;
  readonly status: number | string;
}

function post(agent: Agent, port: number, id: number): Promise<number | string> {
  const body = JSON.stringify({
    update_id: id,
    message: { message_id: id, date: 0, chat: { id: 1 + (id % 5), type: "private" }, text: `#${id}` },
  });
  return new Promise((resolve) => {
    const headers = { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) };
    const req = request({ agent, host: "127.0.0.1", port, path: "/hook", method: "POST", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    // The body comes in two parts, as over a slow network: the connection is busy most of the time.
    req.write(body.slice(0, 10));
    setTimeout(() => req.end(body.slice(10)), 20);
  });
}

it("acknowledges nothing once a SIGTERM stop has begun, and handles everything it acknowledged", async () => {
  const handle = emu.driver.createBot();
  const port = await freePort();
  const app = AppProcess.start(ENTRY, {
    TELEGRAM_BOT_TOKEN: handle.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
    PORT: String(port),
    HOST: "127.0.0.1",
  });
  await app.waitForLog("started", 30_000);
  let stopSeenAt = Number.POSITIVE_INFINITY;
  void app.waitForLog("stopping", 60_000).then(() => {
    stopSeenAt = performance.now();
  });
  let exited = false;
  void app.exited.then(() => {
    exited = true;
  });
  const deliveries: Delivery[] = [];
  let nextId = 1000;
  // Eight clients, each on its own keep-alive connection, post one update after another.
  const clients = Array.from({ length: 8 }, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    // Until the process exits, or for 3 s after the stop began (a server that never stops would
    // otherwise be fed for ever).
    while (!exited && performance.now() < stopSeenAt + 3000) {
      const sentAt = performance.now();
      const status = await post(agent, port, nextId++);
      deliveries.push({ sentAt, status });
      if (typeof status !== "number") await new Promise((resolve) => setTimeout(resolve, 5));
    }
    agent.destroy();
  });
  // The stop comes once the stream is well under way (not after a fixed time: a loaded machine
  // acknowledged fewer than ten updates in the first 500 ms).
  const deadline = performance.now() + 60_000;
  while (deliveries.filter((d) => d.status === 200).length < 20 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.kill(app.pid as number, "SIGTERM");
  await Promise.all(clients);
  const exit = await app.exited;
  expect(exit.code).toBe(0);
  expect(stopSeenAt).toBeLessThan(Number.POSITIVE_INFINITY);
  const acknowledged = deliveries.filter((d) => d.status === 200);
  const afterStop = acknowledged.filter((d) => d.sentAt > stopSeenAt);
  const sentAfterStop = deliveries.filter((d) => d.sentAt > stopSeenAt);
  // The stream went on well after the stop began (so the count below means something).
  expect(sentAfterStop.length).toBeGreaterThan(0);
  expect(afterStop).toEqual([]);
  expect(sentAfterStop.every((d) => d.status === 503 || typeof d.status === "string")).toBe(true);
  // Every acknowledged update was handled before the process exited.
  const stopped = app.lines.find((l) => l.msg === "stopped") as { updates?: number } | undefined;
  expect(stopped?.updates).toBe(acknowledged.length);
  expect(acknowledged.length).toBeGreaterThan(10);
}, 180_000);
