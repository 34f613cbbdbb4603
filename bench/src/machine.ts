// The facts printed at the top of the results: machine, Node, date and library versions.
import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { fileURLToPath } from "node:url";
import { CONTENDERS } from "./contenders/index.ts";

/** The package version installed for the bench package, or "not installed". */
export function installedVersion(packageName: string): string {
  try {
    const file = fileURLToPath(new URL(`../node_modules/${packageName}/package.json`, import.meta.url));
    return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

/** Key/value lines describing the machine and the software measured. */
export function machineFacts(): [string, string][] {
  const cpuList = cpus();
  const libraries = [
    ...new Set(
      CONTENDERS.map((contender) => `${contender.packageName} ${installedVersion(contender.packageName)}`),
    ),
    `@grammyjs/runner ${installedVersion("@grammyjs/runner")}`,
    `autocannon ${installedVersion("autocannon")}`,
  ];
  return [
    ["Date", new Date().toISOString()],
    [
      "Machine",
      `${cpuList.length} x ${cpuList[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    ],
    ["OS", `${type()} ${release()}`],
    ["Node", process.version],
    ["Load average at start", loadAverage()],
    ["Libraries", libraries.join(", ")],
  ];
}

/** The 1/5/15-minute load averages: other work on the machine shows up here and in the spreads. */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ");
}

/** The 1-minute load average, two decimals. */
export function oneMinuteLoad(): string {
  return (loadavg()[0] ?? 0).toFixed(2);
}
