// Emits packages/namedtuple/src/generated/builders.ts: a builder function for every Bot API type a
// bot sends, named as the type, plus compact validation rules that the hand-written runtime
// (packages/namedtuple/src/rules.ts, validate.ts) applies.
//
// Which types a bot sends: those reachable from the parameters of the methods, following field
// types and the subtypes of abstract types, transitively. InputFile is left out (uploads are
// InputFile objects, see @telepot/core), and so are abstract types (a union has no fields of its
// own: one builds one of its subtypes). Reachability, not a hand-kept list, so a type added to a
// later Bot API gets its builder when the spec is regenerated.
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

/** The types reachable from method parameters, in spec order (InputFile included). */
export function sentTypes(spec: Spec): SpecType[] {
  const seen = new Set<string>();
  const queue: string[] = [];
  const visit = (type: string) => {
    const { base } = splitArray(type);
    if (spec.types[base] && !seen.has(base)) {
      seen.add(base);
      queue.push(base);
    }
  };
  for (const m of Object.values(spec.methods)) for (const f of m.fields ?? []) f.types.forEach(visit);
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    const t = spec.types[name] as SpecType;
    (t.subtypes ?? []).forEach(visit);
    for (const f of t.fields ?? []) f.types.forEach(visit);
  }
  return Object.values(spec.types).filter((t) => seen.has(t.name));
}

/** The types that get a builder: sent, concrete, not InputFile. */
export function builderTypes(spec: Spec): SpecType[] {
  return sentTypes(spec).filter((t) => t.name !== "InputFile" && !t.subtypes);
}

/**
 * The value a field must hold whatever the caller wants, which the builder fills in: the
 * discriminator of a subtype ("always 'article'"), a field of a concrete type documented as nothing
 * but "..., must be X" (InputMediaVoiceNote.type, not listed as a subtype of InputMedia), or a
 * required field of type True (ReplyKeyboardRemove.remove_keyboard, ForceReply.force_reply).
 */
export function constantValue(field: SpecField, owner: SpecType): string | true | undefined {
  if (field.required && field.types.length === 1 && field.types[0] === "True") return true;
  if (owner.subtype_of) return discriminatorValue(field);
  if (field.name !== "type") return undefined;
  return /(?:always|must be)\s+['"“]?([a-z][a-z0-9_]*)['"”]?\.?$/.exec(field.description)?.[1];
}

const PRIMITIVE_KINDS: Record<string, string> = {
  String: "s",
  Integer: "i",
  Float: "f",
  Boolean: "b",
  True: "t",
  InputFile: "u",
};

/**
 * The run-time kinds a value of a spec type may have (see rules.ts for the letters). A spec type
 * is an object ("o"); an abstract type is whatever its alternatives are (RichText admits a string
 * and an array too). Arrays prefix "[" per level; an array among an abstract type's alternatives
 * is checked only as an array ("a"), which keeps recursive types finite.
 */
function kindsOf(spec: Spec, type: string): string[] {
  const { depth, base } = splitArray(type);
  const prefix = "[".repeat(depth);
  const primitive = PRIMITIVE_KINDS[base];
  if (primitive) return [prefix + primitive];
  const alternatives = spec.types[base]?.subtypes ?? [base];
  const letters = alternatives.map((alt) => {
    if (splitArray(alt).depth > 0) return "a";
    return PRIMITIVE_KINDS[alt] ?? "o";
  });
  return [...new Set(letters)].map((letter) => prefix + letter);
}

/**
 * The documented limit of a field, as "=min-max" and a unit letter: b = UTF-8 bytes, c =
 * characters, p = characters of a text that may carry a parse mode (the limit holds after entities
 * parsing, so the maximum cannot be checked on marked-up text), n = a number's value, # = the
 * number of items of an array.
 */
function limitOf(field: SpecField, owner: SpecType): string {
  const [type] = field.types;
  if (field.types.length !== 1 || type === undefined) return "";
  const text = field.description;
  if (type === "String") {
    const m = /(\d+)-(\d+) (characters|bytes)/i.exec(text);
    if (!m) return "";
    if (m[3]?.toLowerCase() === "bytes") return `=${m[1]}-${m[2]}b`;
    const names = new Set((owner.fields ?? []).map((f) => f.name));
    const parsed =
      text.includes("after entities parsing") ||
      names.has("parse_mode") ||
      names.has(`${field.name}_parse_mode`);
    return `=${m[1]}-${m[2]}${parsed ? "p" : "c"}`;
  }
  if (type === "Integer" || type === "Float") {
    const m = /;\s*(\d+)-(\d+)(?=$|[.,\s])/.exec(text);
    return m ? `=${m[1]}-${m[2]}n` : "";
  }
  if (type.startsWith("Array of ")) {
    const m = /List of (\d+)-(\d+) /.exec(text);
    return m ? `=${m[1]}-${m[2]}#` : "";
  }
  return "";
}

/** One field's rule: `name:kind|kind[!][=min-max<unit>]` ("!" = required). */
function fieldRule(spec: Spec, field: SpecField, owner: SpecType): string {
  const kinds = carriesAttachment(field)
    ? ["u", "s"]
    : [...new Set(field.types.flatMap((type) => kindsOf(spec, type)))];
  return `${field.name}:${kinds.join("|")}${field.required ? "!" : ""}${limitOf(field, owner)}`;
}

function emitBuilder(spec: Spec, t: SpecType): string {
  const fields = t.fields ?? [];
  const constants = fields.flatMap((f) => {
    const value = constantValue(f, t);
    return value === undefined ? [] : [{ name: f.name, value }];
  });
  const fixed = new Set(constants.map((c) => c.name));
  const rules = fields.filter((f) => !fixed.has(f.name)).map((f) => fieldRule(spec, f, t));
  const optional = !fields.some((f) => f.required && !fixed.has(f.name));

  const fills = constants.map((c) => `\`${propKey(c.name)}: ${c.value === true ? "true" : lit(c.value)}\``);
  const extra = [
    ...(fills.length > 0 ? [`Fills in ${fills.join(" and ")}.`] : []),
    "Throws a TypeError for a missing required field, a value of the wrong kind, a text over its documented limit or an unknown field.",
    `@see ${t.href}`,
  ];
  const fixedType = constants.length > 0 ? `, ${constants.map((c) => lit(c.name)).join(" | ")}` : "";
  const constantsLiteral = `{ ${constants
    .map((c) => `${propKey(c.name)}: ${c.value === true ? "true" : lit(c.value)}`)
    .join(", ")} }`;
  const builderType = `${optional ? "OptionalBuilder" : "Builder"}<T.${t.name}${fixedType}>`;
  return (
    jsdoc(`${docText(t.description)}\n`, "", extra) +
    `export const ${t.name}: ${builderType} = /* @__PURE__ */ builder<T.${t.name}${fixedType}>(\n` +
    `  ${lit(t.name)},\n  ${constantsLiteral === "{  }" ? "{}" : constantsLiteral},\n  ${lit(rules.join(" "))},\n);\n` +
    jsdoc(`The object {@link ${t.name}} builds (the Bot API type, from @telepot/core).`) +
    `export type ${t.name} = T.${t.name};\n`
  );
}

export function emitBuilders(spec: Spec, source: string): string {
  const types = builderTypes(spec);
  const parts = [
    HEADER(source),
    `import type * as T from "@telepot/core";\nimport { type Builder, builder, type OptionalBuilder } from "../builder.js";\n`,
    ...types.map((t) => emitBuilder(spec, t)),
    jsdoc("The name of every type that has a builder, in spec order.") +
      `export const BUILDER_NAMES = [\n${types.map((t) => `  ${lit(t.name)},\n`).join("")}] as const;\n`,
  ];
  return parts.join("\n");
}
