// The blocking Bot against a fake Bot API server: results come back directly, errors are the core
// classes (thrown synchronously, never quoting the token), uploads and downloads work, a call past
// its deadline throws, and the worker never keeps a script alive.
import { spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import {
  BadHTTPResponse,
  ChatNotFoundError,
  InputFile,
  NetworkError,
  TelegramError,
  TooManyRequestsError,
} from "@telepot/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot, DelegatorBot, SyncTimeoutError } from "../dist/index.js";
import { type FakeApi, startFakeApi, TOKEN } from "./helpers/fake-api.js";

let api: FakeApi;
let bot: Bot;
const dir = mkdtempSync(join(tmpdir(), "telepot-blocking-"));

beforeAll(async () => {
  api = await startFakeApi();
  bot = new Bot(TOKEN, { apiRoot: api.apiRoot });
});
afterAll(async () => {
  bot.dispose();
  await api.close();
});

async function lastCall() {
  const { calls } = await api.seen();
  return calls.at(-1)!;
}

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

function expectNoToken(error: unknown): void {
  const e = error as Error;
  const text = [e.message, e.stack, JSON.stringify(e), String((e as { cause?: unknown }).cause)].join("\n");
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(TOKEN.split(":")[1]);
}

describe("blocking calls", () => {
  it("keep a subclass's own options (functions included) on this thread", () => {
    const delegator = new DelegatorBot(TOKEN, [], { apiRoot: api.apiRoot, onDelegateError: () => {} });
    try {
      expect(delegator.getMe()).toMatchObject({ username: "YourBot" });
    } finally {
      delegator.dispose();
    }
  });

  it("return results directly, with positional arguments bound as the async Bot binds them", async () => {
    expect(bot.getMe()).toEqual({ id: 123456789, is_bot: true, first_name: "Your Bot", username: "YourBot" });
    const sent = bot.sendMessage(999999999, "Good morning!", { parse_mode: "HTML" });
    expect(sent).toMatchObject({ chat: { id: 999999999 }, text: "Good morning!" });
    expect(await lastCall()).toEqual({
      method: "sendMessage",
      params: { chat_id: 999999999, text: "Good morning!", parse_mode: "HTML" },
    });
    expect(bot.call("getChat", { chat_id: 7 })).toEqual({ id: 7, type: "private" });
    expect(bot.call("someFutureMethod", { x: 1 })).toBe(true);
  });

  it("throws argument mistakes at once, without a request", async () => {
    const before = (await api.seen()).calls.length;
    expect(() => (bot.sendMessage as (...a: unknown[]) => unknown)(1)).toThrow(
      /sendMessage\(\) is missing its required parameter "text"/,
    );
    expect(() => bot.call("not a method")).toThrow(TypeError);
    expect(() => bot.call("getMe", [] as never)).toThrow(/parameters must be an object/);
    expect(() => bot.call("getChat", { chat_id: 1, bad: () => 1 })).toThrow(
      /getChat: a parameter cannot be sent/,
    );
    expect((await api.seen()).calls.length).toBe(before);
  });

  it("throws Telegram's refusals as the core TelegramError subclasses", () => {
    const notFound = caught(() => bot.sendMessage(404, "x"));
    expect(notFound).toBeInstanceOf(ChatNotFoundError);
    expect(notFound).toBeInstanceOf(TelegramError);
    expect(notFound).toMatchObject({
      method: "sendMessage",
      errorCode: 400,
      description: "Bad Request: chat not found",
      message: "sendMessage: Bad Request: chat not found (400)",
    });
    // The stack shows where the blocking call was made.
    expect(notFound.stack).toContain("bot.test.ts");
    const flood = caught(() => bot.sendMessage(429, "x"));
    expect(flood).toBeInstanceOf(TooManyRequestsError);
    expect((flood as TooManyRequestsError).retryAfter).toBe(3600);
  });

  it("throws other failures as their core classes, and never shows the token", () => {
    const html = caught(() => bot.call("htmlPage"));
    expect(html).toBeInstanceOf(BadHTTPResponse);
    expect(html).toMatchObject({ method: "htmlPage", status: 200 });
    const down = new Bot(TOKEN, { apiRoot: "http://127.0.0.1:1", retry: false });
    const refused = caught(() => down.getMe());
    down.dispose();
    expect(refused).toBeInstanceOf(NetworkError);
    expect(refused).toMatchObject({ method: "getMe", kind: "connect", mayHaveReachedServer: false });
    for (const error of [html, refused, caught(() => bot.sendMessage(404, "x"))]) expectNoToken(error);
    expect(JSON.stringify(bot)).not.toContain(TOKEN);
  });

  it("throws at the bot's timeout, or at the blocking deadline, instead of hanging", () => {
    const impatient = new Bot(TOKEN, { apiRoot: api.apiRoot, retry: false });
    const timed = caught(() => impatient.call("getChat", { chat_id: "hang" }, { timeout: 200 }));
    impatient.dispose();
    expect(timed).toBeInstanceOf(NetworkError);
    expect(timed).toMatchObject({ kind: "timeout", method: "getChat" });
    expectNoToken(timed);
    // The server never answers "hang": returning at all shows the deadline was honoured. The deadline
    // is also the next call's, so it leaves a loaded machine ample time for a loopback round trip.
    const strict = new Bot(TOKEN, { apiRoot: api.apiRoot, deadlineMs: 3000 });
    const late = caught(() => strict.getChat("hang"));
    expect(late).toBeInstanceOf(SyncTimeoutError);
    expect(late.message).toBe("getChat did not complete within 3000 ms");
    // The next call runs in a fresh worker.
    expect(strict.getChat(5)).toEqual({ id: 5, type: "private" });
    strict.dispose();
  });
});

describe("retries", () => {
  it("retries in the worker and tells the logger on this thread (never with the token)", async () => {
    const warnings: string[] = [];
    const retrying = new Bot(TOKEN, {
      apiRoot: api.apiRoot,
      retry: { backoff: { firstMs: 1, maxMs: 1 } },
      logger: { warn: (message) => warnings.push(message) },
    });
    expect(retrying.call("getFlakyOnce")).toBe(true);
    // Log lines cross as events: they arrive once this thread is idle.
    await expect.poll(() => warnings.length, { interval: 5 }).toBeGreaterThan(0);
    expect(warnings).toEqual([expect.stringMatching(/^getFlakyOnce: .*502.*retrying in 1 ms$/)]);
    expect(warnings.join()).not.toContain(TOKEN);
    retrying.dispose();
  });
});

describe("uploads", () => {
  const path = join(dir, "notes.txt");
  writeFileSync(path, "from a file");

  it("sends a file path, bytes, a Blob and a file stream", async () => {
    bot.sendDocument(1, InputFile.fromPath(path), { caption: "path" });
    expect((await lastCall()).files).toEqual({
      document: { filename: "notes.txt", type: "application/octet-stream", text: "from a file" },
    });
    bot.sendDocument(
      1,
      new InputFile(Buffer.from("some bytes"), { filename: "b.bin", contentType: "text/plain" }),
    );
    expect((await lastCall()).files?.document).toEqual({
      filename: "b.bin",
      type: "text/plain",
      text: "some bytes",
    });
    bot.sendDocument(1, new Uint8Array([104, 105]));
    expect((await lastCall()).files?.document).toMatchObject({ filename: "file", text: "hi" });
    bot.sendPhoto(1, new Blob(["blob body"]));
    expect((await lastCall()).files?.photo).toMatchObject({ text: "blob body" });
    const stream = createReadStream(path);
    bot.sendDocument(1, stream);
    expect((await lastCall()).files?.document).toMatchObject({ filename: "notes.txt", text: "from a file" });
    expect(stream.destroyed).toBe(true);
  });

  it("sends uploads nested in a media group as attach:// parts", async () => {
    bot.sendMediaGroup(1, [
      { type: "document", media: InputFile.fromPath(path) },
      { type: "document", media: new InputFile(Buffer.from("two"), { filename: "two.txt" }) },
    ]);
    const call = await lastCall();
    const media = JSON.parse(call.params.media as string) as { media: string }[];
    expect(media.map((m) => m.media.startsWith("attach://"))).toEqual([true, true]);
    const names = media.map((m) => m.media.slice("attach://".length));
    expect(names.map((n) => call.files?.[n]?.text)).toEqual(["from a file", "two"]);
  });

  it("refuses streams read on this thread, with a clear TypeError and no request", async () => {
    const before = (await api.seen()).calls.length;
    const web = new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    expect(() => bot.sendDocument(1, web)).toThrow(
      /sendDocument: the upload in "document" is a stream read on this thread.*Pass a file path/,
    );
    expect(() => bot.sendDocument(1, Readable.from([Buffer.from("x")]))).toThrow(TypeError);
    expect(() => bot.sendDocument(1, new InputFile(new PassThrough()))).toThrow(TypeError);
    expect((await api.seen()).calls.length).toBe(before);
  });
});

describe("downloads", () => {
  it("downloads to a path, to a Writable, as a stream, and gives the file URL", async () => {
    const target = join(dir, "down.txt");
    bot.downloadFile("FILE-1", target);
    expect(readFileSync(target, "utf8")).toBe("hello world");
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on("data", (c: Buffer) => chunks.push(c));
    bot.downloadFile({ file_id: "FILE-2", file_path: "documents/file_0.txt" }, sink);
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(chunks).toString()).toBe("hello world");
    const webChunks: Uint8Array[] = [];
    const web = new WritableStream<Uint8Array>({ write: (c) => void webChunks.push(c) });
    bot.downloadFile("FILE-4", web);
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(webChunks).toString()).toBe("hello world");
    expect(web.locked).toBe(false);
    const streamed: Buffer[] = [];
    for await (const c of bot.fileStream("FILE-3")) streamed.push(c as Buffer);
    expect(Buffer.concat(streamed).toString()).toBe("hello world");
    expect(bot.getFileUrl({ file_id: "x", file_path: "documents/a.txt" })).toBe(
      `${api.apiRoot}/file/bot${TOKEN}/documents/a.txt`,
    );
    const { calls } = await api.seen();
    expect(calls.filter((c) => c.method === "getFile").map((c) => c.params.file_id)).toContain("FILE-1");
  });
});

describe("threads and processes", () => {
  it("works from inside a worker thread", async () => {
    const code = `
      const { parentPort, workerData } = require("node:worker_threads");
      const { Bot } = require(workerData.pkg);
      const bot = new Bot(workerData.token, { apiRoot: workerData.apiRoot });
      parentPort.postMessage(bot.getMe().username);
    `;
    const worker = new Worker(code, {
      eval: true,
      workerData: {
        pkg: new URL("../dist/index.cjs", import.meta.url).pathname,
        token: TOKEN,
        apiRoot: api.apiRoot,
      },
    });
    const name = await new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    expect(name).toBe("YourBot");
    await worker.terminate();
  });

  // A child that ends by itself ends long before this, even on a loaded machine (10 s was missed at
  // load 25 on 2 cores); one kept alive by the worker never does.
  const CHILD_DEADLINE_MS = 45_000;
  it("never keeps a script alive: it ends when its code does (ESM and CJS)", { timeout: 120_000 }, () => {
    const esm = `
      import { Bot } from ${JSON.stringify(new URL("../dist/index.js", import.meta.url).href)};
      const bot = new Bot(process.env.T, { apiRoot: process.env.A });
      console.log(bot.getMe().username);
    `;
    const cjs = `
      const { Bot } = require(${JSON.stringify(new URL("../dist/index.cjs", import.meta.url).pathname)});
      const bot = new Bot(process.env.T, { apiRoot: process.env.A });
      console.log(bot.sendMessage(1, "hi").text);
    `;
    const env = { ...process.env, T: TOKEN, A: api.apiRoot };
    const a = spawnSync(process.execPath, ["--input-type=module", "-e", esm], {
      env,
      timeout: CHILD_DEADLINE_MS,
      encoding: "utf8",
    });
    expect([a.stderr, a.stdout.trim(), a.status]).toEqual(["", "YourBot", 0]);
    const b = spawnSync(process.execPath, ["-e", cjs], { env, timeout: CHILD_DEADLINE_MS, encoding: "utf8" });
    expect([b.stderr, b.stdout.trim(), b.status]).toEqual(["", "hi", 0]);
  });
});
