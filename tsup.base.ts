// The one build configuration every package shares: ESM + CJS + .d.ts, one entry per public subpath.
import type { Options } from "tsup";

/** Options for a package whose public entry points are `entries` (paths under src/). */
export function packageBuild(entries: Record<string, string>, overrides: Options = {}): Options {
  return {
    entry: entries,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node22",
    platform: "node",
    splitting: true,
    treeshake: true,
    ...overrides,
  };
}
