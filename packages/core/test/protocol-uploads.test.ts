// The one upload walker both drivers use: what it finds, what it copies, and what it leaves alone.
import { describe, expect, test } from "vitest";
import { InputFile } from "../src/index.js";
import {
  collectAttachNames,
  containsUpload,
  MAX_UPLOAD_DEPTH,
  replaceRequestUploads,
  replaceUploads,
} from "../src/internal.js";

const photo = new InputFile(new Uint8Array([1]), { filename: "p.jpg" });

describe("replaceUploads", () => {
  test("replaces uploads in arrays and objects, copying only the containers on the way to one", () => {
    const untouched = { type: "photo", media: "file-id", caption_entities: [{ type: "bold" }] };
    const media = [{ type: "photo", media: photo, caption: "x" }, untouched];
    const out = replaceUploads(media, () => "attach://a") as typeof media;
    expect(out).toEqual([{ type: "photo", media: "attach://a", caption: "x" }, untouched]);
    expect(out).not.toBe(media);
    expect(out[1]).toBe(untouched);
    // The input is not modified.
    expect(media[0]?.media).toBe(photo);
  });

  test("returns a value without uploads as it is", () => {
    const value = { a: [1, { b: "c" }], when: new Date(0) };
    expect(replaceUploads(value, () => "never")).toBe(value);
    expect(containsUpload(value)).toBe(false);
  });

  test("finds every upload form, and stops at the depth limit", () => {
    for (const upload of [photo, new Uint8Array([1]), new Blob(["b"]), new ReadableStream()]) {
      expect(containsUpload({ nested: [upload] })).toBe(true);
    }
    let deep: unknown = photo;
    for (let i = 0; i <= MAX_UPLOAD_DEPTH; i++) deep = [deep];
    expect(containsUpload(deep)).toBe(false);
    expect(containsUpload((deep as unknown[])[0])).toBe(true);
  });
});

describe("replaceRequestUploads", () => {
  test("replaces direct uploads in any parameter and nested ones in the parameters that carry them", () => {
    const seen: string[] = [];
    const params = {
      chat_id: 1,
      media: [{ type: "photo", media: photo }],
      reply_markup: { nested: photo },
      file0: photo,
    };
    const out = replaceRequestUploads("sendMediaGroup", params, (_, param) => {
      seen.push(param);
      return "x";
    });
    expect(out).toEqual({
      chat_id: 1,
      media: [{ type: "photo", media: "x" }],
      reply_markup: { nested: photo },
      file0: "x",
    });
    expect(seen).toEqual(["media", "file0"]);
    expect(params.media[0]?.media).toBe(photo);
  });

  test("searches every parameter of a method the table does not know, and returns plain parameters as they are", () => {
    expect(replaceRequestUploads("sendFutureThing", { a: { b: [photo] } }, () => "x")).toEqual({
      a: { b: ["x"] },
    });
    const plain = { chat_id: 1, text: "hi" };
    expect(replaceRequestUploads("sendMessage", plain, () => "x")).toBe(plain);
  });
});

test("collectAttachNames gathers the names the caller's attach:// strings use", () => {
  const names = new Set<string>();
  collectAttachNames([{ media: "attach://own", thumbnail: "attach://thumb" }, { media: "file-id" }], names);
  expect([...names]).toEqual(["own", "thumb"]);
});
