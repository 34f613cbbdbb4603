// What Emodi answers: the greeting for /start, otherwise the escapes of the first 10 code points.
import { codePoints, escapeCodePoint } from "./escape.ts";

/** How many code points Emodi decodes. */
export const LIMIT = 10;

/** The answer to an exact `/start` (the seed's Python 2 hint, adapted to JavaScript). */
export const GREETING =
  "You send me an Emoji\nI give you the Unicode\n\nIn JavaScript, write it with a code point escape, e.g. 😄 is '\\u{1F604}'";

/** The reply to a text message. */
export function emodiReply(text: string): string {
  if (text === "/start") return GREETING;
  const points = codePoints(text);
  const head = points.length > LIMIT ? "First 10 characters:\n" : "";
  return head + points.slice(0, LIMIT).map(escapeCodePoint).join("");
}
