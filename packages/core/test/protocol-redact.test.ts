// Property tests of token redaction: a text quoting the token, cut anywhere (before or after
// redaction), never leaves a piece of the token's secret part or a prefix of the token reaching it.
import { expect, test } from "vitest";
import { BadHTTPResponse, BODY_EXCERPT_LENGTH } from "../src/index.js";
import { decodeResponse, MIN_SECRET_FRAGMENT, redactError, redactText } from "../src/internal.js";
import { seededRandom } from "./fixtures/seeded-random.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

function tokenFrom(next: () => number): string {
  const id = String(1 + Math.floor(next() * 9_999_999_999));
  let secret = "";
  for (let i = 0; i < 35; i++) secret += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return `${id}:${secret}`;
}

// Every leak the redaction must prevent, in `text`, for `token`.
function leaks(text: string, token: string): string[] {
  const found: string[] = [];
  const secret = token.slice(token.indexOf(":") + 1);
  for (let i = 0; i + MIN_SECRET_FRAGMENT <= secret.length; i++) {
    const piece = secret.slice(i, i + MIN_SECRET_FRAGMENT);
    if (text.includes(piece)) found.push(piece);
  }
  // A prefix of the token that reaches into the secret part.
  const prefix = token.slice(0, token.indexOf(":") + 2);
  if (text.includes(prefix)) found.push(prefix);
  return found;
}

test("a text quoting the token, cut at any position, then redacted, keeps no piece of the secret", () => {
  const next = seededRandom(14);
  for (let round = 0; round < 400; round++) {
    const token = tokenFrom(next);
    const filler = "x".repeat(Math.floor(next() * 60));
    const text = `<html>Not found: POST /bot${token}/getMe ${filler} (${encodeURIComponent(token)})</html>`;
    const cut = Math.floor(next() * text.length);
    const start = Math.floor(next() * cut);
    for (const piece of [text.slice(0, cut), text.slice(start, cut), `${text.slice(0, cut)}…`]) {
      expect(leaks(redactText(piece, token), token), piece).toEqual([]);
    }
    // Redacting first, then cutting, leaves nothing either.
    expect(leaks(redactText(text, token).slice(0, cut), token)).toEqual([]);
  }
});

test("the secret part alone is redacted, and innocent text is left alone", () => {
  const token = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
  expect(redactText("secret AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw here", token)).toBe("secret <token> here");
  expect(redactText("bot 123456: hello, getMe failed", token)).toBe("bot 123456: hello, getMe failed");
  expect(redactText("ends with 123456:AAH", token)).toBe("ends with <token>");
});

test("BadHTTPResponse redacts before cutting: a reply quoting the path leaves no part of the token", () => {
  const next = seededRandom(7);
  for (let round = 0; round < 200; round++) {
    const token = tokenFrom(next);
    const lead = "y".repeat(Math.floor(next() * (BODY_EXCERPT_LENGTH + 10)));
    const body = `${lead}/bot${token}/sendMessage`;
    try {
      decodeResponse("sendMessage", 502, body, token);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BadHTTPResponse);
      const { message, body: excerpt } = error as BadHTTPResponse;
      expect(leaks(message, token)).toEqual([]);
      expect(leaks(excerpt, token)).toEqual([]);
    }
  }
});

test("a redacted DOMException (a timed-out signal's reason) can still be printed", async () => {
  const signal = AbortSignal.timeout(1);
  await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
  const reason = signal.reason as DOMException;
  const outer = new Error("wrapped", { cause: reason });
  const clean = redactError(outer, "1:tok") as Error;
  expect(() => String(clean.cause)).not.toThrow();
  expect(String(clean.cause)).toMatch(/TimeoutError/);
  expect((clean.cause as DOMException).name).toBe("TimeoutError");
  expect(clean.cause).toBeInstanceOf(DOMException);
});
