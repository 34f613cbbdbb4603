// The Bot API spec as the tests read it: loaded straight from the JSON, independent of the
// generator, so a test can hold the generated builders against the spec itself.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A field of a type or a method, as the spec file lists it. */
export interface Field {
  name: string;
  types: string[];
  required: boolean;
  description: string;
}

/** A type of the spec. */
export interface Type {
  name: string;
  fields?: Field[];
  subtypes?: string[];
  subtype_of?: string[];
}

/** The parts of the spec file the tests use. */
export interface Spec {
  methods: Record<string, { fields?: Field[] }>;
  types: Record<string, Type>;
}

const specDir = fileURLToPath(new URL("../../../spec/", import.meta.url));
const specFile = readdirSync(specDir).find((name) => /^api-.+\.json$/.test(name));

/** The spec the builders were generated from (the repository holds one spec/api-<version>.json). */
export const spec: Spec = JSON.parse(readFileSync(`${specDir}${specFile ?? "api.json"}`, "utf8")) as Spec;

/** "Array of Array of X" -> "X". */
export const baseType = (type: string): string => type.replace(/^(Array of )+/, "");

/** The concrete types reachable from method parameters, InputFile left out. */
export function concreteSentTypes(): Set<string> {
  const seen = new Set<string>();
  const visit = (type: string): void => {
    const name = baseType(type);
    const t = spec.types[name];
    if (!t || seen.has(name)) return;
    seen.add(name);
    for (const s of t.subtypes ?? []) visit(s);
    for (const f of t.fields ?? []) f.types.forEach(visit);
  };
  for (const m of Object.values(spec.methods)) for (const f of m.fields ?? []) f.types.forEach(visit);
  return new Set([...seen].filter((n) => n !== "InputFile" && !spec.types[n]?.subtypes));
}
