// Keyboard helpers beyond the one-to-one builders, for the way telepot's users wrote keyboards:
// a reply keyboard from rows of strings, the old name ReplyKeyboardHide, and an inline keyboard
// built button by button. Everything still goes through the generated builders, so the same
// checks apply (callback_data 1-64 bytes, ...), and the results are the same plain objects.
import type * as T from "@telepot/core";
import * as generated from "./generated/builders.js";

/** A row of a reply keyboard: a string stands for a button with that text. */
export type ReplyKeyboardRow = readonly (string | T.KeyboardButton)[];

/** The fields of a reply keyboard, where a button may be written as its text. */
export type ReplyKeyboardFields = Omit<T.ReplyKeyboardMarkup, "keyboard"> & {
  /** The rows of buttons, top to bottom. */
  keyboard: readonly ReplyKeyboardRow[];
};

/** Every field of a reply keyboard except its rows. */
export type ReplyKeyboardOptions = Omit<T.ReplyKeyboardMarkup, "keyboard">;

/**
 * A custom reply keyboard. Either rows first, `ReplyKeyboardMarkup([["Yes", "No"], ["Maybe"]],
 * { resize_keyboard: true })`, or the fields, `ReplyKeyboardMarkup({ keyboard: [...] })`. A string
 * in a row is a button with that text; a KeyboardButton object may stand beside it.
 * @see https://core.telegram.org/bots/api#replykeyboardmarkup
 */
export function ReplyKeyboardMarkup(
  rows: readonly ReplyKeyboardRow[],
  options?: ReplyKeyboardOptions,
): T.ReplyKeyboardMarkup;
/** A custom reply keyboard from its fields (buttons may be strings). */
export function ReplyKeyboardMarkup(fields: ReplyKeyboardFields): T.ReplyKeyboardMarkup;
export function ReplyKeyboardMarkup(
  first: readonly ReplyKeyboardRow[] | ReplyKeyboardFields,
  options?: ReplyKeyboardOptions,
): T.ReplyKeyboardMarkup {
  const fields: Partial<ReplyKeyboardFields> = Array.isArray(first)
    ? // rows first in the object, and they win over a stray `keyboard` among the options
      Object.assign({ keyboard: first as readonly ReplyKeyboardRow[] }, options, { keyboard: first })
    : (first as ReplyKeyboardFields);
  const keyboard = Array.isArray(fields.keyboard)
    ? fields.keyboard.map((row) =>
        Array.isArray(row)
          ? row.map((button) =>
              typeof button === "string" ? generated.KeyboardButton({ text: button }) : button,
            )
          : row,
      )
    : fields.keyboard;
  return generated.ReplyKeyboardMarkup({ ...fields, keyboard } as T.ReplyKeyboardMarkup);
}
/** The object {@link ReplyKeyboardMarkup} builds (the Bot API type, from @telepot/core). */
// biome-ignore lint/suspicious/noRedeclare: a builder and the type it builds share their name throughout this package
export type ReplyKeyboardMarkup = T.ReplyKeyboardMarkup;

/**
 * The name telepot's early versions used for {@link ReplyKeyboardRemove}.
 * @deprecated Use ReplyKeyboardRemove, the Bot API's name since 2.0.
 */
export const ReplyKeyboardHide: typeof generated.ReplyKeyboardRemove = generated.ReplyKeyboardRemove;

/** The fields of an inline keyboard, or just its rows. */
export type InlineKeyboardInput =
  | readonly (readonly T.InlineKeyboardButton[])[]
  | {
      /** The rows of buttons, top to bottom. */
      inline_keyboard: readonly (readonly T.InlineKeyboardButton[])[];
      /** Also show the user the reply interface, as ForceReply does (Bot API 10.3). */
      force_reply?: boolean;
    };

/** Look and feel of a button, for the shortcuts of {@link InlineKeyboard}. */
export type ButtonStyle = Pick<T.InlineKeyboardButton, "icon_custom_emoji_id" | "style">;

/**
 * An inline keyboard built button by button; `build()` gives the InlineKeyboardMarkup object.
 *
 *     new InlineKeyboard().callback("Yes", "yes").callback("No", "no").row().url("Docs", "https://...").build()
 *
 * Each button is checked as it is added, so a bad one fails at the line that adds it.
 */
export class InlineKeyboard {
  readonly #rows: T.InlineKeyboardButton[][] = [[]];

  /** Adds buttons to the end of the current row. */
  button(...buttons: T.InlineKeyboardButton[]): this {
    const current = this.#rows[this.#rows.length - 1] as T.InlineKeyboardButton[];
    for (const b of buttons) current.push(generated.InlineKeyboardButton(b));
    return this;
  }

  /** Starts a new row (an empty current row is reused), holding `buttons` if any are given. */
  row(...buttons: T.InlineKeyboardButton[]): this {
    if ((this.#rows[this.#rows.length - 1] as T.InlineKeyboardButton[]).length > 0) this.#rows.push([]);
    return this.button(...buttons);
  }

  /** A button that sends `data` (1-64 bytes) to the bot in a callback query. */
  callback(text: string, data: string, style?: ButtonStyle): this {
    return this.button({ ...style, text, callback_data: data });
  }

  /** A button that opens a URL (http(s) or tg://). */
  url(text: string, url: string, style?: ButtonStyle): this {
    return this.button({ ...style, text, url });
  }

  /** A button that opens a Web App. */
  webApp(text: string, url: string, style?: ButtonStyle): this {
    return this.button({ ...style, text, web_app: generated.WebAppInfo({ url }) });
  }

  /** A button that logs the user in to a website through Telegram Login. */
  loginUrl(text: string, url: string, style?: ButtonStyle): this {
    return this.button({ ...style, text, login_url: generated.LoginUrl({ url }) });
  }

  /** A button that lets the user pick a chat and starts an inline query of this bot there. */
  switchInline(text: string, query = "", style?: ButtonStyle): this {
    return this.button({ ...style, text, switch_inline_query: query });
  }

  /** A button that starts an inline query of this bot in the current chat. */
  switchInlineCurrentChat(text: string, query = "", style?: ButtonStyle): this {
    return this.button({ ...style, text, switch_inline_query_current_chat: query });
  }

  /** A button that copies `copy` (1-256 characters) to the clipboard. */
  copyText(text: string, copy: string, style?: ButtonStyle): this {
    return this.button({ ...style, text, copy_text: generated.CopyTextButton({ text: copy }) });
  }

  /** The pay button of an invoice (must be the first button of the first row). */
  pay(text: string, style?: ButtonStyle): this {
    return this.button({ ...style, text, pay: true });
  }

  /** The button that launches the game of a game message (must be the first button of the first row). */
  game(text: string, style?: ButtonStyle): this {
    return this.button({ ...style, text, callback_game: generated.CallbackGame() });
  }

  /** A button shown greyed out that does nothing when pressed (Bot API 10.3). */
  disabled(text: string, style?: ButtonStyle): this {
    return this.button({ ...style, text, disabled: generated.DisabledButton() });
  }

  /**
   * The keyboard as an InlineKeyboardMarkup object (empty rows left out); the builder stays usable.
   * `forceReply` also shows the user the reply interface, as ForceReply does (Bot API 10.3).
   */
  build(opts: { forceReply?: boolean } = {}): T.InlineKeyboardMarkup {
    const rows = this.#rows.filter((row) => row.length > 0).map((row) => [...row]);
    return generated.InlineKeyboardMarkup({
      inline_keyboard: rows,
      ...(opts.forceReply ? { force_reply: true } : {}),
    });
  }
}

function inlineKeyboardMarkup(input: InlineKeyboardInput): T.InlineKeyboardMarkup {
  const fields = Array.isArray(input) ? { inline_keyboard: input } : input;
  return generated.InlineKeyboardMarkup(fields as T.InlineKeyboardMarkup);
}

/**
 * An inline keyboard: `InlineKeyboardMarkup([[button, button], [button]])` or
 * `InlineKeyboardMarkup({ inline_keyboard: [...] })`. Built row by row instead:
 * `InlineKeyboardMarkup.row(yes, no).row(maybe).build()` (see {@link InlineKeyboard}).
 * @see https://core.telegram.org/bots/api#inlinekeyboardmarkup
 */
export const InlineKeyboardMarkup = /* @__PURE__ */ Object.assign(inlineKeyboardMarkup, {
  /** Starts an {@link InlineKeyboard} whose first row holds `buttons`. */
  row: (...buttons: T.InlineKeyboardButton[]): InlineKeyboard => new InlineKeyboard().row(...buttons),
});
/** The object {@link InlineKeyboardMarkup} builds (the Bot API type, from @telepot/core). */
export type InlineKeyboardMarkup = T.InlineKeyboardMarkup;
