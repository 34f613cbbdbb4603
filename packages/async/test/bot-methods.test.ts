// Every method of the table is reachable on the Bot and encoded right: once against a real HTTP
// server on 127.0.0.1, once through msw intercepting undici.
import { HttpRequestInterceptor } from "@mswjs/interceptors/http";
import { HttpResponse, http } from "msw";
import { defineNetwork, InterceptorSource } from "msw/experimental";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Bot } from "../src/index.js";
import { type FakeServer, jsonOf, startServer } from "./helpers/server.js";
import { METHOD_NAMES, syntheticCall } from "./helpers/synthetic.js";

const TOKEN = "123456:TEST-token_xyz";

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

test("the table has all 185 methods and each is a Bot method", () => {
  expect(METHOD_NAMES.length).toBe(185);
  for (const name of METHOD_NAMES)
    expect(typeof (Bot.prototype as unknown as Record<string, unknown>)[name]).toBe("function");
});

describe("against a real HTTP server", () => {
  let server: FakeServer;
  let bot: Bot;
  beforeAll(async () => {
    server = await startServer((request) => ({ json: { ok: true, result: { echo: request.path } } }));
    bot = new Bot(TOKEN, { apiRoot: server.url });
  });
  afterAll(async () => {
    await bot.dispose();
    await server.close();
  });

  test.each(METHOD_NAMES)("%s", async (method) => {
    const { args, expected } = syntheticCall(method);
    const before = server.received.length;
    const result = await ((bot as unknown as Record<string, AnyMethod>)[method] as AnyMethod)(...args);
    expect(result).toEqual({ echo: `/bot${TOKEN}/${method}` });
    expect(server.received.length).toBe(before + 1);
    const request = server.received.at(-1)!;
    expect(request.httpMethod).toBe("POST");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(jsonOf(request)).toEqual(expected);
  });

  test("call() reaches a method the table does not know, and known ones by name", async () => {
    await expect(bot.call("getFutureThing", { a: [1] })).resolves.toEqual({
      echo: `/bot${TOKEN}/getFutureThing`,
    });
    expect(jsonOf(server.received.at(-1)!)).toEqual({ a: [1] });
    await bot.call("sendMessage", { chat_id: 5, text: "typed" });
    expect(jsonOf(server.received.at(-1)!)).toEqual({ chat_id: 5, text: "typed" });
  });

  test("bad arguments are TypeErrors and send nothing", async () => {
    const before = server.received.length;
    // @ts-expect-error: a missing required argument
    await expect(bot.sendMessage(1)).rejects.toThrow(
      /sendMessage\(\) is missing its required parameter "text"/,
    );
    // @ts-expect-error: options must be an object
    await expect(bot.getMe("x")).rejects.toThrow(TypeError);
    await expect(bot.call("bad/name")).rejects.toThrow(/Not a Bot API method name/);
    expect(server.received.length).toBe(before);
  });

  test("an apiRoot with a path prefix keeps it", async () => {
    const prefixed = new Bot(TOKEN, { apiRoot: `${server.url}/tg/` });
    await prefixed.getMe();
    expect(server.received.at(-1)?.path).toBe(`/tg/bot${TOKEN}/getMe`);
    await prefixed.dispose();
  });
});

describe("through msw (undici intercepted)", () => {
  const seen: { method: string; body: unknown; contentType: string | null }[] = [];
  const network = defineNetwork({
    sources: [new InterceptorSource({ interceptors: [new HttpRequestInterceptor()] })],
    handlers: [
      http.post("https://api.telegram.org/:bot/:method", async ({ request, params }) => {
        seen.push({
          method: String(params.method),
          body: await request.json(),
          contentType: request.headers.get("content-type"),
        });
        return HttpResponse.json({ ok: true, result: { via: "msw", bot: params.bot } });
      }),
    ],
    onUnhandledFrame: "error",
    context: { quiet: true },
  });
  let bot: Bot;
  beforeAll(async () => {
    await network.enable();
    bot = new Bot(TOKEN);
  });
  afterAll(async () => {
    await bot.dispose();
    await network.disable();
  });

  test.each(METHOD_NAMES)("%s", async (method) => {
    const { args, expected } = syntheticCall(method);
    const result = await ((bot as unknown as Record<string, AnyMethod>)[method] as AnyMethod)(...args);
    expect(result).toEqual({ via: "msw", bot: `bot${TOKEN}` });
    expect(seen.at(-1)).toEqual({ method, body: expected, contentType: "application/json" });
  });
});
