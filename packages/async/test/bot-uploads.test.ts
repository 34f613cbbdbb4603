// Uploads in every accepted form, direct and nested, as the server receives them.
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { InputFile } from "@telepot/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Bot } from "../src/index.js";
import { type FakeServer, formOf, methodOf, startServer } from "./helpers/server.js";

const TOKEN = "42:UPLOAD";
let server: FakeServer;
let bot: Bot;
let dir: string;
let photoPath: string;
const PHOTO = Buffer.from("\x89PNG fake photo bytes ".repeat(100));

beforeAll(async () => {
  server = await startServer(() => ({ json: { ok: true, result: { message_id: 1 } } }));
  bot = new Bot(TOKEN, { apiRoot: server.url });
  dir = await mkdtemp(join(tmpdir(), "telepot-upload-"));
  photoPath = join(dir, "cat picture.png");
  await writeFile(photoPath, PHOTO);
});
afterAll(async () => {
  await bot.dispose();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function lastForm(): Promise<FormData> {
  const request = server.received.at(-1)!;
  expect(String(request.headers["content-type"])).toMatch(/^multipart\/form-data; boundary=/);
  return formOf(request);
}

async function fileField(
  form: FormData,
  name: string,
): Promise<{ name: string; type: string; bytes: Buffer }> {
  const value = form.get(name);
  expect(value).toBeInstanceOf(File);
  const file = value as File;
  return { name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) };
}

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

describe("each input form of a direct upload", () => {
  const forms: [string, () => unknown, string, string, Buffer][] = [
    [
      "InputFile.fromPath",
      () => InputFile.fromPath(photoPath),
      "cat picture.png",
      "application/octet-stream",
      PHOTO,
    ],
    ["a Buffer", () => Buffer.from("buf"), "file", "application/octet-stream", Buffer.from("buf")],
    [
      "a Uint8Array",
      () => new Uint8Array([1, 2, 3]),
      "file",
      "application/octet-stream",
      Buffer.from([1, 2, 3]),
    ],
    [
      "an fs.ReadStream",
      () => createReadStream(photoPath),
      "cat picture.png",
      "application/octet-stream",
      PHOTO,
    ],
    [
      "a Node Readable",
      () => Readable.from([Buffer.from("ab"), Buffer.from("cd")]),
      "file",
      "application/octet-stream",
      Buffer.from("abcd"),
    ],
    [
      "a web ReadableStream",
      () => new Blob(["web stream"]).stream(),
      "file",
      "application/octet-stream",
      Buffer.from("web stream"),
    ],
    [
      "an async generator",
      () => chunks("gen", "erated"),
      "file",
      "application/octet-stream",
      Buffer.from("generated"),
    ],
    ["a Blob", () => new Blob(["blob!"]), "file", "application/octet-stream", Buffer.from("blob!")],
    [
      "a File",
      () => new File(["named"], "named.txt"),
      "named.txt",
      "application/octet-stream",
      Buffer.from("named"),
    ],
    [
      "a File with a type",
      () => new File(["<b/>"], "a.svg", { type: "image/svg+xml" }),
      "a.svg",
      "image/svg+xml",
      Buffer.from("<b/>"),
    ],
    [
      "an InputFile with filename and content type",
      () => new InputFile(new Uint8Array([7, 7]), { filename: "pic.jpg", contentType: "image/jpeg" }),
      "pic.jpg",
      "image/jpeg",
      Buffer.from([7, 7]),
    ],
  ];
  test.each(forms)("%s", async (_label, make, filename, type, bytes) => {
    await bot.sendDocument(-100123, make() as InputFile, { caption: "hello", disable_notification: true });
    const form = await lastForm();
    expect(form.get("chat_id")).toBe("-100123");
    expect(form.get("caption")).toBe("hello");
    expect(form.get("disable_notification")).toBe("true");
    expect(await fileField(form, "document")).toEqual({ name: filename, type, bytes });
  });
});

test("a string is a file_id or URL and goes as JSON", async () => {
  await bot.sendPhoto(1, "https://example.invalid/cat.png");
  const request = server.received.at(-1)!;
  expect(request.headers["content-type"]).toBe("application/json");
  expect(JSON.parse(request.body.toString())).toEqual({
    chat_id: 1,
    photo: "https://example.invalid/cat.png",
  });
});

test("a non-ASCII filename and a quote survive", async () => {
  await bot.sendDocument(1, new InputFile(new Uint8Array([1]), { filename: 'файл "1".txt' }));
  // Raw UTF-8 with the quote percent-encoded, as browsers send it; parsers decode it back.
  expect(server.received.at(-1)!.body.toString("utf8")).toContain('filename="файл %221%22.txt"');
  const form = await lastForm();
  expect((form.get("document") as File).name).toBe('файл "1".txt');
});

test("sendMediaGroup with uploads, a URL and a thumbnail", async () => {
  const thumb = new Uint8Array([5]);
  // Telegram allows photos and videos in one album, and so does the generated type.
  await bot.sendMediaGroup(
    7,
    [
      { type: "photo", media: InputFile.fromPath(photoPath), caption: "one" },
      { type: "photo", media: "https://example.invalid/two.png" },
      { type: "video", media: new Blob(["video"]), thumbnail: thumb },
    ],
    { disable_notification: true },
  );
  const form = await lastForm();
  expect(methodOf(server.received.at(-1)!)).toBe("sendMediaGroup");
  expect(JSON.parse(String(form.get("media")))).toEqual([
    { type: "photo", media: "attach://file0", caption: "one" },
    { type: "photo", media: "https://example.invalid/two.png" },
    { type: "video", media: "attach://file1", thumbnail: "attach://file2" },
  ]);
  expect((await fileField(form, "file0")).bytes).toEqual(PHOTO);
  expect((await fileField(form, "file1")).bytes).toEqual(Buffer.from("video"));
  expect((await fileField(form, "file2")).bytes).toEqual(Buffer.from([5]));
});

test("sendPaidMedia, createNewStickerSet and editMessageMedia carry nested uploads", async () => {
  await bot.sendPaidMedia(1, 5, [{ type: "photo", media: new Uint8Array([1]) }]);
  let form = await lastForm();
  expect(JSON.parse(String(form.get("media")))).toEqual([{ type: "photo", media: "attach://file0" }]);
  expect(form.get("star_count")).toBe("5");
  expect((await fileField(form, "file0")).bytes).toEqual(Buffer.from([1]));

  await bot.createNewStickerSet(9, "pack_by_bot", "Pack", [
    { sticker: InputFile.fromPath(photoPath), format: "static", emoji_list: ["🐱"] },
    { sticker: "CAACAgIAAx0", format: "static", emoji_list: ["🐶"] },
  ]);
  form = await lastForm();
  expect(JSON.parse(String(form.get("stickers")))).toEqual([
    { sticker: "attach://file0", format: "static", emoji_list: ["🐱"] },
    { sticker: "CAACAgIAAx0", format: "static", emoji_list: ["🐶"] },
  ]);
  expect((await fileField(form, "file0")).name).toBe("cat picture.png");

  await bot.editMessageMedia({ type: "document", media: new Uint8Array([3]) }, { chat_id: 1, message_id: 2 });
  form = await lastForm();
  expect(JSON.parse(String(form.get("media")))).toEqual({ type: "document", media: "attach://file0" });
  expect(form.get("message_id")).toBe("2");
});

test("a missing file is a clear error before anything is sent", async () => {
  const before = server.received.length;
  const missing = join(dir, "nope.png");
  await expect(bot.sendPhoto(1, InputFile.fromPath(missing))).rejects.toThrow(
    `sendPhoto: cannot read the upload for "photo" from ${missing} (ENOENT)`,
  );
  expect(server.received.length).toBe(before);
});

test("a large file streams through intact", async () => {
  const big = join(dir, "big.bin");
  const block = Buffer.alloc(1 << 20);
  for (let i = 0; i < block.length; i++) block[i] = (i * 31) & 255;
  await writeFile(big, Buffer.concat(Array(8).fill(block)));
  await bot.sendVideo(1, InputFile.fromPath(big));
  const form = await lastForm();
  const video = await fileField(form, "video");
  expect(video.bytes.length).toBe(8 << 20);
  expect(video.bytes.subarray(5 << 20, (5 << 20) + 64)).toEqual(block.subarray(0, 64));
});
