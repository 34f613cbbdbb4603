// Sums the vitest JSON reports that each package's `test` task writes (.test-results.json) and
// prints one closing line, "tests: N passed, N failed", so a CI log says plainly what ran.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests?: number;
  numTodoTests?: number;
}

const root = join(import.meta.dirname, "..");

/**
 * The workspace's package folders, from the `packages:` list of pnpm-workspace.yaml (entries are
 * a folder or `folder/*`), so a package added there is counted without touching this script.
 */
function workspaceDirs(): string[] {
  const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const list = yaml.split(/^packages:\n/m)[1] ?? "";
  const entries = [...list.matchAll(/^ {2}- (.+)$/gm)].map((m) => (m[1] as string).trim());
  return entries.flatMap((entry) => {
    if (!entry.endsWith("/*")) return [join(root, entry)];
    const parent = join(root, entry.slice(0, -2));
    return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
  });
}

const reports = workspaceDirs()
  .map((dir) => join(dir, ".test-results.json"))
  .filter((file) => existsSync(file));

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of reports) {
  const report = JSON.parse(readFileSync(file, "utf8")) as VitestReport;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`test reports: ${reports.length} packages`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (reports.length === 0 || passed === 0 || failed > 0) process.exit(1);
