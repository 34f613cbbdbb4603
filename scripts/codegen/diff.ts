// `pnpm gen:diff OLD.json NEW.json`: what a new Bot API spec adds, removes and changes (methods,
// types, fields, required-ness, field types, subtypes, results), as Markdown for the changelog.
// Run before regenerating: the list says what the hand-written code may have to follow.
import { relative } from "node:path";
import { apiVersion, loadSpec, type Spec, SpecError, type SpecField } from "./spec.ts";

/** A method or a type as far as the diff compares them. */
interface Entity {
  fields?: SpecField[];
  returns?: string[];
  subtypes?: string[];
}

/** What changed in one method or type that both specs have. */
export interface EntityChange {
  name: string;
  lines: string[];
}

/** The difference of two specs, section by section. */
export interface SpecDiff {
  from: string;
  to: string;
  addedMethods: string[];
  removedMethods: string[];
  changedMethods: EntityChange[];
  addedTypes: string[];
  removedTypes: string[];
  changedTypes: EntityChange[];
}

const code = (s: string) => `\`${s}\``;
const typeText = (types: readonly string[]) => types.join(" | ");
const requiredness = (f: SpecField) => (f.required ? "required" : "optional");

/** The changes of one field list (fields added, removed, made required or optional, retyped). */
function fieldChanges(before: SpecField[], after: SpecField[]): string[] {
  const old = new Map(before.map((f) => [f.name, f]));
  const now = new Map(after.map((f) => [f.name, f]));
  const lines: string[] = [];
  const added = after.filter((f) => !old.has(f.name));
  const removed = before.filter((f) => !now.has(f.name));
  for (const f of added) lines.push(`adds ${code(f.name)} (${typeText(f.types)}, ${requiredness(f)})`);
  if (removed.length > 0) lines.push(`removes ${removed.map((f) => code(f.name)).join(", ")}`);
  for (const f of after) {
    const was = old.get(f.name);
    if (!was) continue;
    if (was.required !== f.required) lines.push(`${code(f.name)} is now ${requiredness(f)}`);
    if (typeText(was.types) !== typeText(f.types)) {
      lines.push(`${code(f.name)}: ${typeText(was.types)} -> ${typeText(f.types)}`);
    }
  }
  return lines;
}

/** The changes of a list of names (subtypes, result types) as "adds X, removes Y" lines. */
function listChanges(what: string, before: readonly string[] = [], after: readonly string[] = []): string[] {
  const added = after.filter((s) => !before.includes(s));
  const removed = before.filter((s) => !after.includes(s));
  return [
    ...(added.length > 0 ? [`${what}: adds ${added.map(code).join(", ")}`] : []),
    ...(removed.length > 0 ? [`${what}: removes ${removed.map(code).join(", ")}`] : []),
  ];
}

function entityChanges(before: Entity, after: Entity): string[] {
  return [
    ...listChanges("result", before.returns, after.returns),
    ...listChanges("subtypes", before.subtypes, after.subtypes),
    ...fieldChanges(before.fields ?? [], after.fields ?? []),
  ];
}

function section<T extends Entity>(
  before: Record<string, T>,
  after: Record<string, T>,
): { added: string[]; removed: string[]; changed: EntityChange[] } {
  const added = Object.keys(after).filter((n) => !(n in before));
  const removed = Object.keys(before).filter((n) => !(n in after));
  const changed = Object.keys(after)
    .filter((n) => n in before)
    .map((name) => ({ name, lines: entityChanges(before[name] as T, after[name] as T) }))
    .filter((c) => c.lines.length > 0);
  return { added, removed, changed };
}

/** Compares two specs: names in the order of the newer spec (removed ones in the older one's). */
export function diffSpecs(before: Spec, after: Spec): SpecDiff {
  const methods = section(before.methods, after.methods);
  const types = section(before.types, after.types);
  return {
    from: apiVersion(before),
    to: apiVersion(after),
    addedMethods: methods.added,
    removedMethods: methods.removed,
    changedMethods: methods.changed,
    addedTypes: types.added,
    removedTypes: types.removed,
    changedTypes: types.changed,
  };
}

/** The diff as Markdown: a heading, then one list per non-empty section. */
export function diffMarkdown(diff: SpecDiff): string {
  const out = [`### Bot API ${diff.from} -> ${diff.to}`, ""];
  const names = (title: string, list: string[]) => {
    if (list.length > 0) out.push(`**${title} (${list.length}):** ${list.map(code).join(", ")}`, "");
  };
  const changes = (title: string, list: EntityChange[]) => {
    if (list.length === 0) return;
    out.push(`**${title} (${list.length}):**`, "");
    for (const c of list) out.push(`- ${code(c.name)}: ${c.lines.join("; ")}`);
    out.push("");
  };
  names("New methods", diff.addedMethods);
  names("Removed methods", diff.removedMethods);
  changes("Changed methods", diff.changedMethods);
  names("New types", diff.addedTypes);
  names("Removed types", diff.removedTypes);
  changes("Changed types", diff.changedTypes);
  if (out.length === 2) out.push("No change in methods or types.", "");
  return out.join("\n");
}

if (import.meta.main) {
  const [oldPath, newPath] = process.argv.slice(2);
  if (!oldPath || !newPath) {
    console.error("usage: pnpm gen:diff OLD.json NEW.json");
    process.exit(2);
  }
  try {
    process.stdout.write(diffMarkdown(diffSpecs(loadSpec(oldPath), loadSpec(newPath))));
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    console.error(error.message.replace(error.source, relative(process.cwd(), error.source)));
    process.exit(1);
  }
}
