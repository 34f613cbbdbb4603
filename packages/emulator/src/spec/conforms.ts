// Checks that a value Telegram would send (a method's result) has the shape the spec gives its type:
// every required field present, every present field of a listed type and, in strict mode, no field
// the spec does not list. Returns the problems found (none: it conforms).
import { TYPE_SHAPES } from "../generated/spec-table.js";

/** How to check. */
export interface ConformsOptions {
  /** Also report fields the spec's type does not have. */
  strict?: boolean;
}

/** The problems of `value` as the first of `types` it fits best; [] when it fits one. */
export function conforms(
  value: unknown,
  types: readonly string[],
  path = "result",
  options: ConformsOptions = {},
): string[] {
  let best: string[] | undefined;
  for (const type of types) {
    const problems = conformsTo(value, type, path, options);
    if (problems.length === 0) return [];
    if (!best || problems.length < best.length) best = problems;
  }
  return best ?? [`${path}: no type`];
}

function conformsTo(value: unknown, type: string, path: string, options: ConformsOptions): string[] {
  switch (type) {
    case "Integer":
      return Number.isInteger(value) ? [] : [`${path}: not an Integer`];
    case "Float":
      return typeof value === "number" ? [] : [`${path}: not a Float`];
    case "String":
      return typeof value === "string" ? [] : [`${path}: not a String`];
    case "Boolean":
      return typeof value === "boolean" ? [] : [`${path}: not a Boolean`];
    case "True":
      return value === true ? [] : [`${path}: not True`];
  }
  if (type.startsWith("Array of ")) {
    if (!Array.isArray(value)) return [`${path}: not an Array`];
    return value.flatMap((v, i) => conforms(v, [type.slice(9)], `${path}[${i}]`, options));
  }
  const shape = TYPE_SHAPES[type];
  if (!shape) return [`${path}: unknown type ${type}`];
  if (shape.subtypes) return conforms(value, shape.subtypes, path, options);
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return [`${path}: not a ${type} object`];
  const object = value as Record<string, unknown>;
  const problems: string[] = [];
  const fields = shape.fields ?? [];
  for (const [name, fieldTypes, required] of fields) {
    if (object[name] === undefined) {
      if (required) problems.push(`${path}.${name}: missing`);
    } else problems.push(...conforms(object[name], fieldTypes, `${path}.${name}`, options));
  }
  if (shape.constant && object[shape.constant[0]] !== shape.constant[1])
    problems.push(`${path}.${shape.constant[0]}: not "${shape.constant[1]}"`);
  if (options.strict) {
    const known = new Set(fields.map(([name]) => name));
    for (const name of Object.keys(object))
      if (!known.has(name) && object[name] !== undefined)
        problems.push(`${path}.${name}: not a field of ${type}`);
  }
  return problems;
}
