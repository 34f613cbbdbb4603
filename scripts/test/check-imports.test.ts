import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { importedPackages, undeclaredImports } from "../lib/imports.ts";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway package folder with `manifest` and `files` (path -> text). */
function fixture(manifest: object, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "telepot-imports-"));
  made.push(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("importedPackages", () => {
  it("finds static, type, side-effect, dynamic and require imports by package name", () => {
    const text = [
      'import { Bot } from "@telepot/async";',
      'import type { X } from "@telepot/core/internal";',
      'import "left-pad";',
      'export * from "re-exported";',
      'const a = await import("lazy/sub/path");',
      'const b = require("old-style");',
      'import { readFileSync } from "node:fs";',
      'import { join } from "path";',
      'import { local } from "./local.js";',
    ].join("\n");
    expect(importedPackages(text).sort()).toEqual(
      ["@telepot/async", "@telepot/core", "left-pad", "lazy", "old-style", "re-exported"].sort(),
    );
  });

  it("ignores strings and comments that only look like imports", () => {
    const text = '// import { x } from "commented";\nconst s = `import { y } from "templated"`;\n';
    expect(importedPackages(text)).toEqual([]);
  });
});

describe("undeclaredImports", () => {
  it("reports a package the manifest does not declare, and accepts declared ones", () => {
    const dir = fixture(
      { name: "example", private: true, dependencies: { "@telepot/async": "1.0.0" } },
      { "src/bot.ts": 'import { Bot } from "@telepot/async";\nimport { glance } from "@telepot/core";\n' },
    );
    expect(undeclaredImports(dir)).toEqual([
      { file: "src/bot.ts", name: "@telepot/core", why: "undeclared" },
    ]);
  });

  it("reports a published package's src importing a devDependency, but not its tests", () => {
    const dir = fixture(
      { name: "@x/pkg", devDependencies: { msw: "1.0.0" } },
      {
        "src/a.ts": 'import { http } from "msw";\n',
        "test/a.test.ts": 'import { http } from "msw";\nimport { it } from "vitest";\nimport "@x/pkg";\n',
      },
    );
    expect(undeclaredImports(dir, new Set(["vitest"]))).toEqual([
      { file: "src/a.ts", name: "msw", why: "dev-only" },
    ]);
  });
});
