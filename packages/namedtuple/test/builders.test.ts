// Every generated builder against the spec: one builder per concrete type a bot sends, each
// round-tripping a complete object (every field set) and filling in exactly its constant fields.
import { InputFile } from "@telepot/core";
import { describe, expect, it } from "vitest";
import * as builders from "../src/generated/builders.js";
import * as namedtuple from "../src/index.js";
import { concreteSentTypes, type Field, spec, type Type } from "./spec.js";

type AnyBuilder = (fields?: unknown) => Record<string, unknown>;
const builderOf = (name: string) => (builders as unknown as Record<string, AnyBuilder>)[name] as AnyBuilder;

/** The value a field must hold, read from the spec's wording, or undefined for a free field. */
function constantOf(field: Field): unknown {
  if (field.required && field.types.length === 1 && field.types[0] === "True") return true;
  if (!["type", "status", "source"].includes(field.name)) return undefined;
  return /(?:always|must be)\s+['"“]?([a-z][a-z0-9_]*)['"”]?\.?$/.exec(field.description)?.[1];
}

/** A valid value of a spec type, within every limit the spec documents for these fields. */
function sampleOf(type: string, field: Field): unknown {
  if (type.startsWith("Array of ")) return [sampleOf(type.slice("Array of ".length), field)];
  switch (type) {
    case "String":
      return field.description.includes("attach://") ? new InputFile(new Uint8Array([1])) : "x";
    case "Integer":
      return 1;
    case "Float":
      return 1.5;
    case "Boolean":
      return false;
    case "True":
      return true;
    case "InputFile":
      return new InputFile(new Uint8Array([1, 2]), { filename: "a.bin" });
    default:
      return spec.types[type]?.subtypes?.includes("String") ? "rich text" : { nested: type };
  }
}

/** Every field of a type set to a sample value, except the constant ones. */
function completeFields(t: Type): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of t.fields ?? []) {
    if (constantOf(f) === undefined) out[f.name] = sampleOf(f.types[0] as string, f);
  }
  return out;
}

const expected = [...concreteSentTypes()].sort();

describe("generated builders", () => {
  it("exist for exactly the concrete types reachable from method parameters", () => {
    expect([...builders.BUILDER_NAMES].sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(150);
    for (const name of expected) expect(typeof builderOf(name), name).toBe("function");
    expect(expected).not.toContain("InputFile");
    expect(expected).not.toContain("InlineQueryResult");
  });

  it("cover every family the issue names", () => {
    const families = [
      "InlineQueryResultArticle",
      "InlineQueryResultCachedSticker",
      "InputTextMessageContent",
      "InputInvoiceMessageContent",
      "InlineKeyboardButton",
      "KeyboardButton",
      "ReplyKeyboardRemove",
      "ForceReply",
      "InputMediaPhoto",
      "InputMediaVoiceNote",
      "InputPaidMediaVideo",
      "InputSticker",
      "BotCommand",
      "BotCommandScopeChatMember",
      "ReplyParameters",
      "LinkPreviewOptions",
      "MenuButtonWebApp",
      "ReactionTypeEmoji",
      "PassportElementErrorDataField",
      "LabeledPrice",
      "ShippingOption",
      "InputStoryContentVideo",
      "InputProfilePhotoAnimated",
      "InputRichBlockParagraph",
    ];
    for (const name of families) expect(expected, name).toContain(name);
  });

  it("include the input types new in Bot API 10.3", () => {
    for (const name of [
      "EphemeralMessageParameters",
      "DisabledButton",
      "RichMessageButton",
      "RichTextButton",
      "InputRichBlockExpandableBlockQuotation",
      "InputRichBlockButtons",
      "InputRichBlockDocument",
    ]) {
      expect(builders.BUILDER_NAMES, name).toContain(name);
    }
    expect(builders.EphemeralMessageParameters({ receiver_user_id: 5 })).toStrictEqual({
      receiver_user_id: 5,
    });
    expect(
      builders.InputRichBlockButtons({ buttons: [{ text: "Go", url: "https://example.com" }] }),
    ).toStrictEqual({
      type: "buttons",
      buttons: [{ text: "Go", url: "https://example.com" }],
    });
    // "List of 1-8 buttons" and a required receiver are checked
    expect(() => builders.InputRichBlockButtons({ buttons: [] })).toThrow(/buttons/);
    expect(() => builders.EphemeralMessageParameters({} as never)).toThrow(/receiver_user_id/);
  });

  it.each(expected)("%s round-trips a complete object", (name) => {
    const t = spec.types[name] as Type;
    const fields = completeFields(t);
    const constants = Object.fromEntries(
      (t.fields ?? []).flatMap((f) => {
        const value = constantOf(f);
        return value === undefined ? [] : [[f.name, value]];
      }),
    );
    const built = builderOf(name)(fields);
    expect(built).toStrictEqual({ ...constants, ...fields });
    // a new object, not the caller's, with the constants first
    expect(built).not.toBe(fields);
    expect(Object.keys(built).slice(0, Object.keys(constants).length)).toEqual(Object.keys(constants));
    // and the same again through the package's entry point (the keyboard helpers re-route three names)
    const viaIndex = (namedtuple as unknown as Record<string, AnyBuilder>)[name] as AnyBuilder;
    expect(viaIndex(fields)).toStrictEqual(built);
  });

  it("fill in the discriminator the core types declare", () => {
    expect(builders.InlineQueryResultPhoto({ id: "1", photo_url: "u", thumbnail_url: "t" }).type).toBe(
      "photo",
    );
    expect(builders.BotCommandScopeDefault()).toStrictEqual({ type: "default" });
    expect(builders.ReactionTypeEmoji({ emoji: "👍" })).toStrictEqual({ type: "emoji", emoji: "👍" });
    expect(
      builders.PassportElementErrorFile({ type: "utility_bill", file_hash: "h", message: "m" }),
    ).toStrictEqual({
      source: "file",
      type: "utility_bill",
      file_hash: "h",
      message: "m",
    });
    expect(builders.ReplyKeyboardRemove()).toStrictEqual({ remove_keyboard: true });
    expect(builders.CallbackGame()).toStrictEqual({});
  });
});
