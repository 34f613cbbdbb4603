// Emits packages/core/src/generated/types.ts: an interface for every Bot API type, a union for
// every abstract type, field names exactly as on the wire.
import { HEADER, jsdoc, lit, propKey } from "./emit.ts";
import {
  carriesAttachment,
  discriminatorValue,
  docText,
  type Spec,
  type SpecField,
  type SpecType,
  splitArray,
} from "./spec.ts";

const PRIMITIVES: Record<string, string> = {
  Integer: "number",
  Float: "number",
  String: "string",
  Boolean: "boolean",
  True: "true",
  // An upload: a hand-written type in core (src/input-file.ts), not an interface of the spec.
  InputFile: "InputFileLike",
};

/** The TypeScript for one spec type expression; `qualify` prefixes names of spec types. */
export function tsType(type: string, qualify = ""): string {
  const { depth, base } = splitArray(type);
  let out = PRIMITIVES[base] ?? `${qualify}${base}`;
  for (let i = 0; i < depth; i++) out = `${out}[]`;
  return out;
}

/** The TypeScript for a field's alternatives (["Integer","String"] -> "number | string"). */
export function tsUnion(types: readonly string[], qualify = ""): string {
  // Several "Array of X" alternatives are one array of mixed items: sendMediaGroup takes an album of
  // photos and videos together, which `InputMediaPhoto[] | InputMediaVideo[]` would refuse.
  const arrays = types.map(splitArray).filter((t) => t.depth === 1);
  if (arrays.length > 1 && arrays.length === types.length) {
    return `(${tsUnion(
      arrays.map((t) => t.base),
      qualify,
    )})[]`;
  }
  return [...new Set(types.map((t) => tsType(t, qualify)))].join(" | ");
}

/** The TypeScript type of a field of a spec type (discriminators become literals). */
export function fieldType(field: SpecField, owner: SpecType | undefined, qualify = ""): string {
  if (owner?.subtype_of) {
    const constant = discriminatorValue(field);
    if (constant !== undefined) return lit(constant);
  }
  if (carriesAttachment(field)) return "InputFileLike | string";
  return tsUnion(field.types, qualify);
}

export function emitField(field: SpecField, owner: SpecType | undefined, qualify = ""): string {
  const optional = field.required ? "" : "?";
  return `${jsdoc(field.description, "  ")}  ${propKey(field.name)}${optional}: ${fieldType(field, owner, qualify)};\n`;
}

function emitType(t: SpecType): string {
  const doc = jsdoc(docText(t.description), "", [`@see ${t.href}`]);
  if (t.subtypes) {
    const alternatives = t.subtypes.map((s) => tsType(s)).join("\n  | ");
    return `${doc}export type ${t.name} =\n  | ${alternatives};\n`;
  }
  if (!t.fields || t.fields.length === 0) {
    // Telegram sends these as an empty object: nothing may be read from them.
    return `${doc}export type ${t.name} = Record<string, never>;\n`;
  }
  return `${doc}export interface ${t.name} {\n${t.fields.map((f) => emitField(f, t)).join("")}}\n`;
}

export function emitTypes(spec: Spec, source: string): string {
  const parts = [HEADER(source), `import type { InputFileLike } from "../input-file.js";\n`];
  for (const t of Object.values(spec.types)) {
    if (t.name === "InputFile") continue;
    parts.push(emitType(t));
  }
  return parts.join("\n");
}
