// The liberal and legacy forms Telegram's Bot API server accepts, rewritten into the forms the spec
// describes before a call is validated. Facts from Telegram's server (tdlib/telegram-bot-api):
// - reply_markup: a keyboard button may be a bare string (a text button); `hide_keyboard` is the old
//   name of `remove_keyboard`, `personal_keyboard` of `selective`, `force_reply_keyboard` of
//   `force_reply`; an object that asks for nothing (`{}`, empty rows) is no markup at all.
// - reply_to_message_id + allow_sending_without_reply are the old form of reply_parameters; a
//   message id <= 0 and an empty reply_parameters object mean "no reply".
// - disable_web_page_preview is the old form of link_preview_options.is_disabled.
// - an inline query result may carry its text at the top (message_text, parse_mode, entities,
//   disable_web_page_preview) instead of input_message_content; thumb_url/thumb_width/thumb_height
//   are the old names of the thumbnail_* fields; the type is case-insensitive.
// Where Telegram refuses a form, the same status and description are answered here.
import { badRequest } from "../errors.js";

type Json = Record<string, unknown>;

/** Parses a parameter that may arrive as JSON text; `what` words Telegram's error for bad JSON. */
function jsonParam(value: unknown, what: string): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw badRequest(what);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Telegram's reading of an optional boolean field inside a JSON object. */
function flag(value: unknown): boolean {
  if (typeof value === "string") return ["true", "yes", "1"].includes(value.trim().toLowerCase());
  return value === true || (typeof value === "number" && value !== 0);
}

/** A reply_markup object in its spec form, or undefined when it asks for no markup. */
export function normalizeReplyMarkup(value: unknown): Json | undefined {
  const markup = jsonParam(value, "Can't parse reply keyboard markup JSON object");
  if (!isObject(markup)) throw badRequest("Object expected as reply markup");
  const { hide_keyboard, personal_keyboard, force_reply_keyboard, ...rest } = markup;
  const selective = flag(rest.selective) || flag(personal_keyboard);
  const keyboard = rest.keyboard;
  if (keyboard !== undefined && keyboard !== null) {
    if (!Array.isArray(keyboard)) throw badRequest('Field "keyboard" must be of type Array');
    const rows = keyboard.map((row) => {
      if (!Array.isArray(row)) throw badRequest('Field "keyboard" must be an Array of Arrays');
      return row.map((button) => {
        if (typeof button === "string") return { text: button };
        if (isObject(button)) return button;
        throw badRequest("Can't parse keyboard button: KeyboardButton must be a String or an Object");
      });
    });
    if (rows.length > 0) return { ...rest, keyboard: rows, ...(selective ? { selective } : {}) };
  }
  const inline = rest.inline_keyboard;
  if (inline !== undefined && inline !== null) {
    if (!Array.isArray(inline)) throw badRequest('Field "inline_keyboard" must be of type Array');
    for (const row of inline) {
      if (!Array.isArray(row))
        throw badRequest('Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
      for (const button of row) checkInlineButton(button);
    }
    // Bot API 10.3: an inline keyboard may also ask for a reply (force_reply).
    if (inline.length > 0)
      return { inline_keyboard: inline, ...(flag(rest.force_reply) ? { force_reply: true } : {}) };
  }
  if (flag(hide_keyboard) || flag(rest.remove_keyboard))
    return { remove_keyboard: true, ...(selective ? { selective } : {}) };
  if (flag(force_reply_keyboard) || flag(rest.force_reply)) {
    const placeholder = rest.input_field_placeholder;
    return {
      force_reply: true,
      ...(selective ? { selective } : {}),
      ...(typeof placeholder === "string" && placeholder !== ""
        ? { input_field_placeholder: placeholder }
        : {}),
    };
  }
  return undefined;
}

/** The fields of an inline button of which one must be set (a bare text button is refused). */
const INLINE_ACTIONS = [
  "url",
  "callback_data",
  "callback_game",
  "pay",
  "switch_inline_query",
  "switch_inline_query_chosen_chat",
  "switch_inline_query_current_chat",
  "login_url",
  "web_app",
  "copy_text",
];

function checkInlineButton(button: unknown): void {
  if (!isObject(button))
    throw badRequest("Can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  if (button.text === undefined || button.text === null)
    throw badRequest("Can't parse inline keyboard button: Can't find field \"text\"");
  if (typeof button.text !== "string")
    throw badRequest('Can\'t parse inline keyboard button: Field "text" must be of type String');
  const acts = INLINE_ACTIONS.some((k) =>
    k === "url" || k === "callback_data" ? typeof button[k] === "string" && button[k] !== "" : k in button,
  );
  if (!acts)
    throw badRequest("Can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
}

/** reply_parameters in its spec form, from itself or from the legacy reply_to_message_id. */
function normalizeReplyParameters(raw: Json): Json | undefined {
  if (raw.reply_parameters === undefined || raw.reply_parameters === null) {
    const id = toMessageId(raw.reply_to_message_id);
    if (id <= 0) return undefined;
    return { message_id: id, allow_sending_without_reply: flag(raw.allow_sending_without_reply) };
  }
  if (raw.reply_parameters === "") return undefined;
  const value = jsonParam(raw.reply_parameters, "Can't parse reply parameters JSON object");
  if (!isObject(value)) throw badRequest("Object expected as reply parameters");
  if (Object.keys(value).length === 0) return undefined;
  if (value.message_id === undefined) throw badRequest('Field "message_id" must be a valid Number');
  const id = toMessageId(value.message_id);
  return id > 0 ? { ...value, message_id: id } : undefined;
}

/** A message id as Telegram reads one: text to its leading integer, negative or missing as 0. */
function toMessageId(value: unknown): number {
  const n = typeof value === "string" ? Number.parseInt(value.trim(), 10) : Number(value ?? 0);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** One inline query result in its spec form. */
function normalizeInlineResult(value: unknown): unknown {
  if (!isObject(value))
    throw badRequest("Can't parse inline query result: Inline query result must be an object");
  const out: Json = { ...value };
  if (typeof out.type === "string") out.type = out.type.toLowerCase();
  for (const part of ["url", "width", "height"]) {
    const old = `thumb_${part}`;
    if (out[old] !== undefined && out[`thumbnail_${part}`] === undefined) out[`thumbnail_${part}`] = out[old];
    delete out[old];
  }
  const content = out.input_message_content;
  if ((content === undefined || content === null) && typeof out.message_text === "string") {
    // The legacy form: the message's text at the top of the result.
    const { message_text, parse_mode, entities, disable_web_page_preview } = out;
    out.input_message_content = {
      message_text,
      ...(parse_mode !== undefined ? { parse_mode } : {}),
      ...(entities !== undefined ? { entities } : {}),
      ...(flag(disable_web_page_preview) ? { link_preview_options: { is_disabled: true } } : {}),
    };
    if (out.type === "article") delete out.parse_mode;
  }
  delete out.message_text;
  delete out.disable_web_page_preview;
  if (out.type === "article" && out.input_message_content === undefined)
    throw badRequest("Can't parse inline query result: Can't find field \"message_text\"");
  if (out.reply_markup !== undefined) {
    const markup = normalizeReplyMarkup(out.reply_markup);
    if (markup) out.reply_markup = markup;
    else delete out.reply_markup;
  }
  return out;
}

function normalizeInlineResults(value: unknown): unknown {
  let list: unknown;
  try {
    list = typeof value === "string" ? JSON.parse(value) : value;
  } catch (e) {
    throw badRequest(`Can't parse JSON encoded inline query results: ${(e as Error).message}`);
  }
  if (list === null) return [];
  if (!Array.isArray(list)) throw badRequest("Expected an Array of inline query results");
  if (list.length > 50) throw badRequest("Too many inline query results specified");
  return list.map(normalizeInlineResult);
}

/**
 * Rewrites the legacy and liberal forms among a call's raw parameters into the spec's forms,
 * refusing with Telegram's words what Telegram refuses. `params` names the method's spec
 * parameters, so a legacy name is only taken up where its modern one exists.
 */
export function normalizeTelegramForms(method: string, raw: Json, params: ReadonlySet<string>): Json {
  const out: Json = { ...raw };
  if (params.has("reply_markup") && out.reply_markup !== undefined && out.reply_markup !== "") {
    const markup = normalizeReplyMarkup(out.reply_markup);
    if (markup) out.reply_markup = markup;
    else delete out.reply_markup;
  }
  if (params.has("reply_parameters")) {
    const reply = normalizeReplyParameters(out);
    if (reply) out.reply_parameters = reply;
    else delete out.reply_parameters;
    delete out.reply_to_message_id;
    delete out.allow_sending_without_reply;
  }
  if (params.has("link_preview_options") && out.link_preview_options === undefined) {
    if (flag(out.disable_web_page_preview)) out.link_preview_options = { is_disabled: true };
  }
  if (method === "answerInlineQuery" && out.results !== undefined && out.results !== "")
    out.results = normalizeInlineResults(out.results);
  if (method === "answerWebAppQuery" && out.result !== undefined && out.result !== "") {
    const result = jsonParam(out.result, "Can't parse JSON encoded web view query results");
    out.result = normalizeInlineResult(result);
  }
  return out;
}
