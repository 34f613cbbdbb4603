// Errors from the network layer may quote the request URL, and the URL holds the bot token.
// Before such an error reaches the user (as a `cause`) it is copied with every string scrubbed.

/** What a token is replaced with in scrubbed text. */
export const REDACTED = "<token>";

const MAX_DEPTH = 6;

/** The text with every occurrence of the secret (raw or URL-encoded) replaced by {@link REDACTED}. */
export function redactText(text: string, secret: string): string {
  if (secret === "") return text;
  let out = text.includes(secret) ? text.replaceAll(secret, REDACTED) : text;
  const encoded = encodeURIComponent(secret);
  if (encoded !== secret && out.includes(encoded)) out = out.replaceAll(encoded, REDACTED);
  return out;
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
  const copy = Object.create(Object.getPrototypeOf(error)) as Error;
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
