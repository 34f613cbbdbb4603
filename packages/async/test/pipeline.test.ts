// The request pipeline of the async Bot: every call (generated methods and call()) runs through
// bot.use() middleware in order, which can rewrite the request, change the result or answer
// without a request; per-call options reach generated methods; a custom retry policy is a
// function; each call publishes diagnostics_channel events without the token.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type ApiRequest, Bot, CALL_CHANNELS, NetworkError, type RetryPolicy } from "../src/index.js";
import { fakeClock } from "./helpers/clock.js";
import { type FakeServer, jsonOf, startServer } from "./helpers/server.js";

const TOKEN = "123456:PIPE-token_abc";
let server: FakeServer;
const bots: Bot[] = [];

beforeAll(async () => {
  server = await startServer((request) => ({
    json: { ok: true, result: { path: request.path.split("/").at(-1) } },
  }));
});
afterEach(async () => {
  server.handler = (request) => ({ json: { ok: true, result: { path: request.path.split("/").at(-1) } } });
  for (const bot of bots.splice(0)) await bot.dispose();
});
afterAll(() => server.close());

function makeBot(options: ConstructorParameters<typeof Bot>[1] = {}): Bot {
  const bot = new Bot(TOKEN, { apiRoot: server.url, ...options });
  bots.push(bot);
  return bot;
}

describe("middleware", () => {
  test("runs in the order added, around the call, for generated methods and call() alike", async () => {
    const bot = makeBot();
    const log: string[] = [];
    bot.use(async (request, next) => {
      log.push(`a>${request.method}`);
      const result = await next(request);
      log.push("a<");
      return result;
    });
    bot.use(async (request, next) => {
      log.push(`b>${request.method}`);
      const result = await next(request);
      log.push("b<");
      return result;
    });
    await expect(bot.getMe()).resolves.toEqual({ path: "getMe" });
    await bot.call("sendMessage", { chat_id: 1, text: "x" });
    expect(log).toEqual(["a>getMe", "b>getMe", "b<", "a<", "a>sendMessage", "b>sendMessage", "b<", "a<"]);
  });

  test("can rewrite the parameters and change the result", async () => {
    const bot = makeBot();
    bot.use((request, next) =>
      next({ ...request, params: { ...request.params, text: `${String(request.params.text)}!` } }),
    );
    bot.use(async (request, next) => ({ wrapped: await next(request), method: request.method }));
    const result = await bot.sendMessage(5, "hello");
    expect(result).toEqual({ wrapped: { path: "sendMessage" }, method: "sendMessage" });
    expect(jsonOf(server.received.at(-1)!)).toEqual({ chat_id: 5, text: "hello!" });
  });

  test("can answer without calling Telegram (a cache)", async () => {
    const bot = makeBot();
    const cache = new Map<string, unknown>();
    bot.use(async (request, next) => {
      if (request.method !== "getMe") return next(request);
      if (!cache.has("me")) cache.set("me", await next(request));
      return cache.get("me");
    });
    const before = server.received.length;
    await bot.getMe();
    await bot.getMe();
    await bot.getMe();
    expect(server.received.length).toBe(before + 1);
  });

  test("a middleware throwing at once rejects the call; nothing is sent", async () => {
    const bot = makeBot();
    bot.use(() => {
      throw new Error("refused by middleware");
    });
    const before = server.received.length;
    await expect(bot.sendMessage(1, "x")).rejects.toThrow("refused by middleware");
    expect(server.received.length).toBe(before);
  });

  test("use() takes only functions", () => {
    expect(() => makeBot().use(42 as never)).toThrow(TypeError);
  });
});

describe("per-call options", () => {
  test("a generated method takes them as its last argument and the middleware sees them", async () => {
    const bot = makeBot();
    const seen: ApiRequest[] = [];
    bot.use((request, next) => {
      seen.push(request);
      return next(request);
    });
    const controller = new AbortController();
    await bot.sendMessage(1, "x", { parse_mode: "HTML" }, { signal: controller.signal, timeout: 5_000 });
    await bot.getMe({ timeout: 4_000 });
    expect(seen[0]?.options).toEqual({ signal: controller.signal, timeout: 5_000 });
    expect(seen[0]?.params).toEqual({ chat_id: 1, text: "x", parse_mode: "HTML" });
    expect(seen[1]?.options).toEqual({ timeout: 4_000 });
    expect(seen[1]?.params).toEqual({});
  });

  test("a signal given to a generated method aborts it", async () => {
    server.handler = () => new Promise(() => {});
    const bot = makeBot();
    const controller = new AbortController();
    const call = bot.sendMessage(1, "x", undefined, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(NetworkError);
  });

  test("a per-call timeout on a generated method ends a call the server never answers", async () => {
    server.handler = () => new Promise(() => {});
    const bot = makeBot({ retry: false });
    await expect(bot.getMe({ timeout: 50 })).rejects.toMatchObject({ kind: "timeout" });
  });

  test("call options that are not an object are a TypeError", async () => {
    const bot = makeBot();
    await expect((bot.getMe as (x: unknown) => Promise<unknown>)(5)).rejects.toThrow(/call's options/);
  });
});

test("a custom retry policy is a function, told the error and the tally", async () => {
  let failures = 2;
  server.handler = () =>
    failures-- > 0 ? { status: 502, text: "bad gateway" } : { json: { ok: true, result: 1 } };
  const tallies: number[] = [];
  const policy: RetryPolicy = (_error, request, tally) => {
    tallies.push(tally.faults);
    return request.method === "sendMessage" ? { delay: 7, reason: "fault" } : undefined;
  };
  const clock = fakeClock();
  const bot = makeBot({ retry: policy, clock });
  await expect(bot.sendMessage(1, "x")).resolves.toBe(1);
  expect(tallies).toEqual([0, 1]);
  expect(clock.sleeps).toEqual([7, 7]);
});

describe("diagnostics_channel", () => {
  test("each call publishes start and end, or start and error, with method and duration, never the token", async () => {
    const events: [string, Record<string, unknown>][] = [];
    const listeners = Object.entries(CALL_CHANNELS).map(([kind, name]) => {
      const listener = (message: unknown) => events.push([kind, message as Record<string, unknown>]);
      subscribe(name, listener);
      return [name, listener] as const;
    });
    try {
      const bot = makeBot({ retry: false });
      await bot.getMe();
      server.handler = () => ({
        status: 400,
        json: { ok: false, error_code: 400, description: "Bad Request: no" },
      });
      await expect(bot.sendMessage(1, "x")).rejects.toThrow();
    } finally {
      for (const [name, listener] of listeners) unsubscribe(name, listener);
    }
    expect(events.map(([kind, message]) => [kind, message.method])).toEqual([
      ["start", "getMe"],
      ["end", "getMe"],
      ["start", "sendMessage"],
      ["error", "sendMessage"],
    ]);
    const [start, end] = [events[0]?.[1], events[1]?.[1]];
    expect(end?.callId).toBe(start?.callId);
    expect(typeof end?.durationMs).toBe("number");
    expect(end?.durationMs as number).toBeGreaterThanOrEqual(0);
    const text = events
      .map(([, message]) => `${JSON.stringify(message)} ${String(message.error)}`)
      .join("\n");
    expect(text).not.toContain(TOKEN.split(":")[1]);
  });
});
