// Every package's tests run with the shared settings (vitest.shared.ts: timeouts fit for a loaded
// 2-core machine). A package without its own vitest.config.ts silently got vitest's defaults (a 5 s
// test limit, a 1 s expect.poll deadline), and one whose turbo.json lists its own test inputs must
// name the shared file there too, or turbo replays a cached result after the settings change.
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
import { root, workspaceDirs } from "../lib/workspace.ts";

const tested = workspaceDirs().filter((dir) => {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return false;
  const { scripts } = JSON.parse(readFileSync(manifest, "utf8")) as { scripts?: Record<string, string> };
  return scripts?.test?.includes("vitest") ?? false;
});

it("finds the packages that have vitest tests", () => {
  expect(tested.map((dir) => relative(root, dir))).toEqual(
    expect.arrayContaining(["packages/core", "packages/sqlite", "packages/redis", "scripts"]),
  );
});

it.each(tested.map((dir) => [relative(root, dir), dir]))("%s uses the shared test settings", (_name, dir) => {
  const config = join(dir, "vitest.config.ts");
  expect(existsSync(config), "vitest.config.ts").toBe(true);
  expect(readFileSync(config, "utf8")).toMatch(/from "(\.\.\/)+vitest\.shared\.ts"/);

  const turbo = join(dir, "turbo.json");
  if (!existsSync(turbo)) return;
  const inputs = (JSON.parse(readFileSync(turbo, "utf8")) as { tasks?: { test?: { inputs?: string[] } } })
    .tasks?.test?.inputs;
  if (inputs) expect(inputs).toContain("$TURBO_ROOT$/vitest.shared.ts");
});
