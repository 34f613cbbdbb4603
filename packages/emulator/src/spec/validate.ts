// Checks a call's parameters against the spec and converts them to their typed form. Telegram takes
// every parameter as text (query string, form field) or JSON, so "42" is a fine Integer, "true" a
// fine Boolean, and an object may come as a JSON string; anything else is refused with a 400 that
// names the parameter and the place inside it.
import { badRequest } from "../errors.js";
import { type FieldShape, METHOD_SHAPES, TYPE_SHAPES } from "../generated/spec-table.js";
import { isUpload, type Upload } from "./upload.js";

/** A parameter value as it arrived: text, JSON, or an uploaded file. */
export type RawValue = unknown;

/** The converted parameters of a call, by name. */
export type Params = Record<string, unknown>;

/** Raised inside the checker; carries the path to the bad value. */
class Mismatch extends Error {}

/** Missing-parameter wording Telegram uses for its most common parameters. */
const MISSING: Record<string, string> = {
  chat_id: "chat_id is empty",
  text: "message text is empty",
  message_id: "message identifier is not specified",
  callback_query_id: "query_id is empty",
  inline_query_id: "query_id is empty",
};

/**
 * Validates the parameters of `method` (a spec name) and returns them converted. `uploads` are the
 * multipart file parts by field name, for "attach://<name>" references.
 */
export function validateCall(
  method: string,
  raw: Record<string, RawValue>,
  uploads: ReadonlyMap<string, Upload>,
): Params {
  const shape = METHOD_SHAPES[method];
  if (!shape) throw new Error(`no spec for ${method}`);
  const out: Params = {};
  for (const [name, types, required] of shape.params) {
    const value = raw[name];
    if (value === undefined || value === null || value === "") {
      if (required) throw badRequest(MISSING[name] ?? `parameter "${name}" is required`);
      continue;
    }
    try {
      out[name] = convert(value, types, name, uploads, true);
    } catch (e) {
      if (e instanceof Mismatch) throw badRequest(`invalid parameter "${name}": ${e.message}`);
      throw e;
    }
  }
  return out;
}

/** Converts `value` to the first of `types` it fits; `top` allows a JSON string for an object. */
function convert(
  value: RawValue,
  types: readonly string[],
  path: string,
  uploads: ReadonlyMap<string, Upload>,
  top: boolean,
): unknown {
  const reasons: string[] = [];
  for (const type of types) {
    try {
      return convertOne(value, type, path, uploads, top, types.length === 1);
    } catch (e) {
      if (!(e instanceof Mismatch)) throw e;
      reasons.push(e.message);
    }
  }
  throw new Mismatch(bestReason(reasons) ?? `${path} must be ${types.join(" or ")}`);
}

/**
 * Of the reasons each alternative failed, the one that got deepest into the value: when an object
 * matched one alternative except for a nested field, that field is the useful thing to report.
 */
function bestReason(reasons: string[]): string | undefined {
  if (reasons.length === 1) return reasons[0];
  const depth = (r: string) => (r.split(" ")[0]?.match(/[.[]/g) ?? []).length;
  const sorted = [...reasons].sort((a, b) => depth(b) - depth(a));
  const [first, second] = sorted;
  return first !== undefined && second !== undefined && depth(first) > depth(second) ? first : undefined;
}

function describe(value: unknown): string {
  if (isUpload(value)) return "a file";
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "string") return `"${value.length > 30 ? `${value.slice(0, 30)}...` : value}"`;
  return typeof value === "object" ? "an object" : String(value);
}

/** A string that holds JSON (objects and arrays travel that way in forms and query strings). */
function parseJsonText(value: unknown, path: string, what: string): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new Mismatch(`can't parse ${path} as a JSON ${what}`);
  }
}

function convertOne(
  value: RawValue,
  type: string,
  path: string,
  uploads: ReadonlyMap<string, Upload>,
  top: boolean,
  alone = false,
): unknown {
  switch (type) {
    case "Integer": {
      // A top-level parameter that can only be an Integer is read as Telegram's server reads it:
      // the leading digits of the text, 0 without any ("many" is 0, "12abc" is 12).
      const liberal = top && typeof value === "string" && !/^\s*-?\d+\s*$/.test(value) && alone;
      const lead = liberal ? Number(/^-?\d*/.exec(value as string)?.[0].replace(/^-?$/, "0")) : undefined;
      const n =
        lead !== undefined
          ? lead
          : typeof value === "string" && /^\s*-?\d+\s*$/.test(value)
            ? Number(value)
            : value;
      if (typeof n === "number" && Number.isSafeInteger(n)) return n;
      throw new Mismatch(`${path} must be an Integer, got ${describe(value)}`);
    }
    case "Float": {
      const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      if (typeof n === "number" && Number.isFinite(n)) return n;
      throw new Mismatch(`${path} must be a Float, got ${describe(value)}`);
    }
    case "String":
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      throw new Mismatch(`${path} must be a String, got ${describe(value)}`);
    case "Boolean":
    case "True": {
      // Telegram reads a boolean liberally: "true", "yes" and "1" in any case are true, any other
      // text is false.
      if (typeof value === "boolean") return value;
      if (typeof value === "number") return value !== 0;
      if (typeof value === "string") return ["true", "yes", "1"].includes(value.trim().toLowerCase());
      throw new Mismatch(`${path} must be a Boolean, got ${describe(value)}`);
    }
    case "InputFile": {
      if (isUpload(value)) return value;
      if (typeof value === "string" && value.startsWith("attach://")) {
        const part = uploads.get(value.slice("attach://".length));
        if (!part) throw badRequest(`can't find the attached file "${value}" of ${path}`);
        return part;
      }
      throw new Mismatch(`${path} must be a file upload, got ${describe(value)}`);
    }
  }
  if (type.startsWith("Array of ")) {
    const list = top ? parseJsonText(value, path, "array") : value;
    if (!Array.isArray(list)) throw new Mismatch(`${path} must be an Array, got ${describe(value)}`);
    const item = type.slice("Array of ".length);
    return list.map((v, i) => convert(v, [item], `${path}[${i}]`, uploads, false));
  }
  return convertObject(top ? parseJsonText(value, path, "object") : value, type, path, uploads);
}

function convertObject(
  value: unknown,
  type: string,
  path: string,
  uploads: ReadonlyMap<string, Upload>,
): unknown {
  const shape = TYPE_SHAPES[type];
  if (!shape) throw new Error(`no spec for type ${type}`);
  if (shape.subtypes) return convertUnion(value, shape.subtypes, path, uploads, type);
  if (typeof value !== "object" || value === null || Array.isArray(value) || isUpload(value)) {
    throw new Mismatch(`${path} must be a ${type} object, got ${describe(value)}`);
  }
  const source = value as Record<string, unknown>;
  // Only the spec's fields are kept: Telegram's server reads the fields it knows and drops the rest
  // (Telegraf's buttons carry a "hide" flag that never comes back in a message).
  const out: Record<string, unknown> = {};
  for (const [name, types, required] of shape.fields ?? []) {
    const v = source[name];
    if (v === undefined || v === null) {
      if (required) throw new Mismatch(`${path}.${name} is required`);
      continue;
    }
    out[name] = convert(v, types, `${path}.${name}`, uploads, false);
  }
  if (shape.constant) {
    const [field, expected] = shape.constant;
    if (out[field] !== expected) throw new Mismatch(`${path}.${field} must be "${expected}"`);
  }
  return out;
}

/** A union: pick the subtype by its constant field when the subtypes have one, else the first that fits. */
function convertUnion(
  value: unknown,
  subtypes: readonly string[],
  path: string,
  uploads: ReadonlyMap<string, Upload>,
  type: string,
): unknown {
  const source = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  for (const sub of subtypes) {
    const constant = TYPE_SHAPES[sub]?.constant;
    if (constant && source && source[constant[0]] === constant[1])
      return convert(value, [sub], path, uploads, false);
  }
  const keyed = subtypes.map((s) => TYPE_SHAPES[s]?.constant).find((c) => c);
  if (keyed && source) {
    throw new Mismatch(
      `${path}.${keyed[0]} has an unsupported value ${describe(source[keyed[0]])} for ${type}`,
    );
  }
  const reasons: string[] = [];
  for (const sub of subtypes) {
    try {
      return convert(value, [sub], path, uploads, false);
    } catch (e) {
      if (!(e instanceof Mismatch)) throw e;
      reasons.push(e.message);
    }
  }
  throw new Mismatch(`${path} is not a valid ${type} (${reasons[0] ?? "no variant fits"})`);
}

const NAMES = new Map<string, ReadonlySet<string>>();

/** The names of a method's spec parameters. */
export function paramNames(method: string): ReadonlySet<string> {
  let names = NAMES.get(method);
  if (!names) {
    names = new Set(methodParams(method).map(([name]) => name));
    NAMES.set(method, names);
  }
  return names;
}

/** The spec's parameters of a method (for the generic handler and the tests). */
export function methodParams(method: string): readonly FieldShape[] {
  return METHOD_SHAPES[method]?.params ?? [];
}
