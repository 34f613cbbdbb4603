// Reading the Bot API specification (spec/api-<version>.json) and answering questions about it.
// Everything the emitters know about the spec goes through here, so a change of spec layout is
// mended in one file.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface SpecField {
  name: string;
  types: string[];
  required: boolean;
  description: string;
}
export interface SpecMethod {
  name: string;
  href: string;
  description: string[];
  returns: string[];
  fields?: SpecField[];
}
export interface SpecType {
  name: string;
  href: string;
  description: string[];
  fields?: SpecField[];
  subtypes?: string[];
  subtype_of?: string[];
}
export interface Spec {
  version: string;
  release_date: string;
  methods: Record<string, SpecMethod>;
  types: Record<string, SpecType>;
}

/** A spec the generator cannot read: every place it could not make sense of, one per line. */
export class SpecError extends Error {
  /** The spec file. */
  readonly source: string;
  /** "<place>: <what is wrong>", one per problem. */
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[]) {
    super(`cannot generate from ${source}:\n  ${problems.join("\n  ")}`);
    this.name = "SpecError";
    this.source = source;
    this.problems = problems;
  }
}

/** Reads a spec file and checks it can be generated from (throws a SpecError naming each bad place). */
export function loadSpec(path: string): Spec {
  let spec: Spec;
  try {
    spec = JSON.parse(readFileSync(path, "utf8")) as Spec;
  } catch (error) {
    throw new SpecError(path, [`not a JSON file: ${(error as Error).message}`]);
  }
  const problems = specProblems(spec);
  if (problems.length > 0) throw new SpecError(path, problems);
  return spec;
}

/** The one spec file in `dir` (spec/api-<version>.json): the repository builds from exactly one. */
export function findSpec(dir: string): string {
  const found = readdirSync(dir).filter((name) => /^api-.+\.json$/.test(name));
  if (found.length !== 1) {
    throw new Error(
      `${dir} must hold exactly one api-<version>.json, found ${found.length}: ${found.join(", ")}`,
    );
  }
  return join(dir, found[0] as string);
}

const PRIMITIVE_NAMES = new Set(["Integer", "Float", "String", "Boolean", "True", "InputFile"]);

/** What is wrong with one type expression, or undefined when it names a primitive or a spec type. */
function typeProblem(spec: Spec, type: unknown): string | undefined {
  if (typeof type !== "string") return `unknown type expression ${JSON.stringify(type)}`;
  const { base } = splitArray(type);
  if (PRIMITIVE_NAMES.has(base) || spec.types[base]) return undefined;
  if (/^[A-Z][A-Za-z0-9]*$/.test(base)) return `dangling type name "${base}" (no such type in the spec)`;
  return `unknown type expression ${JSON.stringify(type)}`;
}

/** The fields a subtype is told apart by, with the constant each holds (undefined: unreadable). */
function discriminators(t: SpecType): { field: string; value: string | undefined }[] {
  return (t.fields ?? [])
    .filter((f) => DISCRIMINATOR_FIELDS.includes(f.name))
    .map((f) => ({ field: f.name, value: discriminatorValue(f) }));
}

/**
 * Every place in the spec the emitters could not turn into correct code: a type expression that is
 * not one, a type name the spec does not define, a subtype of a tagged union whose constant cannot
 * be read (the union would lose its tag). Untagged unions (MaybeInaccessibleMessage,
 * InputMessageContent: no subtype has a type/status/source field) are fine.
 */
export function specProblems(spec: Spec): string[] {
  const problems: string[] = [];
  if (typeof spec?.version !== "string" || !/\d+\.\d+/.test(spec.version)) {
    problems.push(`version: cannot read the API version from ${JSON.stringify(spec?.version)}`);
  }
  if (typeof spec?.methods !== "object" || typeof spec?.types !== "object") {
    return [...problems, "the file has no `methods` and `types` objects"];
  }
  const checkTypes = (place: string, types: unknown) => {
    if (!Array.isArray(types) || types.length === 0) {
      problems.push(`${place}: expected a list of type expressions`);
      return;
    }
    types.forEach((type, i) => {
      const problem = typeProblem(spec, type);
      if (problem) problems.push(`${place}[${i}]: ${problem}`);
    });
  };
  const checkFields = (place: string, fields: SpecField[] | undefined) => {
    for (const f of fields ?? []) checkTypes(`${place}.${f.name}`, f.types);
  };
  for (const [name, m] of Object.entries(spec.methods)) {
    checkTypes(`methods.${name}.returns`, m.returns);
    checkFields(`methods.${name}`, m.fields);
  }
  for (const [name, t] of Object.entries(spec.types)) {
    checkFields(`types.${name}`, t.fields);
    for (const parent of t.subtype_of ?? []) {
      if (!spec.types[parent]) problems.push(`types.${name}.subtype_of: dangling type name "${parent}"`);
    }
    if (!t.subtypes) continue;
    checkTypes(`types.${name}.subtypes`, t.subtypes);
    const members = t.subtypes.flatMap((s) => (spec.types[s] ? [spec.types[s] as SpecType] : []));
    // The tag: the field some subtype has a readable constant in (PassportElementError: `source`;
    // its `type` is an ordinary field). Every subtype of a tagged union must have it readable.
    const tags = new Set(
      members.flatMap((m) =>
        discriminators(m)
          .filter((d) => d.value)
          .map((d) => d.field),
      ),
    );
    for (const member of members) {
      for (const tag of tags) {
        const found = discriminators(member).find((d) => d.field === tag);
        if (found === undefined) {
          problems.push(`types.${member.name}: subtype of ${name} has no field "${tag}" to tell it apart`);
        } else if (found.value === undefined) {
          problems.push(
            `types.${member.name}.${tag}: subtype of ${name}, but its constant cannot be read from the description (expected always "x", always 'x' or must be x)`,
          );
        }
      }
    }
  }
  return problems;
}

/** "Bot API 10.3" -> "10.3" */
export function apiVersion(spec: Spec): string {
  const m = /(\d+\.\d+)/.exec(spec.version);
  if (!m?.[1]) throw new Error(`cannot read the API version from ${JSON.stringify(spec.version)}`);
  return m[1];
}

/** The fields that tell the subtypes of an abstract type apart. */
const DISCRIMINATOR_FIELDS = ["type", "status", "source"];

/** The constant a subtype's discriminating field must hold ("always 'article'", "must be article"). */
export function discriminatorValue(field: SpecField): string | undefined {
  if (!DISCRIMINATOR_FIELDS.includes(field.name)) return undefined;
  const m = /(?:always|must be)\s+['"“]?([a-z][a-z0-9_]*)['"”]?/.exec(field.description);
  return m?.[1];
}

/**
 * A String field that the spec documents as "attach://<name>" really carries an upload: the
 * encoder replaces an upload found there with an attach:// reference. The types say so, so a
 * user can write `{ type: "photo", media: InputFile.fromPath(p) }`.
 */
export function carriesAttachment(field: SpecField): boolean {
  return field.types.length === 1 && field.types[0] === "String" && field.description.includes("attach://");
}

/** "Array of Array of X" -> { depth: 2, base: "X" } */
export function splitArray(type: string): { depth: number; base: string } {
  let depth = 0;
  let base = type;
  while (base.startsWith("Array of ")) {
    depth++;
    base = base.slice("Array of ".length);
  }
  return { depth, base };
}

/** Names of the types whose values may contain an upload somewhere inside (InputFile itself included). */
export function uploadCarryingTypes(spec: Spec): Set<string> {
  const carrying = new Set<string>(["InputFile"]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of Object.values(spec.types)) {
      if (carrying.has(t.name)) continue;
      const parts = [
        ...(t.subtypes ?? []),
        ...(t.fields ?? []).flatMap((f) => (carriesAttachment(f) ? ["InputFile"] : f.types)),
      ];
      if (parts.some((p) => carrying.has(splitArray(p).base))) {
        carrying.add(t.name);
        grew = true;
      }
    }
  }
  return carrying;
}

/** The spec's description lines as one paragraph-separated text for a doc comment. */
export function docText(lines: readonly string[]): string {
  return lines.join("\n\n");
}
