// The check that no tracked file refers to a path outside the repository (run by ./dev test).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkRepository, outsidePaths } from "../check-paths.ts";
import { root } from "../readme.ts";

// The outside paths are spelt in pieces: written whole, this file would fail the check itself.
const up = "..";
const shared = `${up}/shared/telepot/telepot-6.3-README.md`;
const climbing = `${up}/${up}/${up}/elsewhere/x.ts`;
const home = ["", "home", "someone", "notes.md"].join("/");
const work = ["", "work", "main", "README.md"].join("/");

describe("check-paths", () => {
  it("flags relative paths that climb above the root and absolute paths into a machine", () => {
    const text = [
      `A port of [telepot](${shared}).`,
      `import x from "${climbing}";`,
      `see ${home} and ${work}`,
    ].join("\n");
    expect(outsidePaths("/repo", "packages/core/README.md", text)).toEqual([
      { file: "packages/core/README.md", line: 1, path: shared },
      { file: "packages/core/README.md", line: 2, path: climbing },
      { file: "packages/core/README.md", line: 3, path: home },
      { file: "packages/core/README.md", line: 3, path: work },
    ]);
    // The shared folder is refused by name, even where the climb would stay inside.
    expect(outsidePaths("/repo", "scripts/notes.md", `see ${up}/shared/x.md`)).toHaveLength(1);
    expect(outsidePaths("/repo", "README.md", text)[0]).toEqual({
      file: "README.md",
      line: 1,
      path: shared,
    });
  });

  it("accepts paths that stay inside, URLs and system paths", () => {
    const text = [
      '"extends": "../../tsconfig.base.json"',
      "[root](../../README.md#the-basics) and https://github.com/nickoala/telepot/blob/master/README.md",
      "/usr/bin/env bash, /tmp/x, /dev/null, http://127.0.0.1:8081/work/x",
    ].join("\n");
    expect(outsidePaths("/repo", "apps/chatbox/README.md", text)).toEqual([]);
  });

  it("passes on this repository", () => {
    expect(checkRepository(root)).toEqual([]);
  });

  it("fails the command on a repository that has such a path", () => {
    const repo = mkdtempSync(join(tmpdir(), "telepot-paths-"));
    const git = (...args: string[]) => spawnSync("git", args, { cwd: repo, encoding: "utf8" });
    git("init", "-q");
    writeFileSync(join(repo, "README.md"), `[upstream](${up}/shared/upstream.md)\n`);
    git("add", "README.md");
    expect(checkRepository(repo)).toEqual([{ file: "README.md", line: 1, path: `${up}/shared/upstream.md` }]);
    const script = join(root, "scripts/check-paths.ts");
    const failed = spawnSync(process.execPath, [script, repo], { encoding: "utf8" });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(`README.md:1: ${up}/shared/upstream.md is outside the repository`);
    expect(spawnSync(process.execPath, [script], { encoding: "utf8" }).status).toBe(0);
  });
});
