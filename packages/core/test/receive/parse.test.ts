import { describe, expect, it } from "vitest";
import { MalformedUpdate, TelepotError } from "../../src/index.js";
import { isUpdate, parseUpdate } from "../../src/internal.js";

describe("parseUpdate", () => {
  const update = { update_id: 7, message: { message_id: 1, text: "héllo 😄" } };
  const json = JSON.stringify(update);

  it("reads bytes, JSON text and objects", () => {
    expect(parseUpdate(new TextEncoder().encode(json))).toEqual(update);
    expect(parseUpdate(Buffer.from(json))).toEqual(update);
    expect(parseUpdate(new TextEncoder().encode(json).buffer)).toEqual(update);
    expect(parseUpdate(json)).toEqual(update);
    expect(parseUpdate(update)).toBe(update);
  });

  it("refuses non-JSON, keeping the text", () => {
    const error = (() => {
      try {
        parseUpdate("{nope");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MalformedUpdate);
    expect(error).toBeInstanceOf(TelepotError);
    expect((error as MalformedUpdate).offender).toBe("{nope");
    expect((error as Error).message).toMatch(/not JSON/);
  });

  it("refuses bytes that are not UTF-8", () => {
    expect(() => parseUpdate(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(/not UTF-8/);
  });

  it("refuses values that are not updates", () => {
    for (const bad of ["[]", "null", "42", '{"message":{}}', '{"update_id":"5"}', '{"update_id":1.5}']) {
      expect(() => parseUpdate(bad)).toThrow(MalformedUpdate);
    }
    expect(() => parseUpdate(42)).toThrow(/got number/);
    expect(() => parseUpdate(undefined)).toThrow(/got undefined/);
    expect(() => parseUpdate({ message: {} })).toThrow(/update_id/);
    expect(() => parseUpdate([])).toThrow(MalformedUpdate);
  });

  it("isUpdate checks for an integer update_id on an object", () => {
    expect(isUpdate({ update_id: 0 })).toBe(true);
    expect(isUpdate({ update_id: Number.NaN })).toBe(false);
    expect(isUpdate(null)).toBe(false);
  });
});
