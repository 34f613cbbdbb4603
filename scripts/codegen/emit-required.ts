// Emits packages/core/src/generated/required.ts: the required parameter names of every method as
// literal tuple types, so that types can bind a parameter (e.g. chat_id) by name and drop exactly
// that positional argument (the run-time copy of the same facts is METHODS[name].required).
import { HEADER, jsdoc, lit } from "./emit.ts";
import type { Spec } from "./spec.ts";

/** The text of packages/core/src/generated/required.ts. */
export function emitRequired(spec: Spec, source: string): string {
  const rows = Object.values(spec.methods).map((m) => {
    const names = (m.fields ?? []).filter((f) => f.required).map((f) => lit(f.name));
    return `  /** The required parameters of ${m.name}. */\n  ${m.name}: readonly [${names.join(", ")}];\n`;
  });
  return [
    HEADER(source),
    jsdoc(
      "The required parameters of each method, in the order its positional arguments take them (the type-level twin of `METHODS[name].required`).",
    ) + `export interface MethodRequired {\n${rows.join("")}}\n`,
  ].join("\n");
}
