// Finds imports of packages a workspace package does not declare. Under pnpm's strict layout (and
// for anyone installing from npm) an undeclared package is missing or, worse, found by accident.
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import ts from "typescript";

/** The parts of a package.json that say what the package may import. */
interface Manifest {
  readonly name?: string;
  readonly private?: boolean;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

/** One import of a package the importing package does not declare (or declares only for dev). */
export interface UndeclaredImport {
  /** The file, relative to the package folder. */
  readonly file: string;
  /** The imported package's name. */
  readonly name: string;
  /** Why it is wrong. */
  readonly why: "undeclared" | "dev-only";
}

const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;
const SKIP_DIRS = new Set(["node_modules", "dist", "artifacts", "coverage", ".turbo"]);
const BUILTINS = new Set(builtinModules);

/** The package name a bare specifier names (`@scope/name/sub` -> `@scope/name`), or undefined. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:"))
    return undefined;
  if (specifier.startsWith("#") || specifier.includes(":")) return undefined;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
  return BUILTINS.has(name) ? undefined : name;
}

/**
 * The bare package names `text` imports: static imports and re-exports, side-effect imports,
 * dynamic import() and require() of a string (TypeScript's scanner, so strings and comments that
 * merely look like imports do not count).
 */
export function importedPackages(text: string): string[] {
  const names = new Set<string>();
  for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
    const name = packageOf(fileName);
    if (name !== undefined) names.add(name);
  }
  return [...names];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".") || SKIP_DIRS.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/**
 * The imports in the package at `dir` that its package.json does not allow: any package not
 * declared at all, and, in a published package, a dev-only dependency imported from `src/` (it
 * would be missing for the package's users). `toolchain` holds the workspace root's
 * devDependencies (vitest, tsup, typescript), which every package's tests and configs may use.
 */
export function undeclaredImports(
  dir: string,
  toolchain: ReadonlySet<string> = new Set(),
): UndeclaredImport[] {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
  const runtime = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const dev = new Set([...Object.keys(manifest.devDependencies ?? {}), ...toolchain]);
  const found: UndeclaredImport[] = [];
  for (const path of sourceFiles(dir)) {
    const file = relative(dir, path);
    const shipped = manifest.private !== true && file.startsWith("src/");
    for (const name of importedPackages(readFileSync(path, "utf8"))) {
      if (name === manifest.name || runtime.has(name) || runtime.has(`@types/${name}`)) continue;
      if (dev.has(name) || dev.has(`@types/${name}`)) {
        if (shipped) found.push({ file, name, why: "dev-only" });
        continue;
      }
      found.push({ file, name, why: "undeclared" });
    }
  }
  return found;
}
