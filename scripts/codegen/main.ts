// The code generator: `pnpm gen` writes every generated file from spec/api-*.json; `pnpm gen:check`
// regenerates in memory and fails when a file on disk differs (CI runs it, so stale output fails).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { emitMeta } from "./emit-meta.ts";
import { emitMethods } from "./emit-methods.ts";
import { emitTypes } from "./emit-types.ts";
import { loadSpec } from "./spec.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const specPath = join(root, "spec", "api-10.2.json");
const source = relative(root, specPath);
const spec = loadSpec(specPath);

/** Every generated file: path relative to the repository root -> its content. */
export const outputs: Record<string, string> = {
  "packages/core/src/generated/types.ts": emitTypes(spec, source),
  "packages/core/src/generated/methods.ts": emitMethods(spec, source),
  "packages/core/src/generated/meta.ts": emitMeta(spec, source),
};

const check = process.argv.includes("--check");
const stale: string[] = [];
for (const [path, content] of Object.entries(outputs)) {
  const full = join(root, path);
  const current = existsSync(full) ? readFileSync(full, "utf8") : undefined;
  if (current === content) continue;
  if (check) {
    stale.push(path);
  } else {
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    console.log(`wrote ${path}`);
  }
}
if (check && stale.length > 0) {
  console.error(`generated files are stale (run \`pnpm gen\` and commit):\n  ${stale.join("\n  ")}`);
  process.exit(1);
}
console.log(
  check ? `generated files are up to date (${Object.keys(outputs).length} files)` : "generation done",
);
