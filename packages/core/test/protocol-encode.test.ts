import { describe, expect, test } from "vitest";
import { InputFile } from "../src/index.js";
import {
  bindArguments,
  encodeParams,
  type FilePart,
  isFilePart,
  isReplayable,
  type MultipartBody,
  type TextPart,
} from "../src/internal.js";

describe("bindArguments", () => {
  test("maps positional arguments to the required parameters, then merges the options", () => {
    expect(bindArguments("sendMessage", [42, "hi", { parse_mode: "HTML" }])).toEqual({
      chat_id: 42,
      text: "hi",
      parse_mode: "HTML",
    });
    expect(bindArguments("getUpdates", [{ offset: 5 }])).toEqual({ offset: 5 });
    expect(bindArguments("getMe", [])).toEqual({});
    expect(bindArguments("sendPoll", [1, "Q?", [{ text: "a" }], { is_anonymous: false }])).toEqual({
      chat_id: 1,
      question: "Q?",
      options: [{ text: "a" }],
      is_anonymous: false,
    });
  });

  test("a missing required argument is a TypeError naming the method and parameter", () => {
    expect(() => bindArguments("sendMessage", [42])).toThrow(
      new TypeError(
        'sendMessage() is missing its required parameter "text" (argument 2 of 2 positional arguments (chat_id, text))',
      ),
    );
    expect(() => bindArguments("sendMessage", [undefined, "x"])).toThrow(/"chat_id"/);
  });

  test("too many arguments, a non-object options value or a repeated parameter are TypeErrors", () => {
    expect(() => bindArguments("getMe", [{}, {}])).toThrow(
      /getMe\(\) takes no positional arguments and the call's options, but got 2/,
    );
    expect(() => bindArguments("sendMessage", [1, "a", {}, {}, {}])).toThrow(
      /sendMessage\(\) takes 2 positional arguments \(chat_id, text\), an options object and the call's options, but got 5/,
    );
    expect(() => bindArguments("sendMessage", [1, "a", "HTML"])).toThrow(/options object as argument 3/);
    expect(() => bindArguments("sendMessage", [1, "a", { text: "b" }])).toThrow(
      /"text" both as an argument and in the options/,
    );
  });
});

describe("encodeParams", () => {
  test("JSON when nothing is uploaded; undefined members are dropped", () => {
    const body = encodeParams("sendMessage", {
      chat_id: 1,
      text: "hi",
      parse_mode: undefined,
      reply_markup: { inline_keyboard: [[{ text: "a", callback_data: "b" }]] },
    });
    expect(body).toEqual({
      kind: "json",
      json: '{"chat_id":1,"text":"hi","reply_markup":{"inline_keyboard":[[{"text":"a","callback_data":"b"}]]}}',
    });
    // A string where an upload may go is a file_id or URL: still JSON.
    expect(encodeParams("sendPhoto", { chat_id: 1, photo: "AgADBAAD" }).kind).toBe("json");
  });

  test("a direct upload becomes a file part; other values become text (numbers, booleans, JSON)", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const body = encodeParams("sendPhoto", {
      chat_id: -100,
      photo: bytes,
      has_spoiler: true,
      caption: undefined,
      caption_entities: [{ type: "bold", offset: 0, length: 1 }],
    }) as MultipartBody;
    expect(body.kind).toBe("multipart");
    const text = body.parts.filter((part) => !isFilePart(part)) as TextPart[];
    expect(text).toEqual([
      { name: "chat_id", value: "-100" },
      { name: "has_spoiler", value: "true" },
      { name: "caption_entities", value: '[{"type":"bold","offset":0,"length":1}]' },
    ]);
    const files = body.parts.filter(isFilePart) as FilePart[];
    expect(files.map((part) => part.name)).toEqual(["photo"]);
    expect(files[0]?.file.source).toBe(bytes);
  });

  test("nested uploads become attach:// references with names that avoid the caller's names", () => {
    const a = InputFile.fromPath("/tmp/a.jpg");
    const b = new Uint8Array([9]);
    const body = encodeParams("sendMediaGroup", {
      chat_id: 1,
      // The caller uses "file0" for a part of their own; generated names must skip it.
      file0: new Uint8Array([0]),
      media: [
        { type: "photo", media: a },
        { type: "photo", media: "attach://file1" },
        { type: "video", media: b, thumbnail: a },
        { type: "photo", media: "https://example.invalid/x.jpg" },
      ],
    }) as MultipartBody;
    const media = JSON.parse((body.parts.find((part) => part.name === "media") as TextPart).value);
    expect(media).toEqual([
      { type: "photo", media: "attach://file2" },
      { type: "photo", media: "attach://file1" },
      // The same upload used twice is sent once.
      { type: "video", media: "attach://file3", thumbnail: "attach://file2" },
      { type: "photo", media: "https://example.invalid/x.jpg" },
    ]);
    const files = body.parts.filter(isFilePart);
    expect(files.map((part) => part.name)).toEqual(["file0", "file2", "file3"]);
    expect(files[1]?.file).toBe(a);
    expect(files[2]?.file.source).toBe(b);
  });

  test("uploads deep inside sticker and paid-media parameters", () => {
    const sticker = new Blob(["png"]);
    const body = encodeParams("createNewStickerSet", {
      user_id: 1,
      name: "set_by_bot",
      title: "Set",
      stickers: [{ sticker, format: "static", emoji_list: ["😀"] }],
    }) as MultipartBody;
    const stickers = JSON.parse((body.parts.find((part) => part.name === "stickers") as TextPart).value);
    expect(stickers).toEqual([{ sticker: "attach://file0", format: "static", emoji_list: ["😀"] }]);
    expect(body.parts.filter(isFilePart).map((part) => part.name)).toEqual(["file0"]);
  });

  test("the input objects are not modified", () => {
    const media = [{ type: "photo", media: new Uint8Array([1]) }];
    encodeParams("sendMediaGroup", { chat_id: 1, media });
    expect(media[0]?.media).toBeInstanceOf(Uint8Array);
  });

  test("only parameters that can carry uploads are searched for known methods", () => {
    // reply_markup cannot hold an upload, so a stray byte array there is plain data.
    const body = encodeParams("sendMessage", {
      chat_id: 1,
      text: "x",
      reply_markup: { data: new Uint8Array([7]) },
    });
    expect(body.kind).toBe("json");
  });

  test("every parameter is searched for a method the table does not know", () => {
    const body = encodeParams("sendHologram", { chat_id: 1, hologram: { data: new Uint8Array([7]) } });
    expect(body.kind).toBe("multipart");
    const hologram = (body as MultipartBody).parts.find((part) => part.name === "hologram") as TextPart;
    expect(JSON.parse(hologram.value)).toEqual({ data: "attach://file0" });
  });

  test("isReplayable: streams are consumed once, bytes, blobs and paths can be sent again", () => {
    expect(isReplayable(encodeParams("getMe", {}))).toBe(true);
    expect(
      isReplayable(encodeParams("sendDocument", { chat_id: 1, document: InputFile.fromPath("/x") })),
    ).toBe(true);
    expect(isReplayable(encodeParams("sendDocument", { chat_id: 1, document: new Blob(["x"]) }))).toBe(true);
    const stream = new ReadableStream<Uint8Array>();
    expect(isReplayable(encodeParams("sendDocument", { chat_id: 1, document: stream }))).toBe(false);
    async function* chunks() {
      yield new Uint8Array([1]);
    }
    expect(isReplayable(encodeParams("sendDocument", { chat_id: 1, document: chunks() }))).toBe(false);
  });
});
