// Fails when a package, app, example, benchmark or script of the workspace imports a package its
// package.json does not declare (or a published package's src/ imports a dev-only dependency).
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { undeclaredImports } from "./lib/imports.ts";
import { root, workspaceDirs } from "./lib/workspace.ts";

const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  devDependencies?: Record<string, string>;
};
const toolchain = new Set(Object.keys(rootManifest.devDependencies ?? {}));

let problems = 0;
for (const dir of workspaceDirs()) {
  for (const { file, name, why } of undeclaredImports(dir, toolchain)) {
    problems++;
    const where = relative(root, dir);
    console.error(
      why === "undeclared"
        ? `✗ ${where}/${file} imports ${name}, which ${where}/package.json does not declare`
        : `✗ ${where}/${file} imports ${name}, a devDependency, from code the package publishes`,
    );
  }
}
if (problems > 0) {
  console.error(`${problems} undeclared import(s)`);
  process.exit(1);
}
console.log(`✓ every workspace package imports only what its package.json declares`);
