// Downloads: getFile, then the file streamed to a path, a Node Writable or a web WritableStream.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { BadHTTPResponse, TelegramError } from "@telepot/core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { Bot } from "../src/index.js";
import { type FakeServer, jsonOf, startServer } from "./helpers/server.js";

const TOKEN = "55:DOWNLOAD";
const CONTENT = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) & 255));
let server: FakeServer;
let bot: Bot;
let dir: string;

beforeAll(async () => {
  server = await startServer((request) => {
    if (request.path === `/bot${TOKEN}/getFile`) {
      const { file_id } = jsonOf(request) as { file_id: string };
      if (file_id === "huge") return { json: { ok: true, result: { file_id, file_unique_id: "u" } } };
      if (file_id === "local") {
        return {
          json: { ok: true, result: { file_id, file_unique_id: "u", file_path: join(dir, "local.bin") } },
        };
      }
      return {
        json: { ok: true, result: { file_id, file_unique_id: "u", file_path: `documents/${file_id}.bin` } },
      };
    }
    if (request.path === `/file/bot${TOKEN}/documents/doc%201.bin`) return { bytes: CONTENT };
    if (request.path === `/file/bot${TOKEN}/documents/gone.bin`) {
      return { status: 404, json: { ok: false, error_code: 404, description: "Not Found" } };
    }
    return { status: 502, text: `bad gateway for ${request.path}` };
  });
  bot = new Bot(TOKEN, { apiRoot: server.url });
  dir = await mkdtemp(join(tmpdir(), "telepot-download-"));
});
afterAll(async () => {
  await bot.dispose();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

test("downloadFile streams to a path, reporting progress", async () => {
  const dest = join(dir, "out.bin");
  const progress: [number, number | undefined][] = [];
  await bot.downloadFile("doc 1", dest, {
    onProgress: (received, total) => progress.push([received, total]),
  });
  expect(await readFile(dest)).toEqual(CONTENT);
  expect(progress.at(-1)).toEqual([CONTENT.length, CONTENT.length]);
  expect(progress.length).toBeGreaterThan(1);
  for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]);
});

test("downloadFile writes to a Node Writable and leaves it open", async () => {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await bot.downloadFile("doc 1", sink);
  expect(Buffer.concat(chunks)).toEqual(CONTENT);
  expect(sink.writableEnded).toBe(false);
  sink.end();
});

test("downloadFile writes to a web WritableStream", async () => {
  const chunks: Uint8Array[] = [];
  let closed = false;
  const sink = new WritableStream<Uint8Array>({
    write: (chunk) => {
      chunks.push(chunk);
    },
    close: () => {
      closed = true;
    },
  });
  await bot.downloadFile("doc 1", sink);
  expect(Buffer.concat(chunks)).toEqual(CONTENT);
  expect(closed).toBe(false);
});

test("a File from getFile is used as is (no second getFile)", async () => {
  const file = await bot.getFile("doc 1");
  const before = server.received.length;
  const stream = await bot.fileStream(file);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  await new Promise<void>((resolve, reject) => stream.pipe(out).on("finish", resolve).on("error", reject));
  expect(Buffer.concat(chunks)).toEqual(CONTENT);
  expect(server.received.length).toBe(before + 1);
  expect(server.received.at(-1)?.httpMethod).toBe("GET");
});

test("getFileUrl gives <apiRoot>/file/bot<token>/<file_path>", async () => {
  expect(await bot.getFileUrl("doc 1")).toBe(`${server.url}/file/bot${TOKEN}/documents/doc%201.bin`);
});

test("no file_path is a TelegramError saying so", async () => {
  const error = await bot.downloadFile("huge", join(dir, "never.bin")).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TelegramError);
  expect((error as TelegramError).message).toMatch(/^getFile: No file_path returned/);
  await expect(stat(join(dir, "never.bin"))).rejects.toThrow(/ENOENT/);
});

test("a refused download is a TelegramError, an odd reply a BadHTTPResponse without the token; no file is left", async () => {
  const dest = join(dir, "gone.bin");
  const refused = await bot.downloadFile("gone", dest).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(TelegramError);
  expect((refused as TelegramError).errorCode).toBe(404);
  await expect(stat(dest)).rejects.toThrow(/ENOENT/);
  const odd = (await bot.downloadFile("other", dest).catch((e: unknown) => e)) as BadHTTPResponse;
  expect(odd).toBeInstanceOf(BadHTTPResponse);
  expect(odd.status).toBe(502);
  expect(odd.body).toBe("bad gateway for /file/bot<token>/documents/other.bin");
});

test("an absolute file_path (a local Bot API server) is read from disk", async () => {
  await writeFile(join(dir, "local.bin"), CONTENT.subarray(0, 1000));
  const dest = join(dir, "copy.bin");
  const progress: [number, number | undefined][] = [];
  const before = server.received.length;
  await bot.downloadFile("local", dest, {
    onProgress: (received, total) => progress.push([received, total]),
  });
  expect(await readFile(dest)).toEqual(CONTENT.subarray(0, 1000));
  expect(progress.at(-1)).toEqual([1000, 1000]);
  // Only getFile went over HTTP.
  expect(server.received.length).toBe(before + 1);
});
