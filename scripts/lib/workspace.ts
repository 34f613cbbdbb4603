// The workspace's package folders, read from pnpm-workspace.yaml, for the scripts that visit each.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The repository root (the folder holding pnpm-workspace.yaml). */
export const root = join(import.meta.dirname, "..", "..");

/**
 * The workspace's package folders, from the `packages:` list of pnpm-workspace.yaml (entries are
 * a folder or `folder/*`), so a package added there is visited without touching the scripts.
 */
export function workspaceDirs(): string[] {
  const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const list = yaml.split(/^packages:\n/m)[1] ?? "";
  const entries = [...list.matchAll(/^ {2}- (.+)$/gm)].map((m) => (m[1] as string).trim());
  return entries.flatMap((entry) => {
    if (!entry.endsWith("/*")) return [join(root, entry)];
    const parent = join(root, entry.slice(0, -2));
    return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
  });
}
