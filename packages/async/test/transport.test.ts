// The transport on its own (as the blocking package's worker will use it).
import { Agent } from "undici";
import { afterAll, beforeAll, expect, test } from "vitest";
import { Bot } from "../src/index.js";
import { UndiciTransport } from "../src/transport/index.js";
import { type FakeServer, startServer } from "./helpers/server.js";

let server: FakeServer;
beforeAll(async () => {
  server = await startServer(() => ({ json: { ok: true, result: 7 } }));
});
afterAll(async () => {
  await server.close();
});

test("send returns the raw reply; the body is JSON text", async () => {
  const transport = new UndiciTransport({ token: "1:T", apiRoot: server.url });
  const reply = await transport.send("getMe", { kind: "json", json: "{}" }, { timeout: 1000 });
  expect(reply).toEqual({ status: 200, body: '{"ok":true,"result":7}' });
  expect(server.received.at(-1)?.path).toBe("/bot1:T/getMe");
  expect(transport.fileUrl("photos/a b.jpg")).toBe(`${server.url}/file/bot1:T/photos/a%20b.jpg`);
  await transport.close();
  await expect(transport.send("getMe", { kind: "json", json: "{}" }, { timeout: 1000 })).rejects.toThrow(
    /getMe:/,
  );
});

test("an injected dispatcher (an undici Agent) carries the requests and is left open", async () => {
  const agent = new Agent({ connections: 4 });
  const bot = new Bot("2:A", { apiRoot: server.url, dispatcher: agent });
  await expect(bot.getMe()).resolves.toBe(7);
  await bot.dispose();
  expect(agent.closed).toBe(false);
  await agent.close();
});

test("a bad token or apiRoot is a TypeError that does not echo the token", () => {
  expect(() => new Bot("")).toThrow(/A bot token is required/);
  let message = "";
  try {
    new Bot("123:ABC DEF\n");
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toMatch(/contains whitespace/);
  expect(message).not.toContain("ABC");
  expect(() => new Bot("1:X", { apiRoot: "not a url" })).toThrow(/apiRoot is not a URL/);
  expect(() => new Bot("1:X", { apiRoot: "ftp://127.0.0.1" })).toThrow(/http or https/);
});

test("getUpdates waits its long-poll timeout on top of the request timeout", async () => {
  let seen: number | undefined;
  const bot = new Bot("3:U", {
    timeout: 1000,
    transport: {
      send: async (_method, _body, options) => {
        seen = options.timeout;
        return { status: 200, body: '{"ok":true,"result":[]}' };
      },
      download: () => Promise.reject(new Error("unused")),
      fileUrl: () => "",
      close: async () => {},
    },
  });
  await bot.getUpdates({ timeout: 20 });
  expect(seen).toBe(21_000);
  await bot.getMe();
  expect(seen).toBe(1000);
  await bot.sendDocument(1, new Uint8Array([1]));
  // Uploads have no reply limit by default: they may take long to send.
  expect(seen).toBe(0);
  await bot.call("getMe", {}, { timeout: 5 });
  expect(seen).toBe(5);
});
