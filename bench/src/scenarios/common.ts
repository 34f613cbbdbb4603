// Helpers shared by scenarios: alternating repeated runs, medians over runs, and small HTTP reads
// of the fake server's counters from inside a measured process.
import { get } from "node:http";
import type { Contender, ContenderId } from "../contenders/types.ts";
import type { Outcome } from "../spawn.ts";
import { fmt, median, ratio } from "../stats.ts";

/** All runs of one contender in one scenario. */
export interface Series {
  contender: Contender;
  /** The successful runs' numbers. */
  runs: Record<string, number>[];
  /** Why the contender could not take part, when it could not. */
  notAvailable?: string;
  /** Failed runs' reasons. */
  errors: string[];
}

/** Prints progress to stderr (stdout carries the tables). */
export function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

/**
 * Runs `measure` `repetitions` times per contender, alternating contenders within each round and
 * rotating the order every round so no library always runs first (or right after another).
 */
export async function alternate(
  scenario: string,
  contenders: readonly Contender[],
  repetitions: number,
  measure: (contender: Contender, round: number) => Promise<Outcome>,
  describe: (values: Record<string, number>) => string,
): Promise<Map<ContenderId, Series>> {
  const series = new Map<ContenderId, Series>(
    contenders.map((contender) => [contender.id, { contender, runs: [], errors: [] }]),
  );
  for (let round = 0; round < repetitions; round++) {
    const order = contenders.map((_, index) => contenders[(index + round) % contenders.length]!);
    for (const contender of order) {
      const entry = series.get(contender.id)!;
      if (entry.notAvailable !== undefined) continue;
      const outcome = await measure(contender, round);
      const label = `[${scenario}] ${contender.label} ${round + 1}/${repetitions}`;
      if (outcome.kind === "ok") {
        entry.runs.push(outcome.values);
        progress(`${label}: ${describe(outcome.values)}`);
      } else if (outcome.kind === "na") {
        entry.notAvailable = outcome.reason;
        progress(`${label}: n/a (${outcome.reason})`);
      } else {
        entry.errors.push(outcome.reason);
        progress(`${label}: ERROR ${outcome.reason}`);
      }
    }
  }
  return series;
}

/** The median of one value over a series' runs, or undefined without runs. */
export function medianOf(series: Series | undefined, key: string): number | undefined {
  if (!series || series.runs.length === 0) return undefined;
  return median(series.runs.map((run) => run[key] ?? Number.NaN));
}

/** The largest value of a key over a series' runs (for counters that must stay 0). */
export function maxOf(series: Series | undefined, key: string): number | undefined {
  if (!series || series.runs.length === 0) return undefined;
  return Math.max(...series.runs.map((run) => run[key] ?? 0));
}

/** "median (min-max)" of one value, formatted (default: three significant digits). */
export function spread(
  series: Series | undefined,
  key: string,
  format: (value: number) => string = (value) => fmt(value),
): string {
  if (!series || series.runs.length === 0) return unavailable(series);
  const values = series.runs.map((run) => run[key] ?? Number.NaN);
  const mid = format(median(values));
  if (values.length === 1) return mid;
  return `${mid} (${format(Math.min(...values))}-${format(Math.max(...values))})`;
}

/** A CPU share with two decimals ("0.57"). */
export const cores = (value: number): string => value.toFixed(2);

/** The cell for a contender without numbers. */
export function unavailable(series: Series | undefined): string {
  if (!series) return "-";
  if (series.notAvailable !== undefined) return "n/a";
  return series.errors.length > 0 ? "error" : "-";
}

/** Notes for contenders that were n/a or failed. */
export function problemNotes(all: Map<ContenderId, Series>): string[] {
  const notes: string[] = [];
  for (const entry of all.values()) {
    if (entry.notAvailable !== undefined) notes.push(`${entry.contender.label}: n/a - ${entry.notAvailable}`);
    if (entry.errors.length > 0) {
      notes.push(
        `${entry.contender.label}: ${entry.errors.length} failed run(s) - ${[...new Set(entry.errors)].join("; ")}`,
      );
    }
  }
  return notes;
}

/** Ratio cells of a contender's median against grammY's and raw undici's. */
export function ratioCells(all: Map<ContenderId, Series>, id: ContenderId, key: string): [string, string] {
  const value = medianOf(all.get(id), key);
  return [ratio(value, medianOf(all.get("grammy"), key)), ratio(value, medianOf(all.get("undici"), key))];
}

/** The configuration notes of the contenders for one scenario. */
export function configurationNotes(
  contenders: readonly Contender[],
  key: keyof Contender["notes"],
): string[] {
  return contenders.flatMap((contender) =>
    contender.notes[key] ? [`${contender.label}: ${contender.notes[key]}`] : [],
  );
}

/** Reads JSON from the fake server over a fresh connection (never the contender's pool). */
export function getJson<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.once("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as T);
        } catch (error) {
          reject(error);
        }
      });
      res.once("error", reject);
    }).once("error", reject);
  });
}

/** The fake server's CPU time so far, in microseconds (user + system). */
export async function fakeCpuMicros(apiRoot: string): Promise<number> {
  const usage = await getJson<{ user: number; system: number }>(`${apiRoot}/__bench/cpu`);
  return usage.user + usage.system;
}

/** Loads a contender's modules before the clock starts, so no measurement includes an import. */
export async function preload(contender: Contender): Promise<void> {
  for (const specifier of contender.modules) {
    try {
      await import(specifier);
    } catch {
      // The adapter reports a missing library as n/a with the reason when it is used.
    }
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
