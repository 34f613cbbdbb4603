// Reading the Bot API specification (spec/api-<version>.json) and answering questions about it.
// Everything the emitters know about the spec goes through here, so a change of spec layout is
// mended in one file.
import { readFileSync } from "node:fs";

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

export function loadSpec(path: string): Spec {
  return JSON.parse(readFileSync(path, "utf8")) as Spec;
}

/** "Bot API 10.2" -> "10.2" */
export function apiVersion(spec: Spec): string {
  const m = /(\d+\.\d+)/.exec(spec.version);
  if (!m?.[1]) throw new Error(`cannot read the API version from ${JSON.stringify(spec.version)}`);
  return m[1];
}

/** The constant a subtype's discriminating field must hold ("always 'article'", "must be article"). */
export function discriminatorValue(field: SpecField): string | undefined {
  if (!["type", "status", "source"].includes(field.name)) return undefined;
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
