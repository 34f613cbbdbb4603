// Synthetic arguments for any method of the table, and the parameters they must produce.
import { METHODS, type MethodName } from "@telepot/core";

/** Positional arguments and the options object for a method, plus the parameters expected on the wire. */
export function syntheticCall(method: MethodName): { args: unknown[]; expected: Record<string, unknown> } {
  const info = METHODS[method];
  const expected: Record<string, unknown> = {};
  const args: unknown[] = info.required.map((name, i) => {
    // Alternate strings and numbers so both kinds go through the encoder.
    const value = i % 2 === 0 ? `${name}-${method}` : i * 10 + 1;
    expected[name] = value;
    return value;
  });
  const optional = info.params.find((name) => !info.required.includes(name));
  if (optional !== undefined) {
    args.push({ [optional]: true, not_sent: undefined });
    expected[optional] = true;
  }
  return { args, expected };
}

/** The names of every method in the table. */
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];
