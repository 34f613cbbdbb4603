// Capture criteria (telepot's listener.capture): which received objects a listener takes.
// A template matches when all its fields match; a listener with several templates takes an
// object when any of them matches.
import type { Payload } from "./seeds.js";

/** A test on one field: a literal (compared with ===, arrays and plain objects by content), a predicate, a RegExp (on strings) or a nested template. */
export type Criterion =
  | string
  | number
  | boolean
  | null
  | RegExp
  | ((value: unknown) => boolean)
  | CaptureTemplate
  | readonly unknown[];

/**
 * Field tests, all of which must hold. A key `a__b` drills into `a.b` (as in telepot); the key `_`
 * tests the whole object. A nested object value is itself a template for that field.
 */
export interface CaptureTemplate {
  readonly [field: string]: Criterion | undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => equal(a[k], b[k]));
  }
  return false;
}

function test(criterion: Criterion | undefined, value: unknown): boolean {
  if (typeof criterion === "function") return criterion(value);
  if (criterion instanceof RegExp) return typeof value === "string" && criterion.test(value);
  if (Array.isArray(criterion)) return equal(criterion, value);
  if (isPlainObject(criterion)) return matches(criterion as CaptureTemplate, value);
  return Object.is(criterion, value);
}

function dig(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const name of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[name];
  }
  return current;
}

/** Whether `value` satisfies every field test of `template`. */
export function matches(template: CaptureTemplate, value: unknown): boolean {
  for (const key of Object.keys(template)) {
    const criterion = template[key];
    const target = key === "_" ? value : dig(value, key.split("__"));
    if (!test(criterion, target)) return false;
  }
  return true;
}

/** Whether `msg` satisfies any of `templates`. */
export function matchesAny(templates: readonly CaptureTemplate[], msg: Payload): boolean {
  return templates.some((t) => matches(t, msg));
}
