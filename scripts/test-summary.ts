// Sums the vitest JSON reports that each package's `test` task writes (.test-results.json) and
// prints one closing line, "tests: N passed, N failed", so a CI log says plainly what ran.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { workspaceDirs } from "./lib/workspace.ts";

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests?: number;
  numTodoTests?: number;
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
