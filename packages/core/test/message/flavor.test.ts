import { describe, expect, expectTypeOf, it } from "vitest";
import {
  BadFlavor,
  type CallbackQuery,
  eventName,
  FLAVORS,
  flavor,
  hasFlavor,
  isEvent,
  TelepotError,
  UPDATE_FLAVORS,
  UPDATE_KINDS,
} from "../../src/index.js";
import { fieldsOf, fieldType, sample } from "../fixtures/from-spec.js";
import { callbackQuery, chosenInlineResult, inlineQuery, textMessage } from "../fixtures/messages.js";
import { updates } from "../fixtures/updates.js";

describe("flavor of every update kind's object", () => {
  for (const kind of UPDATE_KINDS) {
    const typeName = fieldType("Update", kind);
    const expected = UPDATE_FLAVORS[kind];

    it(`${kind}: a ${typeName} with only its required fields is ${expected}`, () => {
      expect(flavor(sample(typeName, "required"))).toBe(expected);
    });

    it(`${kind}: a ${typeName} with every field set is ${expected}`, () => {
      expect(flavor(sample(typeName, "all"))).toBe(expected);
    });

    it(`${kind}: the hand-written update's object is ${expected}`, () => {
      expect(flavor(updates[kind][kind])).toBe(expected);
    });
  }

  it("tells a stopped draft (Bot API 10.3) by its chat and draft_id", () => {
    const stopped = { chat: { id: 5, type: "private" }, draft_id: 9 };
    expect(flavor(stopped)).toBe("stopped_message_generation");
    expect(hasFlavor(stopped, "stopped_message_generation")).toBe(true);
    expect(UPDATE_FLAVORS.stopped_message_generation).toBe("stopped_message_generation");
  });

  it("gives every flavor to some update kind", () => {
    expect(new Set(Object.values(UPDATE_FLAVORS))).toEqual(new Set(FLAVORS));
  });

  it("gives kinds with the same object type the same flavor, and Message kinds 'normal'", () => {
    for (const kind of UPDATE_KINDS) {
      for (const other of UPDATE_KINDS) {
        if (fieldType("Update", kind) === fieldType("Update", other)) {
          expect([kind, UPDATE_FLAVORS[kind]]).toEqual([kind, UPDATE_FLAVORS[other]]);
        }
      }
      if (fieldType("Update", kind) === "Message") expect(UPDATE_FLAVORS[kind]).toBe("normal");
    }
  });

  it("covers every field of Update besides update_id", () => {
    const fields = fieldsOf("Update").map((f) => f.name);
    expect(fields.filter((f) => f !== "update_id")).toEqual([...UPDATE_KINDS]);
  });
});

describe("flavor of other objects", () => {
  it("reads the seed's flavors on hand-written objects", () => {
    expect(flavor(textMessage)).toBe("normal");
    expect(flavor(inlineQuery)).toBe("inline_query");
    expect(flavor(chosenInlineResult)).toBe("chosen_inline_result");
    expect(flavor(callbackQuery)).toBe("callback_query");
  });

  it("reads a callback query's inaccessible message as normal", () => {
    expect(flavor(sample("InaccessibleMessage"))).toBe("normal");
  });

  it("reads a telepot event's single underscore key as its flavor", () => {
    expect(flavor({ _idle: { source: { space: 1, id: 42 }, seconds: 10 } })).toBe("_idle");
    expect(flavor({ _alarm: null })).toBe("_alarm");
  });

  it("tells events by their flavor", () => {
    expect(isEvent("_idle")).toBe(true);
    expect(isEvent("normal")).toBe(false);
    expect(isEvent("_")).toBe(false);
    expect(isEvent("")).toBe(false);
  });

  it("names an event object: exactly one key, an event flavor", () => {
    expect(eventName({ _alarm: { n: 1 } })).toBe("_alarm");
    expect(eventName({ _: {} })).toBeUndefined();
    expect(eventName({ _alarm: {}, _other: {} })).toBeUndefined();
    expect(eventName({ alarm: {} })).toBeUndefined();
    expect(eventName(textMessage)).toBeUndefined();
    expect(eventName(null)).toBeUndefined();
  });

  it.each([
    ["an empty object", {}],
    ["an object of no known shape", { foo: 1, bar: "x" }],
    ["a single key without an underscore", { idle: {} }],
    ["two underscore keys", { _idle: {}, _alarm: {} }],
    ["a lone underscore", { _: {} }],
    ["null", null],
    ["a string", "hello"],
    ["a number", 42],
    ["an array", [textMessage]],
  ])("throws BadFlavor carrying %s", (_label, value) => {
    let caught: unknown;
    try {
      flavor(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadFlavor);
    expect(caught).toBeInstanceOf(TelepotError);
    expect(caught).toBeInstanceOf(Error);
    expect((caught as BadFlavor).offender).toBe(value);
    expect((caught as BadFlavor).name).toBe("BadFlavor");
    expect((caught as BadFlavor).message).toMatch(/flavor/);
  });

  it("does not take a half-built object for the flavor it resembles", () => {
    // An inline query without offset, a poll answer without option_ids: missing required fields.
    expect(() => flavor({ id: "1", from: {}, query: "q" })).toThrow(BadFlavor);
    expect(() => flavor({ poll_id: "1" })).toThrow(BadFlavor);
  });
});

describe("hasFlavor", () => {
  it("answers as flavor does, without throwing", () => {
    expect(hasFlavor(callbackQuery, "callback_query")).toBe(true);
    expect(hasFlavor(callbackQuery, "inline_query")).toBe(false);
    expect(hasFlavor(updates.message_reaction.message_reaction, "normal")).toBe(false);
    expect(hasFlavor(null, "normal")).toBe(false);
  });

  it("narrows to the flavor's type", () => {
    const value: unknown = callbackQuery;
    if (hasFlavor(value, "callback_query")) expectTypeOf(value).toEqualTypeOf<CallbackQuery>();
    expect(hasFlavor(value, "callback_query")).toBe(true);
  });
});
