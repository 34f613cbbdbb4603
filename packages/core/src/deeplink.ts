// Deep links (https://t.me/<bot>?start=<payload>) carry up to 64 characters of A-Z a-z 0-9 _ -
// into the bot's /start command. Arbitrary data fits through base64url (up to 48 bytes).

/** The longest start payload Telegram accepts. */
export const MAX_START_PAYLOAD = 64;

const PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
const USERNAME = /^[A-Za-z0-9_]{1,64}$/;
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Options of {@link startLink}. */
export interface StartLinkOptions {
  /** Make a link that adds the bot to a group (`startgroup`) instead of opening a private chat. */
  readonly group?: boolean;
}

/** Whether a string is a valid start payload (1-64 characters of A-Z a-z 0-9 _ -). */
export function isStartPayload(payload: string): boolean {
  return PAYLOAD.test(payload);
}

/**
 * The deep link that opens a chat with the bot (or adds it to a group) and sends `/start <payload>`.
 * Throws a RangeError for an invalid username or payload.
 */
export function startLink(botUsername: string, payload: string, options: StartLinkOptions = {}): string {
  const username = botUsername.startsWith("@") ? botUsername.slice(1) : botUsername;
  if (!USERNAME.test(username)) {
    throw new RangeError(`Not a bot username: ${JSON.stringify(botUsername)} (letters, digits and _ only)`);
  }
  if (!isStartPayload(payload)) {
    throw new RangeError(
      `A start payload must be 1-${MAX_START_PAYLOAD} characters of A-Z a-z 0-9 _ - (got ${payload.length} characters: ${JSON.stringify(payload.slice(0, 80))}); use encodeStartPayload for other data`,
    );
  }
  return `https://t.me/${username}?${options.group ? "startgroup" : "start"}=${payload}`;
}

/**
 * Encodes data (text as UTF-8, or bytes) as a base64url start payload, without padding.
 * Throws a RangeError when the result would exceed 64 characters (more than 48 bytes) or is empty.
 */
export function encodeStartPayload(data: string | Uint8Array): string {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += B64[a >> 2];
    out += B64[((a & 3) << 4) | ((b ?? 0) >> 4)];
    if (b !== undefined) out += B64[((b & 15) << 2) | ((c ?? 0) >> 6)];
    if (c !== undefined) out += B64[c & 63];
  }
  if (out.length === 0 || out.length > MAX_START_PAYLOAD) {
    throw new RangeError(
      `Data of ${bytes.length} bytes does not fit a start payload (1-48 bytes give 1-${MAX_START_PAYLOAD} characters)`,
    );
  }
  return out;
}

/** Decodes a base64url start payload back to bytes. Throws a RangeError if it is not base64url. */
export function decodeStartPayload(payload: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(payload) || payload.length % 4 === 1) {
    throw new RangeError(`Not a base64url start payload: ${JSON.stringify(payload.slice(0, 80))}`);
  }
  const out = new Uint8Array(Math.floor((payload.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const char of payload) {
    acc = (acc << 6) | B64.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 255;
    }
  }
  return out;
}

/** Decodes a base64url start payload made from text back to that text (UTF-8). */
export function decodeStartPayloadText(payload: string): string {
  return new TextDecoder("utf-8", { fatal: true }).decode(decodeStartPayload(payload));
}

/** A `/start` command read from a message text. */
export interface StartCommand {
  /** The payload after `/start `, or undefined for a plain `/start`. */
  readonly payload: string | undefined;
  /** The bot named in `/start@<bot>`, if any. */
  readonly botUsername: string | undefined;
}

const START = /^\/start(?:@([A-Za-z0-9_]+))?(?:\s+(\S+))?\s*$/;

/**
 * Reads a `/start` command (as a deep link sends it) from a message text or a message: undefined
 * when the text is not a /start command.
 */
export function parseStartCommand(
  message: string | { readonly text?: string | undefined },
): StartCommand | undefined {
  const text = typeof message === "string" ? message : message.text;
  if (text === undefined) return undefined;
  const match = START.exec(text);
  if (!match) return undefined;
  return { payload: match[2], botUsername: match[1] };
}
