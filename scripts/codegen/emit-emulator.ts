// Emits packages/emulator/src/generated/spec-table.ts: the compact shape of every method and type
// (names, accepted types, required flags, subtype constants) that the emulator validates calls
// against and synthesizes results from. Descriptions are left out: the emulator needs the shape only.
import { HEADER, jsdoc, lit } from "./emit.ts";
import { carriesAttachment, discriminatorValue, type Spec, type SpecField } from "./spec.ts";

/** A field as [name, accepted types, required (1) or optional (0)]; attach:// strings accept uploads. */
function field(f: SpecField): string {
  const types = carriesAttachment(f) ? ["InputFile", "String"] : f.types;
  return `[${lit(f.name)}, [${types.map(lit).join(", ")}], ${f.required ? 1 : 0}]`;
}

export function emitEmulatorTable(spec: Spec, source: string): string {
  const methods = Object.values(spec.methods).map(
    (m) =>
      `  ${m.name}: { returns: [${m.returns.map(lit).join(", ")}], params: [${(m.fields ?? []).map(field).join(", ")}] },`,
  );
  const types = Object.values(spec.types).map((t) => {
    const parts: string[] = [];
    if (t.fields) parts.push(`fields: [${t.fields.map(field).join(", ")}]`);
    if (t.subtypes) parts.push(`subtypes: [${t.subtypes.map(lit).join(", ")}]`);
    const constant = (t.fields ?? []).map((f) => [f.name, discriminatorValue(f)] as const).find(([, v]) => v);
    if (constant?.[1]) parts.push(`constant: [${lit(constant[0])}, ${lit(constant[1])}]`);
    return `  ${lit(t.name)}: { ${parts.join(", ")} },`;
  });
  return [
    HEADER(source),
    jsdoc("A field or parameter: name, the types it accepts (spec notation), 1 when required."),
    "export type FieldShape = readonly [name: string, types: readonly string[], required: 0 | 1];\n",
    jsdoc("A method: the types it returns and its parameters in spec order."),
    "export interface MethodShape {\n  readonly returns: readonly string[];\n  readonly params: readonly FieldShape[];\n}\n",
    jsdoc(
      "A type: its fields, or the subtypes it is the union of; `constant` is the field and value that mark a subtype.",
    ),
    "export interface TypeShape {\n  readonly fields?: readonly FieldShape[];\n  readonly subtypes?: readonly string[];\n  readonly constant?: readonly [field: string, value: string];\n}\n",
    jsdoc("Every Bot API method by name."),
    `export const METHOD_SHAPES: Readonly<Record<string, MethodShape>> = {\n${methods.join("\n")}\n};\n`,
    jsdoc("Every Bot API type by name."),
    `export const TYPE_SHAPES: Readonly<Record<string, TypeShape>> = {\n${types.join("\n")}\n};\n`,
  ].join("\n");
}
