// Errors from the network layer may quote the request URL, and the URL holds the bot token.
// Before such an error reaches the user (as a `cause`) it is copied with every string scrubbed.

/** What a token is replaced with in scrubbed text. */
export const REDACTED = "<token>";

const MAX_DEPTH = 6;

/**
 * The shortest fragment of a secret that is scrubbed wherever it appears: a text cut short (an
 * excerpt of a reply, a truncated log line) may leave only part of the token. Shorter pieces of
 * random text match innocent words too often to be worth scrubbing; a cut that leaves the bot id,
 * its colon and fewer secret characters than this is caught by the prefix rule instead.
 */
export const MIN_SECRET_FRAGMENT = 6;

/**
 * The text with the secret scrubbed: every occurrence of it (raw or URL-encoded), every piece of
 * its secret part (after the bot id's colon) of at least {@link MIN_SECRET_FRAGMENT} characters,
 * and any prefix of the token that reaches past its colon (what cutting a text inside it leaves),
 * each replaced by {@link REDACTED}. Redact before cutting; this catches the cuts made elsewhere.
 */
export function redactText(text: string, secret: string): string {
  if (secret === "") return text;
  let out = text.includes(secret) ? text.replaceAll(secret, REDACTED) : text;
  const encoded = encodeURIComponent(secret);
  if (encoded !== secret && out.includes(encoded)) out = out.replaceAll(encoded, REDACTED);
  const colon = secret.indexOf(":");
  const part = secret.slice(colon + 1);
  out = redactPrefixes(out, secret, colon);
  if (encoded !== secret) out = redactPrefixes(out, encoded, encoded.indexOf("%3A"));
  return redactFragments(out, part);
}

// Replaces every "<bot id>:<start of the secret part>" (a token cut inside its secret part).
function redactPrefixes(text: string, token: string, colon: number): string {
  if (colon <= 0) return text;
  const head = token.slice(0, colon + 1);
  let from = text.indexOf(head);
  if (from < 0) return text;
  let out = "";
  let copied = 0;
  while (from >= 0) {
    let end = from + head.length;
    while (end < text.length && end - from < token.length && text[end] === token[end - from]) end++;
    if (end - from > colon + 1 || end === text.length) {
      out += `${text.slice(copied, from)}${REDACTED}`;
      copied = end;
    }
    from = text.indexOf(head, end);
  }
  return out + text.slice(copied);
}

// Replaces every run of the text that is a piece of `part` at least MIN_SECRET_FRAGMENT long.
function redactFragments(text: string, part: string): string {
  if (part.length < MIN_SECRET_FRAGMENT || text.length < MIN_SECRET_FRAGMENT) return text;
  // Where each MIN_SECRET_FRAGMENT-long piece of the secret starts in it.
  const pieces = new Map<string, number[]>();
  for (let j = 0; j + MIN_SECRET_FRAGMENT <= part.length; j++) {
    const piece = part.slice(j, j + MIN_SECRET_FRAGMENT);
    const at = pieces.get(piece);
    if (at) at.push(j);
    else pieces.set(piece, [j]);
  }
  let out = "";
  let copied = 0;
  let i = 0;
  while (i + MIN_SECRET_FRAGMENT <= text.length) {
    const starts = pieces.get(text.slice(i, i + MIN_SECRET_FRAGMENT));
    if (starts === undefined) {
      i++;
      continue;
    }
    // The longest match from here: extend each occurrence as far as text and secret agree.
    let end = i + MIN_SECRET_FRAGMENT;
    for (const j of starts) {
      let k = MIN_SECRET_FRAGMENT;
      while (i + k < text.length && j + k < part.length && text[i + k] === part[j + k]) k++;
      if (i + k > end) end = i + k;
    }
    out += `${text.slice(copied, i)}${REDACTED}`;
    copied = end;
    i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * A copy of a value (typically an Error and its `cause` chain) in which no string contains the
 * secret. Errors keep their prototype, so `instanceof` and `name` still work; objects that are
 * neither plain data nor errors (sockets, buffers) are replaced by a short description.
 */
export function redactError<T>(value: T, secret: string): T {
  return redact(value, secret, 0, new Map()) as T;
}

function redact(value: unknown, secret: string, depth: number, seen: Map<object, unknown>): unknown {
  if (typeof value === "string") return redactText(value, secret);
  if (typeof value !== "object" || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (depth > MAX_DEPTH) return "[nested too deep]";
  if (value instanceof Error) return redactErrorObject(value, secret, depth, seen);
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(redact(item, secret, depth + 1, seen));
    return copy;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return `[${value.constructor?.name ?? "object"}]`;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) copy[key] = redact(item, secret, depth + 1, seen);
  return copy;
}

function redactErrorObject(error: Error, secret: string, depth: number, seen: Map<object, unknown>): Error {
  const copy = blankCopy(error, secret);
  seen.set(error, copy);
  // message, stack and cause are own properties of most errors; read them explicitly in case not.
  const keys = new Set<string>([...Object.getOwnPropertyNames(error), "message", "stack"]);
  if ("cause" in error) keys.add("cause");
  for (const key of keys) {
    let item: unknown;
    try {
      item = (error as unknown as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    if (item === undefined && !Object.hasOwn(error, key)) continue;
    Object.defineProperty(copy, key, {
      value: redact(item, secret, depth + 1, seen),
      writable: true,
      configurable: true,
      enumerable: Object.prototype.propertyIsEnumerable.call(error, key),
    });
  }
  return copy;
}

// An object of the error's class to copy the scrubbed fields onto. A DOMException (an aborted or
// timed-out signal's reason) keeps name and message in internal slots that its prototype's getters
// check, so a copy made with Object.create would throw on `String(copy)`: build a real one.
function blankCopy(error: Error, secret: string): Error {
  if (typeof DOMException === "function" && error instanceof DOMException) {
    return new DOMException(redactText(error.message, secret), error.name);
  }
  return Object.create(Object.getPrototypeOf(error)) as Error;
}
