// runService in-process against the emulator: the health endpoint in polling mode, a stop that
// waits for running handlers, and a fatal receive error ending with exit code 1.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, DelegatorBot } from "@telepot/async";
import type { SyncInbox, Update } from "@telepot/core";
import { type Emulator, start } from "@telepot/emulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger, readServiceConfig, runService } from "../src/index.js";
import { freePort } from "../src/testing.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await start({ port: 0, web: false });
});
afterAll(async () => {
  await emu.close();
});

function setup(extra: Record<string, string> = {}) {
  const handle = emu.driver.createBot();
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    app: "t",
    secrets: [handle.token],
    write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>),
  });
  const config = readServiceConfig({
    TELEGRAM_BOT_TOKEN: handle.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    POLL_TIMEOUT_SECONDS: "1",
    HOST: "127.0.0.1",
    ...extra,
  });
  return { handle, lines, logger, config };
}

it("serves /healthz in polling mode when PORT is set, and finishes a running handler on stop", async () => {
  const { handle, lines, logger, config } = setup({ PORT: "0" });
  const bot = new Bot(handle.token, { apiRoot: emu.apiRoot });
  const alice = emu.driver.createUser();
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let finished = false;
  const service = await runService(
    "t",
    config,
    logger,
    {
      bot,
      handle: async (_payload, update) => {
        if (update.kind !== "message") return;
        await gate;
        await bot.sendMessage(update.payload.chat.id, "done");
        finished = true;
      },
    },
    { handleSignals: false },
  );
  const url = `http://127.0.0.1:${service.address?.port}/healthz`;
  const health = await fetch(url);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok", app: "t", mode: "polling", updates: 0 });
  expect((await fetch(`http://127.0.0.1:${service.address?.port}/other`)).status).toBe(404);

  alice.send(handle, "work");
  await expect.poll(async () => ((await (await fetch(url)).json()) as { updates: number }).updates).toBe(1);
  const stopped = service.stop("test");
  // The handler is still running: the stop waits for it.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(finished).toBe(false);
  release();
  await stopped;
  expect(finished).toBe(true);
  expect(await service.done).toBe(0);
  expect((await alice.nextMessage(handle)).text).toBe("done");
  expect(lines.map((l) => l.msg)).toEqual(["bot identified", "started", "stopping", "stopped"]);
  expect(JSON.stringify(lines)).not.toContain(handle.token);
});

it("stops with exit code 1 when receiving fails for good (another instance polls)", async () => {
  const { handle, lines, logger, config } = setup();
  const bot = new DelegatorBot(handle.token, [], { apiRoot: emu.apiRoot });
  const service = await runService("t", config, logger, { bot }, { handleSignals: false });
  // A webhook set behind the service's back makes getUpdates fail with 409 Conflict.
  const other = new Bot(handle.token, { apiRoot: emu.apiRoot });
  await other.setWebhook("http://127.0.0.1:9/hook");
  expect(await service.done).toBe(1);
  await other.dispose();
  const report = lines.find((l) => l.msg === "receiving stopped");
  expect(JSON.stringify(report)).toContain("PollingStopped");
  expect(lines.at(-1)).toMatchObject({ msg: "stopped", exitCode: 1 });
});

it("fails to start on a taken port without leaving anything running or a webhook set", async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const port = (blocker.address() as AddressInfo).port;
  const { handle, logger, config } = setup({
    WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
    PORT: String(port),
  });
  const bot = new Bot(handle.token, { apiRoot: emu.apiRoot });
  await expect(
    runService("t", config, logger, { bot, handle: () => {} }, { handleSignals: false }),
  ).rejects.toThrow(/EADDRINUSE/);
  expect((await bot.getWebhookInfo()).url).toBe("");
  await bot.dispose();
  await new Promise((resolve) => blocker.close(resolve));
});

it("in webhook mode, handles an update that comes late and logs it, instead of dropping it", async () => {
  const port = await freePort();
  const { handle, lines, logger, config } = setup({
    WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
    PORT: String(port),
  });
  const bot = new Bot(handle.token, { apiRoot: emu.apiRoot });
  const handled: number[] = [];
  const service = await runService(
    "t",
    config,
    logger,
    { bot, handle: (_payload, context) => void handled.push(context.update.update_id) },
    { handleSignals: false },
  );
  const post = (id: number) =>
    fetch(`http://127.0.0.1:${port}/hook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        update_id: id,
        message: { message_id: id, date: 0, chat: { id: 1, type: "private" } },
      }),
    });
  expect((await post(50)).status).toBe(200);
  await expect.poll(() => handled).toEqual([50]);
  expect((await post(49)).status).toBe(200);
  await expect.poll(() => handled).toEqual([50, 49]);
  await service.stop("test");
  expect(lines.find((l) => l.msg === "late update handled out of order")).toMatchObject({
    update: 49,
    expected: 51,
  });
});

it("in webhook mode with the app's inbox, commits each update before answering 200, and marks it done once handled", async () => {
  const port = await freePort();
  const { handle, logger, config } = setup({
    WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
    PORT: String(port),
  });
  const bot = new Bot(handle.token, { apiRoot: emu.apiRoot });
  // An inbox in memory that records what the service does with it, in order.
  const events: string[] = [];
  const pending = new Map<number, Update>();
  const inbox: SyncInbox = {
    append: (updates) => {
      const fresh = updates.filter((u) => !pending.has(u.update_id));
      for (const u of fresh) {
        pending.set(u.update_id, u);
        events.push(`append ${u.update_id}`);
      }
      return fresh;
    },
    pending: (limit) => [...pending.values()].slice(0, limit),
    complete: (completions) => {
      for (const c of completions) {
        if (c.updateId === undefined) continue;
        pending.delete(c.updateId);
        events.push(`done ${c.updateId}`);
      }
    },
    backlog: () => pending.size,
    loadState: () => undefined,
    states: () => [],
    close: () => {},
  };
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const service = await runService(
    "t",
    config,
    logger,
    {
      bot,
      inbox,
      handle: async (_payload, context) => {
        events.push(`handle ${context.update.update_id}`);
        await held;
      },
    },
    { handleSignals: false },
  );
  const response = await fetch(`http://127.0.0.1:${port}/hook`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      update_id: 7,
      message: { message_id: 7, date: 0, chat: { id: 1, type: "private" } },
    }),
  });
  expect(response.status).toBe(200);
  // Acknowledged, so already in the inbox, and not done while its handler runs.
  expect(events[0]).toBe("append 7");
  await expect.poll(() => events).toContain("handle 7");
  expect(events).not.toContain("done 7");
  release();
  await expect.poll(() => events).toContain("done 7");
  await service.stop("test");
});
