// Emodi's inline keyboard: a button per emoji; a press answers the emoji's code points and name.
// The button's callback_data is the emoji itself, so a press needs no state on the bot's side.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "@telepot/async";
import { emojiName } from "./emoji-names.ts";
import type { NamedEmoji } from "./emoji-segments.ts";

/** Telegram's limit on a button's callback_data, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
/** Telegram's limit on the buttons of one inline keyboard. */
export const MAX_BUTTONS = 100;
/** Buttons per row (Telegram allows 8; 5 fit a phone's width with emoji on them). */
export const BUTTONS_PER_ROW = 5;
/** Telegram's limit on the text of answerCallbackQuery, in characters. */
export const ANSWER_MAX_CHARS = 200;

/** The keyboard for `emoji`, or undefined when none fits in a button. */
export function emojiKeyboard(emoji: readonly NamedEmoji[]): InlineKeyboardMarkup | undefined {
  const buttons: InlineKeyboardButton[] = emoji
    // An emoji longer than 64 bytes of UTF-8 (an unusually long sequence) gets no button.
    .filter((e) => Buffer.byteLength(e.emoji, "utf8") <= CALLBACK_DATA_MAX_BYTES)
    .slice(0, MAX_BUTTONS)
    .map((e) => ({ text: e.emoji, callback_data: e.emoji }));
  if (buttons.length === 0) return undefined;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) rows.push(buttons.slice(i, i + BUTTONS_PER_ROW));
  return { inline_keyboard: rows };
}

/** `U+1F469 U+200D U+1F4BB`: the code points of `text` as Unicode writes them. */
export function codePointList(text: string): string {
  return Array.from(
    text,
    (c) => `U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}`,
  ).join(" ");
}

/** The answer to a press on the button whose callback_data is `data`. */
export function pressAnswer(data: string): string {
  const answer = `${codePointList(data)}: ${emojiName(data) ?? "not an emoji I know"}`;
  const chars = Array.from(answer);
  return chars.length <= ANSWER_MAX_CHARS ? answer : `${chars.slice(0, ANSWER_MAX_CHARS - 1).join("")}…`;
}
