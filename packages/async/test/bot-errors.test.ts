// Error classes as a bot raises them from real replies, retries that never duplicate a send, and
// the token kept out of every error, stack, cause and log line.
import { createServer } from "node:net";
import { inspect } from "node:util";
import {
  BadHTTPResponse,
  BotWasBlockedError,
  BotWasKickedError,
  ChatNotFoundError,
  InputFile,
  MigratedToSupergroupChatError,
  NetworkError,
  NotEnoughRightsError,
  TelegramError,
  TooManyRequestsError,
  UnauthorizedError,
} from "@telepot/core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { Bot, type BotOptions } from "../src/index.js";
import { fakeClock } from "./helpers/clock.js";
import { type FakeServer, type Handler, methodOf, startServer } from "./helpers/server.js";

const SECRET = "S3cr3tT0k3nPart";
const TOKEN = `777000:${SECRET}`;
/** Every error a test saw, checked for the token at the end. */
const seenErrors: unknown[] = [];
const logLines: string[] = [];

let server: FakeServer;
const bots: Bot[] = [];

function makeBot(options: BotOptions = {}): Bot {
  const bot = new Bot(TOKEN, {
    apiRoot: server.url,
    clock: fakeClock(),
    logger: { warn: (line) => logLines.push(line) },
    ...options,
  });
  bots.push(bot);
  return bot;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    seenErrors.push(error);
    return error;
  }
  throw new Error("expected the call to fail");
}

/** Answers each request with the next answer in the list (the last one repeats). */
function sequence(...answers: ReturnType<Handler>[]): Handler {
  let i = 0;
  return () => answers[Math.min(i++, answers.length - 1)] as ReturnType<Handler>;
}

const refusal = (error_code: number, description: string, parameters?: object) => ({
  status: error_code,
  json: { ok: false, error_code, description, ...(parameters ? { parameters } : {}) },
});

beforeAll(async () => {
  server = await startServer();
});
afterEach(() => {
  server.received.length = 0;
});
afterAll(async () => {
  await Promise.all(bots.map((bot) => bot.dispose()));
  await server.close();
});

describe("refusals become their TelegramError subclass", () => {
  test.each([
    [401, "Unauthorized", undefined, UnauthorizedError],
    [403, "Forbidden: bot was blocked by the user", undefined, BotWasBlockedError],
    [403, "Forbidden: bot was kicked from the supergroup chat", undefined, BotWasKickedError],
    [429, "Too Many Requests: retry after 30", { retry_after: 30 }, TooManyRequestsError],
    [
      400,
      "Bad Request: group chat was upgraded to a supergroup chat",
      { migrate_to_chat_id: -1009 },
      MigratedToSupergroupChatError,
    ],
    [400, "Bad Request: not enough rights to send photos to the chat", undefined, NotEnoughRightsError],
    [400, "Bad Request: chat not found", undefined, ChatNotFoundError],
    [400, "Bad Request: message text is empty", undefined, TelegramError],
  ])("%i %s", async (code, description, parameters, cls) => {
    server.handler = () => refusal(code, description, parameters);
    const bot = makeBot({ retry: { maxFloodWait: 0 } });
    const error = (await failure(bot.sendMessage(1, "x"))) as TelegramError;
    expect(error.constructor).toBe(cls);
    expect(error.errorCode).toBe(code);
    expect(error.description).toBe(description);
    expect(error.method).toBe("sendMessage");
    expect(error.parameters).toEqual(parameters ?? {});
    expect(server.received.length).toBe(1);
  });
});

test("a reply that is not JSON is a BadHTTPResponse with the status and an excerpt (token scrubbed)", async () => {
  server.handler = (request) => ({
    status: 404,
    text: `<h1>Cannot POST ${request.path}</h1>${"x".repeat(500)}`,
  });
  const error = (await failure(makeBot().getMe())) as BadHTTPResponse;
  expect(error).toBeInstanceOf(BadHTTPResponse);
  expect(error.status).toBe(404);
  expect(error.body.startsWith("<h1>Cannot POST /bot<token>/getMe</h1>xxx")).toBe(true);
  expect(error.body.length).toBeLessThan(250);
});

test("a reply quoting the path, cut inside the token, leaves no piece of it in the excerpt", async () => {
  const quoted = "<h1>Cannot POST /bot";
  // Each cut position inside the token: 200 characters of excerpt end after `keep` of its characters.
  for (const keep of [1, 7, 8, 12, TOKEN.length - 1]) {
    server.handler = (request) => ({
      status: 404,
      text: `${"x".repeat(200 - quoted.length - keep)}${quoted}${request.path.slice(4)}${"x".repeat(300)}`,
    });
    const error = (await failure(makeBot().getMe())) as BadHTTPResponse;
    expect(error).toBeInstanceOf(BadHTTPResponse);
    for (const text of [error.message, error.body]) {
      for (let i = 0; i + 6 <= SECRET.length; i++) expect(text).not.toContain(SECRET.slice(i, i + 6));
      expect(text).not.toContain("777000:S");
    }
  }
});

test("a call timed out by AbortSignal.timeout() rejects with an aborted NetworkError, not a raw DOMException", async () => {
  server.handler = () => new Promise(() => {});
  const error = (await failure(
    makeBot().call("getMe", {}, { signal: AbortSignal.timeout(50) }),
  )) as NetworkError;
  expect(error).toBeInstanceOf(NetworkError);
  expect(error.kind).toBe("aborted");
  expect(() => String(error.cause)).not.toThrow();
  expect(String(error.cause)).toContain("TimeoutError");
});

describe("429: wait retry_after, then repeat", () => {
  test("any method, including sends, repeats after the wait; the message is sent once", async () => {
    server.handler = sequence(
      refusal(429, "Too Many Requests: retry after 2", { retry_after: 2 }),
      refusal(429, "Too Many Requests: retry after 3", { retry_after: 3 }),
      {
        json: { ok: true, result: { message_id: 9 } },
      },
    );
    const clock = fakeClock();
    const bot = makeBot({ clock });
    await expect(bot.sendMessage(1, "hi")).resolves.toEqual({ message_id: 9 });
    expect(clock.sleeps).toEqual([2000, 3000]);
    expect(server.received.length).toBe(3);
  });

  test("gives up when the total wait would pass maxFloodWaitMs", async () => {
    server.handler = () => refusal(429, "Too Many Requests: retry after 2", { retry_after: 2 });
    const clock = fakeClock();
    const bot = makeBot({ clock, retry: { maxFloodWaitMs: 5000 } });
    const error = await failure(bot.sendMessage(1, "hi"));
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(clock.sleeps).toEqual([2000, 2000]);
    expect(server.received.length).toBe(3);
  });

  test("a consumed upload stream is not sent again", async () => {
    server.handler = sequence(refusal(429, "Too Many Requests", { retry_after: 1 }), {
      json: { ok: true, result: {} },
    });
    async function* once() {
      yield new Uint8Array([1]);
    }
    const error = await failure(makeBot().sendDocument(1, once()));
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(server.received.length).toBe(1);
  });

  test("a path upload is read again for the repeat", async () => {
    server.handler = sequence(refusal(429, "Too Many Requests", { retry_after: 1 }), {
      json: { ok: true, result: {} },
    });
    await makeBot().sendDocument(1, InputFile.fromPath(new URL(import.meta.url).pathname));
    expect(server.received.length).toBe(2);
    expect(server.received[1]?.body.length).toBe(server.received[0]?.body.length);
  });
});

describe("faults that may have reached Telegram", () => {
  test("a 5xx is repeated for a safe method, not for sendMessage", async () => {
    server.handler = () => ({ status: 502, text: "<html>Bad Gateway</html>" });
    const clock = fakeClock();
    const bot = makeBot({ clock });
    expect(await failure(bot.getChat(1))).toBeInstanceOf(BadHTTPResponse);
    expect(server.received.length).toBe(4);
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
    server.received.length = 0;
    expect(await failure(bot.sendMessage(1, "once"))).toBeInstanceOf(BadHTTPResponse);
    expect(server.received.length).toBe(1);
  });

  test("a connection cut after the request was sent: sendMessage once, getMe repeated", async () => {
    server.handler = () => "destroy";
    const bot = makeBot();
    const error = (await failure(bot.sendMessage(1, "once"))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.kind).toBe("reset");
    expect(error.mayHaveReachedServer).toBe(true);
    expect(error.message).toMatch(/^sendMessage: the connection broke/);
    expect(server.received.filter((r) => methodOf(r) === "sendMessage").length).toBe(1);
    server.received.length = 0;
    server.handler = sequence("destroy", { json: { ok: true, result: { id: 1 } } });
    await expect(bot.getMe()).resolves.toEqual({ id: 1 });
    expect(server.received.length).toBe(2);
  });

  test("retryUnsafe opts in to repeating sends", async () => {
    server.handler = sequence(
      { status: 500, json: { ok: false, error_code: 500, description: "Internal" } },
      {
        json: { ok: true, result: { message_id: 2 } },
      },
    );
    const bot = makeBot({ retry: { retryUnsafe: true } });
    await expect(bot.sendMessage(1, "x")).resolves.toEqual({ message_id: 2 });
    expect(server.received.length).toBe(2);
  });

  test("no reply in time is a timeout that may have reached the server", async () => {
    server.handler = () => new Promise(() => {});
    const bot = makeBot({ timeoutMs: 50 });
    const error = (await failure(bot.sendMessage(1, "slow"))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.kind).toBe("timeout");
    expect(error.mayHaveReachedServer).toBe(true);
    expect(server.received.length).toBe(1);
  });

  test("the deprecated timeout names still work: the bot's timeout and a call's", async () => {
    server.handler = () => new Promise(() => {});
    const bot = makeBot({ timeout: 50 });
    expect(((await failure(bot.sendMessage(1, "slow"))) as NetworkError).kind).toBe("timeout");
    // A call's own timeout replaces the bot's: by its new name and by its old one.
    const patient = makeBot({ timeoutMs: 600_000 });
    for (const call of [{ timeoutMs: 50 }, { timeout: 50 }]) {
      expect(((await failure(patient.sendMessage(1, "slow", {}, call))) as NetworkError).kind).toBe(
        "timeout",
      );
    }
  });
});

test("connection refused is repeated (nothing was sent) and the message goes exactly once", async () => {
  // Find a free port, keep it closed for the first attempt, open a server on it during the backoff.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  let late: FakeServer | undefined;
  const clock = fakeClock(async () => {
    late ??= await startServer(() => ({ json: { ok: true, result: { message_id: 3 } } }), port);
  });
  const bot = new Bot(TOKEN, { apiRoot: `http://127.0.0.1:${port}`, clock });
  try {
    await expect(bot.sendMessage(1, "x")).resolves.toEqual({ message_id: 3 });
    expect(clock.sleeps).toEqual([500]);
    expect(late?.received.length).toBe(1);
  } finally {
    await bot.dispose();
    await late?.close();
  }
});

test("a refused connection that stays refused is a NetworkError saying nothing was sent", async () => {
  const bot = new Bot(TOKEN, { apiRoot: "http://127.0.0.1:1", clock: fakeClock(), retry: { maxRetries: 1 } });
  const error = (await failure(bot.getMe())) as NetworkError;
  await bot.dispose();
  expect(error).toBeInstanceOf(NetworkError);
  expect(error.kind).toBe("connect");
  expect(error.mayHaveReachedServer).toBe(false);
  expect(error.message).toMatch(/^getMe: could not connect to the Bot API server \[ECONNREFUSED\]/);
  expect(error.cause).toBeInstanceOf(Error);
});

test("an aborted call rejects and is not repeated", async () => {
  server.handler = () => new Promise(() => {});
  const controller = new AbortController();
  const pending = failure(makeBot().call("getMe", {}, { signal: controller.signal }));
  await new Promise((resolve) => setImmediate(resolve));
  controller.abort();
  const error = (await pending) as NetworkError;
  expect(error).toBeInstanceOf(NetworkError);
  expect(error.kind).toBe("aborted");
});

test("an error from the dispatcher that quotes the URL is scrubbed through the whole cause chain", async () => {
  class ProxyFailure extends Error {
    code = "ECONNREFUSED";
  }
  const dispatcher = {
    request: async (options: { origin: string; path: string }) => {
      const url = options.origin + options.path;
      throw new Error(`proxy could not reach ${url}`, { cause: new ProxyFailure(`refused: ${url}`) });
    },
    close: async () => {},
  };
  const bot = makeBot({
    dispatcher: dispatcher as unknown as NonNullable<BotOptions["dispatcher"]>,
    retry: false,
  });
  const error = (await failure(bot.getMe())) as NetworkError;
  expect(error).toBeInstanceOf(NetworkError);
  expect(error.kind).toBe("connect");
  expect(error.message).toContain("proxy could not reach http://127.0.0.1:");
  expect(error.message).toContain("/bot<token>/getMe");
  const cause = error.cause as Error;
  expect(cause.message).toContain("/bot<token>/getMe");
  expect((cause.cause as ProxyFailure).code).toBe("ECONNREFUSED");
  expect((cause.cause as ProxyFailure).message).toContain("/bot<token>/getMe");
});

test("the token appears in no error, stack, cause or log line", () => {
  expect(seenErrors.length).toBeGreaterThan(10);
  expect(logLines.length).toBeGreaterThan(3);
  for (const error of seenErrors) {
    const text = [
      inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
      (error as Error).stack,
      String(error),
      JSON.stringify(error),
    ].join("\n");
    expect(text).not.toContain(SECRET);
    for (let i = 0; i + 6 <= SECRET.length; i++) expect(text).not.toContain(SECRET.slice(i, i + 6));
  }
  expect(logLines.join("\n")).not.toContain(SECRET);
  const bot = makeBot();
  expect(inspect(bot, { showHidden: true, depth: 5 })).not.toContain(SECRET);
  expect(JSON.stringify(bot)).not.toContain(SECRET);
});
