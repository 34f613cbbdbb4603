// The code generator: `pnpm gen` writes every generated file from the one spec/api-<version>.json;
// `pnpm gen:check` regenerates in memory and fails when a file on disk differs (CI runs it, so stale
// output fails). A spec it cannot read is refused with the places named, before anything is written.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { emitBuilders } from "./emit-builders.ts";
import { emitEmulatorTable } from "./emit-emulator.ts";
import { emitMeta } from "./emit-meta.ts";
import { emitMethods } from "./emit-methods.ts";
import { emitRequired } from "./emit-required.ts";
import { emitTypes } from "./emit-types.ts";
import { findSpec, loadSpec, SpecError } from "./spec.ts";

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The spec the repository builds from: the one spec/api-<version>.json. */
export function specPath(): string {
  return findSpec(join(root, "spec"));
}

/** Every generated file from the spec at `path`: path relative to the repository root -> its content. */
export function generate(path: string = specPath()): Record<string, string> {
  const source = relative(root, path);
  const spec = loadSpec(path);
  return {
    "packages/core/src/generated/types.ts": emitTypes(spec, source),
    "packages/core/src/generated/methods.ts": emitMethods(spec, source),
    "packages/core/src/generated/meta.ts": emitMeta(spec, source),
    "packages/namedtuple/src/generated/builders.ts": emitBuilders(spec, source),
    "packages/core/src/generated/required.ts": emitRequired(spec, source),
    "packages/emulator/src/generated/spec-table.ts": emitEmulatorTable(spec, source),
  };
}

/** The generated files (paths relative to `base`) whose content on disk differs from `expected`. */
export function staleFiles(expected: Record<string, string>, base = root): string[] {
  return Object.entries(expected)
    .filter(([path, content]) => {
      const full = join(base, path);
      return !existsSync(full) || readFileSync(full, "utf8") !== content;
    })
    .map(([path]) => path);
}

/** Writes the stale files; returns their paths. */
export function writeOutputs(expected: Record<string, string>, base = root): string[] {
  const stale = staleFiles(expected, base);
  for (const path of stale) {
    const full = join(base, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, expected[path] as string);
  }
  return stale;
}

if (import.meta.main) {
  let outputs: Record<string, string>;
  try {
    outputs = generate();
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    const message = error.message.replace(error.source, relative(root, error.source));
    console.error(`${message}\nnothing was written: fix the spec (or the generator) and run again.`);
    process.exit(1);
  }
  if (process.argv.includes("--check")) {
    const stale = staleFiles(outputs);
    if (stale.length > 0) {
      console.error(`generated files are stale (run \`pnpm gen\` and commit):\n  ${stale.join("\n  ")}`);
      process.exit(1);
    }
    console.log(`generated files are up to date (${Object.keys(outputs).length} files)`);
  } else {
    for (const path of writeOutputs(outputs)) console.log(`wrote ${path}`);
    console.log("generation done");
  }
}
