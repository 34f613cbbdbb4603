// The blocking driver's uploads cross to its worker as markers and are encoded there by the async
// encoder; both walk the parameters with core's one upload walker. Fed the same nested parameters,
// the encoder run directly (the async Bot) and after the trip through the worker's wire format
// (the blocking Bot) must give the same multipart body.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputFile } from "@telepot/core";
import { encodeParams, isFilePart, type MultipartPart } from "@telepot/core/internal";
import { afterAll, describe, expect, it } from "vitest";
import { uploadsFromWire, uploadsToWire } from "../src/wire/uploads.js";

const dir = mkdtempSync(join(tmpdir(), "telepot-uploads-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = join(dir, "notes.txt");
writeFileSync(path, "from a file");

/** The body as the blocking Bot's worker encodes it: markers, a structured clone, InputFiles again. */
function viaWorker(method: string, params: Record<string, unknown>) {
  const wire = uploadsToWire(method, params);
  return encodeParams(method, uploadsFromWire(structuredClone(wire.params)) as Record<string, unknown>);
}

/** A part as comparable data: text as it is, a file by its name, type and bytes. */
async function comparable(part: MultipartPart) {
  if (!isFilePart(part)) return part;
  const { source, filename, contentType } = part.file;
  let bytes: string;
  if (source instanceof Uint8Array) bytes = Buffer.from(source).toString();
  else if (source instanceof Blob) bytes = await source.text();
  else if ("path" in source) bytes = `path ${source.path}`;
  else throw new Error("no stream expected here");
  return { name: part.name, filename, contentType, bytes };
}

async function body(encoded: ReturnType<typeof encodeParams>) {
  if (encoded.kind === "json") return encoded;
  return { kind: encoded.kind, parts: await Promise.all(encoded.parts.map(comparable)) };
}

describe("the async encoder and the blocking driver's wire agree", () => {
  const shared = new InputFile(Buffer.from("shared"), { filename: "shared.bin", contentType: "text/plain" });
  const cases: [string, string, Record<string, unknown>][] = [
    [
      "a plain text message",
      "sendMessage",
      { chat_id: 1, text: "hi", reply_markup: { keyboard: [[{ text: "a" }]] } },
    ],
    [
      "a direct upload beside a thumbnail",
      "sendDocument",
      { chat_id: 1, document: InputFile.fromPath(path), thumbnail: new Blob(["thumb"]), caption: "c" },
    ],
    [
      "uploads nested in a media group, one used twice, beside the caller's own attach:// names",
      "sendMediaGroup",
      {
        chat_id: -100,
        media: [
          { type: "photo", media: shared, caption: "one" },
          { type: "document", media: InputFile.fromPath(path), thumbnail: "attach://file0" },
          { type: "photo", media: shared },
          { type: "photo", media: "AgACAgIAAxkBAAI" },
          { type: "video", media: new Uint8Array([104, 105]), cover: new Blob(["cover"]) },
        ],
        file0: new InputFile(Buffer.from("the caller's part"), { filename: "own.txt" }),
      },
    ],
    [
      "uploads deep inside a new sticker set",
      "createNewStickerSet",
      {
        user_id: 7,
        name: "set",
        title: "t",
        stickers: [{ sticker: InputFile.fromPath(path), format: "static", emoji_list: ["🙂"] }],
      },
    ],
    [
      "a method the table does not know: every parameter is searched",
      "sendFutureThing",
      { chat_id: 1, nested: { deep: [{ file: new Uint8Array([1]) }] } },
    ],
  ];

  it.each(cases)("%s", async (_, method, params) => {
    const direct = await body(encodeParams(method, params));
    expect(await body(viaWorker(method, params))).toEqual(direct);
    expect(direct.kind).toBe(method === "sendMessage" ? "json" : "multipart");
  });
});
