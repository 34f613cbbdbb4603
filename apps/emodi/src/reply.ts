// What Emodi answers: the greeting for /start, otherwise the escapes of the first 10 code points
// and the name of every emoji among them, with a button per emoji.
import type { InlineKeyboardMarkup } from "@telepot/async";
import { emojiKeyboard } from "./buttons.ts";
import { decodedEmoji } from "./emoji-segments.ts";
import { codePoints, escapeCodePoint } from "./escape.ts";

/** The update kinds Emodi reads: text messages, and presses on its emoji buttons. */
export const ALLOWED_UPDATES = ["message", "callback_query"] as const;

/** How many code points Emodi decodes. */
export const LIMIT = 10;

/** The answer to an exact `/start` (the seed's Python 2 hint, adapted to JavaScript). */
export const GREETING =
  "You send me an Emoji\nI give you the Unicode\n\nIn JavaScript, write it with a code point escape, e.g. 😄 is '\\u{1F604}'";

/** A reply: its text, and an inline keyboard when the text held emoji. */
export interface EmodiReply {
  readonly text: string;
  readonly reply_markup?: InlineKeyboardMarkup;
}

/** The escapes of the first {@link LIMIT} code points of `text`. */
export function escapes(text: string): string {
  const points = codePoints(text);
  const head = points.length > LIMIT ? `First ${LIMIT} characters:\n` : "";
  return head + points.slice(0, LIMIT).map(escapeCodePoint).join("");
}

/** The reply to a text message. */
export function emodiReply(text: string): EmodiReply {
  if (text === "/start") return { text: GREETING };
  const emoji = decodedEmoji(text, LIMIT);
  if (emoji.length === 0) return { text: escapes(text) };
  const names = emoji.map((e) => `${e.emoji} ${e.name}`).join("\n");
  const keyboard = emojiKeyboard(emoji);
  return { text: `${escapes(text)}\n\n${names}`, ...(keyboard ? { reply_markup: keyboard } : {}) };
}
