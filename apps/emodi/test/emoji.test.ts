// Emodi's emoji naming and buttons: whole sequences named as CLDR names, the keyboard within
// Telegram's limits, and the answer to a press.
import { describe, expect, it } from "vitest";
import { CALLBACK_DATA_MAX_BYTES, codePointList, emojiKeyboard, pressAnswer } from "../src/buttons.ts";
import { emojiName } from "../src/emoji-names.ts";
import { decodedEmoji } from "../src/emoji-segments.ts";
import { emodiReply, GREETING } from "../src/reply.ts";

describe("emojiName", () => {
  it.each([
    ["😄", "grinning face with smiling eyes"],
    ["👩🏽‍💻", "woman technologist: medium skin tone"],
    ["👍🏽", "thumbs up: medium skin tone"],
    ["🇺🇦", "flag: Ukraine"],
    ["🏴󠁧󠁢󠁥󠁮󠁧󠁿", "flag: England"],
    ["❤️", "red heart"],
    ["❤", "red heart"],
    ["1️⃣", "keycap: 1"],
    ["🐈‍⬛", "black cat"],
    ["🧑🏿‍🤝‍🧑🏻", "people holding hands: dark skin tone, light skin tone"],
  ])("names %s as a whole: %s", (emoji, name) => {
    expect(emojiName(emoji)).toBe(name);
  });

  it("names a sequence the dataset lacks from its parts", () => {
    expect(emojiName("🦖🏽")).toBe("T-Rex: medium skin tone");
    expect(emojiName("😄\u200d🐈")).toBe("grinning face with smiling eyes + cat");
    expect(emojiName("🇦🇦")).toBe("regional indicator A + regional indicator A");
  });

  it("names nothing that is not an emoji", () => {
    for (const text of ["a", "1", "é", " ", "世"]) expect(emojiName(text)).toBeUndefined();
  });
});

describe("decodedEmoji", () => {
  it("segments by grapheme, keeps each emoji once, and stops at the code point limit", () => {
    const found = decodedEmoji("hi 👩🏽‍💻🇺🇦😄😄", 10);
    expect(found.map((e) => e.emoji)).toEqual(["👩🏽‍💻", "🇺🇦", "😄"]);
    // The first 4 code points are "hi 👩": the technologist starts within them and is named whole.
    expect(decodedEmoji("hi 👩🏽‍💻🇺🇦", 4)).toEqual([
      { emoji: "👩🏽‍💻", name: "woman technologist: medium skin tone" },
    ]);
  });
});

describe("emodiReply", () => {
  it("adds the names and a keyboard to the escapes", () => {
    const reply = emodiReply("👩🏽‍💻🇺🇦");
    expect(reply.text).toBe(
      "\\U0001f469\\U0001f3fd\\u200d\\U0001f4bb\\U0001f1fa\\U0001f1e6\n\n👩🏽‍💻 woman technologist: medium skin tone\n🇺🇦 flag: Ukraine",
    );
    expect(reply.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: "👩🏽‍💻", callback_data: "👩🏽‍💻" },
          { text: "🇺🇦", callback_data: "🇺🇦" },
        ],
      ],
    });
  });

  it("has no keyboard for text without emoji, nor for /start", () => {
    expect(emodiReply("abc")).toEqual({ text: "abc" });
    expect(emodiReply("/start")).toEqual({ text: GREETING });
  });
});

describe("emojiKeyboard", () => {
  it("keeps to Telegram's limits: rows of at most 8, callback_data of at most 64 bytes", () => {
    const many = [..."😀😁😂🤣😃😄😅😆😉😊😋"].map((emoji) => ({ emoji, name: "x" }));
    const long = { emoji: "👩‍❤️‍💋‍👨".repeat(3), name: "long" };
    expect(Buffer.byteLength(long.emoji)).toBeGreaterThan(CALLBACK_DATA_MAX_BYTES);
    const keyboard = emojiKeyboard([...many, long]);
    const buttons = keyboard?.inline_keyboard.flat() ?? [];
    expect(buttons).toHaveLength(many.length);
    for (const row of keyboard?.inline_keyboard ?? []) expect(row.length).toBeLessThanOrEqual(8);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data ?? "")).toBeLessThanOrEqual(64);
    expect(emojiKeyboard([long])).toBeUndefined();
  });
});

describe("pressAnswer", () => {
  it("answers the code points and the name", () => {
    expect(codePointList("👩‍💻")).toBe("U+1F469 U+200D U+1F4BB");
    expect(pressAnswer("🇺🇦")).toBe("U+1F1FA U+1F1E6: flag: Ukraine");
    expect(pressAnswer("ab")).toBe("U+0061 U+0062: not an emoji I know");
    expect(Array.from(pressAnswer("👍".repeat(100))).length).toBeLessThanOrEqual(200);
  });
});
