// What a builder rejects at run time, each an InvalidFieldError (a TelepotError) naming the type and the field.
import { InputFile, TelepotError } from "@telepot/core";
import { describe, expect, it } from "vitest";
import {
  InlineKeyboardButton,
  InlineQueryResultArticle,
  InputChecklist,
  InputLocationMessageContent,
  InputMediaPhoto,
  InputPollOption,
  InputRichBlockMap,
  InputSticker,
  InputTextMessageContent,
  InvalidFieldError,
  ReplyParameters,
  User,
} from "../src/index.js";
import { parseRules } from "../src/rules.js";
import { codePoints, utf8Length } from "../src/validate.js";

/** Calls `f` (through `unknown`, as plain JavaScript would) and returns the error it throws. */
function failure(f: (fields: unknown) => unknown, fields: unknown): InvalidFieldError {
  try {
    f(fields);
  } catch (e) {
    if (e instanceof InvalidFieldError) return e;
    throw e;
  }
  throw new Error("expected the builder to throw");
}
const loose = <F>(b: (f: F) => unknown) => b as (f: unknown) => unknown;

const article = { id: "a", title: "A", input_message_content: { message_text: "hi" } };

describe("builder validation", () => {
  it("reports a missing required field", () => {
    const e = failure(loose(InlineQueryResultArticle), { id: "a", title: "A" });
    expect(e).toBeInstanceOf(TelepotError);
    expect(e.typeName).toBe("InlineQueryResultArticle");
    expect(e.field).toBe("input_message_content");
    expect(e.message).toBe("InlineQueryResultArticle.input_message_content: is required but missing");
    // null and undefined count as absent
    expect(failure(loose(InlineQueryResultArticle), { ...article, title: null }).field).toBe("title");
    expect(failure(loose(InlineQueryResultArticle), { ...article, id: undefined }).field).toBe("id");
    // an inherited property is not a field (it would not be copied into the result)
    const inherited = Object.assign(Object.create({ id: "a" }), { title: "A", input_message_content: {} });
    expect(failure(loose(InlineQueryResultArticle), inherited).field).toBe("id");
  });

  it("drops optional fields set to undefined or null, as telepot dropped None", () => {
    expect(
      InlineQueryResultArticle({
        ...article,
        url: undefined as unknown as string,
        description: null as unknown as string,
      }),
    ).toStrictEqual({
      type: "article",
      ...article,
    });
  });

  it.each([
    [
      "a string",
      InputTextMessageContent,
      { message_text: 5 },
      "message_text",
      "expected a string, got the number 5",
    ],
    [
      "an integer",
      User,
      { id: 1.5, is_bot: false, first_name: "x" },
      "id",
      "expected an integer, got the number 1.5",
    ],
    [
      "a number",
      InputLocationMessageContent,
      { latitude: "1", longitude: 2 },
      "latitude",
      "expected a number, got a string",
    ],
    [
      "a boolean",
      User,
      { id: 1, is_bot: "no", first_name: "x" },
      "is_bot",
      "expected a boolean, got a string",
    ],
    [
      "true",
      User,
      { id: 1, is_bot: false, first_name: "x", is_premium: false },
      "is_premium",
      "expected true, got false",
    ],
    [
      "an object",
      InlineQueryResultArticle,
      { ...article, input_message_content: "hi" },
      "input_message_content",
      "expected an object, got a string",
    ],
    [
      "an object, not an array",
      InlineQueryResultArticle,
      { ...article, reply_markup: [] },
      "reply_markup",
      "expected an object, got an array",
    ],
    [
      "an array",
      InputTextMessageContent,
      { message_text: "x", entities: {} },
      "entities",
      "expected an array of objects, got an object",
    ],
    [
      "an upload or a string",
      InputMediaPhoto,
      { media: 42 },
      "media",
      "expected an upload (InputFile, bytes, Blob or stream) or a string, got the number 42",
    ],
    [
      "an integer or a string",
      ReplyParameters,
      { chat_id: true },
      "chat_id",
      "expected an integer or a string, got true",
    ],
  ])("rejects a value that is not %s", (_kind, builder, fields, field, problem) => {
    const e = failure(loose(builder as (f: never) => unknown), fields);
    expect(e.field).toBe(field);
    expect(e.message).toBe(`${e.typeName}.${field}: ${problem}`);
  });

  it("names the element of an array that has the wrong kind", () => {
    const e = failure(loose(InputSticker), { sticker: "id", format: "static", emoji_list: ["🙂", 7] });
    expect(e.message).toBe(
      "InputSticker.emoji_list: expected an array of strings, but item [1] is the number 7",
    );
  });

  it("accepts uploads of every form where the spec takes an InputFile", () => {
    for (const media of [InputFile.fromPath("/tmp/x.jpg"), new Uint8Array([1]), new Blob(["x"]), "file_id"]) {
      expect(InputMediaPhoto({ media }).media).toBe(media);
    }
    // an upload is not an object where a Bot API object is expected
    expect(
      failure(loose(InlineQueryResultArticle), { ...article, input_message_content: new Uint8Array() }).field,
    ).toBe("input_message_content");
  });

  it("checks byte limits in UTF-8 bytes", () => {
    expect(InlineKeyboardButton({ text: "b", callback_data: "x".repeat(64) }).callback_data).toHaveLength(64);
    const e = failure(loose(InlineKeyboardButton), { text: "b", callback_data: "é".repeat(33) });
    expect(e.message).toBe("InlineKeyboardButton.callback_data: must be 1-64 bytes (UTF-8), got 66");
    expect(failure(loose(InlineKeyboardButton), { text: "b", callback_data: "" }).field).toBe(
      "callback_data",
    );
    expect(failure(loose(InlineQueryResultArticle), { ...article, id: "x".repeat(65) }).field).toBe("id");
  });

  it("checks character limits in code points", () => {
    expect(InputTextMessageContent({ message_text: "😀".repeat(4096) }).message_text).toHaveLength(8192);
    const e = failure(loose(InputTextMessageContent), { message_text: "x".repeat(4097) });
    expect(e.message).toBe(
      "InputTextMessageContent.message_text: must be 1-4096 characters after entities parsing, got 4097",
    );
    expect(failure(loose(InputTextMessageContent), { message_text: "" }).message).toContain(
      "must be 1-4096 characters",
    );
  });

  it("leaves the maximum of a text with a parse mode to the server, but not its minimum", () => {
    const marked = `<b>${"x".repeat(4090)}</b>`;
    expect(InputTextMessageContent({ message_text: marked, parse_mode: "HTML" }).message_text).toBe(marked);
    expect(failure(loose(InputTextMessageContent), { message_text: marked }).field).toBe("message_text");
    expect(failure(loose(InputTextMessageContent), { message_text: "", parse_mode: "HTML" }).field).toBe(
      "message_text",
    );
    // a field's own parse mode counts too (text_parse_mode for text)
    expect(
      InputPollOption({ text: `*${"x".repeat(100)}*`, text_parse_mode: "MarkdownV2" }).text,
    ).toHaveLength(102);
    expect(failure(loose(InputPollOption), { text: "x".repeat(101) }).field).toBe("text");
    expect(ReplyParameters({ quote: "q".repeat(1030), quote_parse_mode: "HTML" }).quote).toHaveLength(1030);
  });

  it("checks documented numeric ranges and item counts", () => {
    const map = { location: {}, zoom: 25, width: 100, height: 100 };
    expect(failure(loose(InputRichBlockMap), map).message).toBe(
      "InputRichBlockMap.zoom: must be between 0 and 24, got 25",
    );
    expect(InputRichBlockMap({ ...map, location: { latitude: 0, longitude: 0 }, zoom: 0 }).zoom).toBe(0);
    const task = { id: 1, text: "t" };
    expect(failure(loose(InputChecklist), { title: "t", tasks: [] }).message).toBe(
      "InputChecklist.tasks: must have 1-30 items, got 0",
    );
    expect(failure(loose(InputChecklist), { title: "t", tasks: Array(31).fill(task) }).field).toBe("tasks");
    expect(InputChecklist({ title: "t", tasks: Array(30).fill(task) }).tasks).toHaveLength(30);
  });

  it("rejects an unknown field, suggesting the nearest known one", () => {
    const e = failure(loose(InlineQueryResultArticle), { ...article, titel: "typo" });
    expect(e.field).toBe("titel");
    expect(e.message).toBe('InlineQueryResultArticle.titel: unknown field (did you mean "title"?)');
    expect(failure(loose(InlineQueryResultArticle), { ...article, zzz: 1 }).message).toBe(
      "InlineQueryResultArticle.zzz: unknown field",
    );
  });

  it("rejects a constant field with another value, and accepts the right one", () => {
    const e = failure(loose(InlineQueryResultArticle), { ...article, type: "photo" });
    expect(e.message).toBe(
      'InlineQueryResultArticle.type: is always "article" (the builder fills it in), got "photo"',
    );
    expect(loose(InlineQueryResultArticle)({ ...article, type: "article" })).toStrictEqual({
      type: "article",
      ...article,
    });
  });

  it("rejects input that is not an object of fields", () => {
    for (const input of ["hi", 5, null, [article]]) {
      const e = failure(loose(InlineQueryResultArticle), input);
      expect(e.field).toBeUndefined();
      expect(e.message).toMatch(/^InlineQueryResultArticle: expected an object of fields, got /);
    }
  });
});

describe("the rule format and the measures", () => {
  it("reads a rule string", () => {
    expect(parseRules("id:s!=1-64b chat_id:i|s keyboard:[[o tasks:[o!=1-30#")).toStrictEqual([
      { name: "id", kinds: ["s"], required: true, limit: { min: 1, max: 64, unit: "b" } },
      { name: "chat_id", kinds: ["i", "s"], required: false, limit: undefined },
      { name: "keyboard", kinds: ["[[o"], required: false, limit: undefined },
      { name: "tasks", kinds: ["[o"], required: true, limit: { min: 1, max: 30, unit: "#" } },
    ]);
    expect(parseRules("")).toStrictEqual([]);
    expect(() => parseRules("id:s!=64")).toThrow(/malformed builder rule/);
  });

  it("counts code points and UTF-8 bytes", () => {
    for (const text of ["", "abc", "é", "€", "😀", "a😀b", "\ud800", "\ud800x", "\udc00"]) {
      expect(utf8Length(text), text).toBe(Buffer.byteLength(text, "utf8"));
      expect(codePoints(text), text).toBe([...text].length);
    }
  });
});
