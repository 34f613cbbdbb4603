import { expect, test } from "vitest";
import {
  decodeStartPayload,
  decodeStartPayloadText,
  encodeStartPayload,
  isStartPayload,
  parseStartCommand,
  startLink,
} from "../src/index.js";

test("startLink builds start and startgroup links", () => {
  expect(startLink("my_bot", "ref-42_x")).toBe("https://t.me/my_bot?start=ref-42_x");
  expect(startLink("@my_bot", "abc", { group: true })).toBe("https://t.me/my_bot?startgroup=abc");
});

test("startLink rejects payloads Telegram would not pass on, and bad usernames", () => {
  expect(() => startLink("my_bot", "")).toThrow(RangeError);
  expect(() => startLink("my_bot", "has space")).toThrow(/1-64 characters of A-Z a-z 0-9 _ -/);
  expect(() => startLink("my_bot", "a".repeat(65))).toThrow(/got 65 characters/);
  expect(() => startLink("my_bot", "é")).toThrow(RangeError);
  expect(() => startLink("my bot", "x")).toThrow(/Not a bot username/);
  expect(startLink("my_bot", "a".repeat(64))).toMatch(/start=a{64}$/);
  expect(isStartPayload("a+b")).toBe(false);
});

test("base64url payloads round-trip text and bytes of every length up to 48", () => {
  for (let length = 1; length <= 48; length++) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length) & 255);
    const payload = encodeStartPayload(bytes);
    expect(isStartPayload(payload)).toBe(true);
    expect(payload).toBe(Buffer.from(bytes).toString("base64url"));
    expect(decodeStartPayload(payload)).toEqual(bytes);
  }
  const text = "user=42;ref=Café ☕";
  expect(decodeStartPayloadText(encodeStartPayload(text))).toBe(text);
  expect(startLink("b", encodeStartPayload(text))).toContain("start=");
});

test("data that does not fit is refused, as is a payload that is not base64url", () => {
  expect(() => encodeStartPayload(new Uint8Array(49))).toThrow(/49 bytes does not fit/);
  expect(() => encodeStartPayload("")).toThrow(RangeError);
  expect(() => decodeStartPayload("a+b")).toThrow(RangeError);
  expect(() => decodeStartPayload("abcde")).toThrow(RangeError);
});

test("parseStartCommand reads the payload back from a message", () => {
  expect(parseStartCommand("/start ref-42")).toEqual({ payload: "ref-42", botUsername: undefined });
  expect(parseStartCommand({ text: "/start@my_bot abc" })).toEqual({ payload: "abc", botUsername: "my_bot" });
  expect(parseStartCommand("/start")).toEqual({ payload: undefined, botUsername: undefined });
  expect(parseStartCommand("/starts x")).toBeUndefined();
  expect(parseStartCommand("hello /start x")).toBeUndefined();
  expect(parseStartCommand({})).toBeUndefined();
});
