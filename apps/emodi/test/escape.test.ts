// Emodi's reply text: Python's unicode-escape, counted in code points.
import { describe, expect, it } from "vitest";
import { unicodeEscape } from "../src/escape.ts";
import { emodiReply, escapes, GREETING } from "../src/reply.ts";

describe("unicodeEscape", () => {
  it("writes astral code points as \\U and 8 lowercase hex digits", () => {
    expect(unicodeEscape("😄")).toBe("\\U0001f604");
  });

  it("escapes every code point of a ZWJ sequence, a flag, a skin tone and a keycap", () => {
    expect(unicodeEscape("👨‍👩‍👧")).toBe("\\U0001f468\\u200d\\U0001f469\\u200d\\U0001f467");
    expect(unicodeEscape("🇯🇵")).toBe("\\U0001f1ef\\U0001f1f5");
    expect(unicodeEscape("👍🏽")).toBe("\\U0001f44d\\U0001f3fd");
    expect(unicodeEscape("1️⃣")).toBe("1\\ufe0f\\u20e3");
  });

  it("keeps printable ASCII and quotes, escapes backslash and control characters like Python", () => {
    expect(unicodeEscape(`a "b" 'c' \\ ~`)).toBe(`a "b" 'c' \\\\ ~`);
    expect(unicodeEscape("\t\n\r\x00\x1f\x7f")).toBe("\\t\\n\\r\\x00\\x1f\\x7f");
    expect(unicodeEscape("é\u00a0ÿĀ中")).toBe("\\xe9\\xa0\\xff\\u0100\\u4e2d");
  });

  it("escapes a lone surrogate as one code point", () => {
    expect(unicodeEscape("\ud83d")).toBe("\\ud83d");
  });
});

describe("emodiReply and its escapes", () => {
  it("greets on an exact /start only", () => {
    expect(emodiReply("/start").text).toBe(GREETING);
    expect(GREETING).toContain("😄 is '\\u{1F604}'");
    expect(emodiReply("/start now").text).toBe("/start now");
  });

  it("decodes up to 10 code points without a header", () => {
    expect(escapes("hello")).toBe("hello");
    expect(escapes("😄".repeat(10))).toBe("\\U0001f604".repeat(10));
  });

  it("announces the cut when the text has more than 10 code points", () => {
    expect(escapes("Hello, world!")).toBe("First 10 characters:\nHello, wor");
    // 11 code points in 22 UTF-16 units: counted as code points, cut between whole emoji.
    expect(escapes("😄".repeat(11))).toBe(`First 10 characters:\n${"\\U0001f604".repeat(10)}`);
    // A ZWJ family is 5 code points: two of them fill the 10.
    expect(escapes("👨‍👩‍👧👨‍👩‍👧!")).toBe(
      "First 10 characters:\n\\U0001f468\\u200d\\U0001f469\\u200d\\U0001f467\\U0001f468\\u200d\\U0001f469\\u200d\\U0001f467",
    );
  });
});
