// Applying a type's rules to the fields a caller passed: what the TypeScript types cannot promise at
// run time (plain JavaScript callers, values from JSON, `as` casts). Nested objects are checked
// shallowly: a field that takes a Bot API object accepts any object (build it with its own builder
// to have it checked), while a primitive of the wrong kind, at any array depth, is caught.
//
// Characters are counted as Unicode code points. Telegram's own count may be in UTF-16 code units
// (as entity offsets are), which is never smaller, so a builder never rejects a text the server
// would accept; the server stays the final judge of the rest. Bytes are UTF-8 bytes.
import { isInputFileLike, TelepotError } from "@telepot/core";
import type { FieldRule, Limit } from "./rules.js";

/** A builder's complaint about one field (or about its whole input), naming both. */
export class InvalidFieldError extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.InvalidFieldError";
  /** The Bot API type being built. */
  readonly typeName: string;
  /** The field at fault, or undefined when the input as a whole is not an object. */
  readonly field: string | undefined;

  constructor(typeName: string, field: string | undefined, problem: string) {
    super(`${field === undefined ? typeName : `${typeName}.${field}`}: ${problem}`);
    this.name = "InvalidFieldError";
    this.typeName = typeName;
    this.field = field;
  }
}

/**
 * Checks `input` against a type's rules and returns a new plain object: the constants first, then
 * the caller's fields in their order. A field set to undefined or null is left out, as if absent
 * (telepot dropped None fields the same way).
 */
export function buildObject(
  typeName: string,
  constants: Readonly<Record<string, unknown>>,
  rules: ReadonlyMap<string, FieldRule>,
  input: unknown,
): Record<string, unknown> {
  if (input === undefined) input = {};
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new InvalidFieldError(typeName, undefined, `expected an object of fields, got ${describe(input)}`);
  }
  const fields = input as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = { ...constants };
  for (const [key, value] of Object.entries(fields)) {
    if (Object.hasOwn(constants, key)) {
      if (value !== undefined && value !== null && value !== constants[key]) {
        const expected = JSON.stringify(constants[key]);
        throw new InvalidFieldError(
          typeName,
          key,
          `is always ${expected} (the builder fills it in), got ${shown(value)}`,
        );
      }
      continue;
    }
    const rule = rules.get(key);
    if (!rule) throw new InvalidFieldError(typeName, key, unknownField(key, rules));
    if (value === undefined || value === null) continue;
    const wrong = mismatch(value, rule.kinds);
    if (wrong) throw new InvalidFieldError(typeName, key, wrong);
    if (rule.limit) {
      const over = outOfLimit(value, rule.limit, hasParseMode(fields, key));
      if (over) throw new InvalidFieldError(typeName, key, over);
    }
    out[key] = value;
  }
  for (const rule of rules.values()) {
    // own fields only, as above: an inherited one would not be copied into the result
    const value = Object.hasOwn(fields, rule.name) ? fields[rule.name] : undefined;
    if (rule.required && (value === undefined || value === null)) {
      throw new InvalidFieldError(typeName, rule.name, "is required but missing");
    }
  }
  return out;
}

/** Whether a value has the kind a letter (with "[" per array level) names. */
function matches(value: unknown, kind: string): boolean {
  if (kind.startsWith("["))
    return Array.isArray(value) && value.every((item) => matches(item, kind.slice(1)));
  switch (kind) {
    case "s":
      return typeof value === "string";
    case "i":
      return Number.isInteger(value);
    case "f":
      return typeof value === "number" && Number.isFinite(value);
    case "b":
      return typeof value === "boolean";
    case "t":
      return value === true;
    case "u":
      return isInputFileLike(value);
    case "o":
      return typeof value === "object" && value !== null && !Array.isArray(value) && !isInputFileLike(value);
    case "a":
      return Array.isArray(value);
    default:
      throw new Error(`unknown kind ${JSON.stringify(kind)} in a builder rule`);
  }
}

/** Undefined when the value has one of the kinds; otherwise what is wrong, naming the bad element. */
function mismatch(value: unknown, kinds: readonly string[]): string | undefined {
  if (kinds.some((kind) => matches(value, kind))) return undefined;
  const expected = kinds.map((kind) => noun(kind, false)).join(" or ");
  const [only] = kinds;
  if (kinds.length === 1 && only?.startsWith("[")) {
    const found = firstBadElement(value, only, "");
    if (found && found.path !== "") {
      return `expected ${expected}, but item ${found.path} is ${describe(found.value)}`;
    }
  }
  return `expected ${expected}, got ${describe(value)}`;
}

/** The path ("[0][2]") and value of the first element that breaks an array kind. */
function firstBadElement(
  value: unknown,
  kind: string,
  path: string,
): { path: string; value: unknown } | undefined {
  if (!kind.startsWith("[")) return matches(value, kind) ? undefined : { path, value };
  if (!Array.isArray(value)) return { path, value };
  for (const [i, item] of value.entries()) {
    const found = firstBadElement(item, kind.slice(1), `${path}[${i}]`);
    if (found) return found;
  }
  return undefined;
}

const NOUNS: Record<string, readonly [string, string]> = {
  s: ["a string", "strings"],
  i: ["an integer", "integers"],
  f: ["a number", "numbers"],
  b: ["a boolean", "booleans"],
  t: ["true", "true values"],
  u: ["an upload (InputFile, bytes, Blob or stream)", "uploads"],
  o: ["an object", "objects"],
  a: ["an array", "arrays"],
};

/** "[[o" -> "an array of arrays of objects". */
function noun(kind: string, plural: boolean): string {
  if (kind.startsWith("[")) return `${plural ? "arrays" : "an array"} of ${noun(kind.slice(1), true)}`;
  const forms = NOUNS[kind] ?? [kind, kind];
  return plural ? forms[1] : forms[0];
}

/** A short description of what a caller passed, for an error message. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (isInputFileLike(value)) return "an upload";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return `the number ${value}`;
    case "boolean":
      return `${value}`;
    case "object":
      return "an object";
    default:
      return typeof value === "undefined" ? "undefined" : `a ${typeof value}`;
  }
}

/** A wrong constant as the caller wrote it when that is short: `"photo"` rather than "a string". */
function shown(value: unknown): string {
  return typeof value === "string" && value.length <= 40 ? JSON.stringify(value) : describe(value);
}

/** Whether the text field `key` comes with a parse mode (its own `<key>_parse_mode` or `parse_mode`). */
function hasParseMode(fields: Readonly<Record<string, unknown>>, key: string): boolean {
  const own = fields[`${key}_parse_mode`];
  const shared = fields.parse_mode;
  return (own !== undefined && own !== null) || (shared !== undefined && shared !== null);
}

/** Undefined when the value lies within its documented limit; otherwise what is wrong. */
function outOfLimit(value: unknown, limit: Limit, parseMode: boolean): string | undefined {
  const { min, max, unit } = limit;
  switch (unit) {
    case "n": {
      const n = value as number;
      return n < min || n > max ? `must be between ${min} and ${max}, got ${n}` : undefined;
    }
    case "#": {
      const count = (value as readonly unknown[]).length;
      return count < min || count > max ? `must have ${min}-${max} items, got ${count}` : undefined;
    }
    case "b": {
      const bytes = utf8Length(value as string);
      return bytes < min || bytes > max ? `must be ${min}-${max} bytes (UTF-8), got ${bytes}` : undefined;
    }
    default: {
      // With a parse mode the limit applies to the text after markup is removed, which only
      // the server knows; the raw text may be longer. An empty text is empty either way.
      const text = value as string;
      // code points lie between half the UTF-16 length and the length: often no need to count
      if (text.length <= max && Math.ceil(text.length / 2) >= min) return undefined;
      const chars = codePoints(text);
      const tooLong = chars > max && !(unit === "p" && parseMode);
      if (chars < min || tooLong) {
        const after = unit === "p" ? " after entities parsing" : "";
        return `must be ${min}-${max} characters${after}, got ${chars}`;
      }
      return undefined;
    }
  }
}

/** The number of Unicode code points of a string (a surrogate pair counts once). */
export function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** The length of a string in UTF-8 bytes (a lone surrogate is sent as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** The message for a field the type does not have, with the nearest known name as a hint. */
function unknownField(key: string, rules: ReadonlyMap<string, FieldRule>): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of rules.keys()) {
    const d = editDistance(key, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best ? `unknown field (did you mean "${best}"?)` : "unknown field";
}

/** Levenshtein distance; field names are short, so the plain table is cheap. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
