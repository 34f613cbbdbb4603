// Builds a minimal well-formed value of a spec type: every required field filled, constants set.
// Methods the emulator does not simulate in depth answer with one, so a client's result parser
// gets the shape it expects; simulated objects start from one so no required field is forgotten.
import { TYPE_SHAPES } from "../generated/spec-table.js";

/** A minimal value of the first of `types` (spec notation: "Integer", "Array of X", "Message"...). */
export function synthesize(types: readonly string[], depth = 0): unknown {
  const type = types[0] ?? "Boolean";
  switch (type) {
    case "Boolean":
    case "True":
      return true;
    case "Integer":
    case "Float":
      return 0;
    case "String":
      return "";
    case "InputFile":
      return "";
  }
  if (type.startsWith("Array of ")) return [];
  const shape = TYPE_SHAPES[type];
  if (!shape || depth > 8) return {};
  if (shape.subtypes) return synthesize([shape.subtypes[0] ?? "String"], depth + 1);
  const out: Record<string, unknown> = {};
  for (const [name, fieldTypes, required] of shape.fields ?? []) {
    if (required) out[name] = synthesize(fieldTypes, depth + 1);
  }
  if (shape.constant) out[shape.constant[0]] = shape.constant[1];
  return out;
}

/** A minimal object of a named type, with `fields` laid over it. */
export function synthesizeObject<T extends object>(type: string, fields: Partial<T>): T {
  return { ...(synthesize([type]) as object), ...fields } as T;
}
