// Scenario 6: cold start - the time to import each library's main entry in a fresh process.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Contender } from "../contenders/types.ts";
import type { Section } from "../report.ts";
import type { Outcome } from "../spawn.ts";
import { fmt } from "../stats.ts";
import { alternate, medianOf, problemNotes, ratioCells, spread } from "./common.ts";
import type { Scenario } from "./types.ts";

const benchDir = fileURLToPath(new URL("../..", import.meta.url));

/** Imports `specifier` in a fresh Node process (resolved from bench/) and returns the ms it took. */
function importOnce(specifier: string): Promise<Outcome> {
  const script =
    "const t = performance.now();" +
    `try { await import(${JSON.stringify(specifier)}); } catch (e) { process.stdout.write("NA " + e.message); process.exit(0); }` +
    "process.stdout.write(String(performance.now() - t));";
  // No compile cache and no inherited loader flags: every library starts equally cold.
  const env = { ...process.env };
  delete env.NODE_COMPILE_CACHE;
  delete env.NODE_OPTIONS;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", script],
      { cwd: benchDir, env },
      (error, stdout) => {
        if (error) return resolve({ kind: "error", reason: error.message });
        if (stdout.startsWith("NA "))
          return resolve({
            kind: "na",
            reason: `cannot import: ${stdout.slice(3).replace(/\s*\n\s*/g, " ")}`,
          });
        const ms = Number(stdout);
        resolve(
          Number.isFinite(ms) ? { kind: "ok", values: { importMs: ms } } : { kind: "error", reason: stdout },
        );
      },
    );
  });
}

/** The cold-start scenario. */
export const coldStart: Scenario = {
  id: "cold-start",
  title: "6. Cold start: importing the main entry in a fresh process",
  async run(options) {
    const repetitions = options.repetitions ?? (options.quick ? 3 : 10);
    // One discarded import each first, so the OS file cache is warm for everyone alike.
    for (const contender of options.contenders) await importOnce(contender.importSpecifier);
    const all = await alternate(
      this.id,
      options.contenders,
      repetitions,
      (contender: Contender) => importOnce(contender.importSpecifier),
      (values) => `${fmt(values.importMs ?? Number.NaN)} ms`,
    );
    const rows = options.contenders.map((contender) => {
      const [vsGrammy, vsRaw] = ratioCells(all, contender.id, "importMs");
      return [
        contender.label,
        contender.importSpecifier,
        spread(all.get(contender.id), "importMs"),
        vsGrammy,
        vsRaw,
      ];
    });
    const ours = medianOf(all.get("telepot"), "importMs");
    return {
      id: this.id,
      title: this.title,
      description: [
        "`await import(<entry>)` timed with performance.now() inside a fresh `node` process started in bench/ " +
          `(no compile cache), ${repetitions} processes per library, alternating; median (min-max), ms. Lower is better.`,
      ],
      header: ["Library", "entry", "import ms", "vs grammY", "vs raw undici"],
      rows,
      notes: problemNotes(all),
      targets: [
        {
          target: "import < 30 ms",
          measured: ours === undefined ? "n/a" : `${fmt(ours)} ms`,
          met: ours === undefined ? undefined : ours < 30,
        },
      ],
    } satisfies Section;
  },
};
