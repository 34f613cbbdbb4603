// Importing the package loads no Node built-in that only downloads and uploads use (node:fs,
// node:stream, node:util...): they come at their first use. Checked on the built package (ESM and
// CJS) in fresh processes, with Node's own list of the built-ins it has loaded.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";

const run = promisify(execFile);
const esmEntry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const cjsEntry = fileURLToPath(new URL("../dist/index.cjs", import.meta.url));

// Prints the built-ins loaded by the import, and how util.inspect shows a Bot (the custom inspect
// must still hide the token).
const probe = `
  const before = new Set(process.moduleLoadList);
  const { Bot } = await load(process.env.ENTRY);
  const loaded = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith("NativeModule "));
  const shown = process.getBuiltinModule("node:util").inspect(new Bot("7:HIDDENTOKEN"));
  console.log(JSON.stringify({ loaded, shown }));
`;
const esmScript = `const load = (p) => import(p); ${probe}`;
const cjsScript = `const load = async (p) => require(p);
  (async () => { ${probe} })().catch((e) => { console.error(e); process.exit(1); });`;

describe.each([
  { format: "ESM", entry: esmEntry, args: ["--input-type=module", "-e", esmScript] },
  { format: "CJS", entry: cjsEntry, args: ["-e", cjsScript] },
])("importing the built package ($format) in a fresh process", ({ entry, args }) => {
  test("loads none of the built-ins that downloads and uploads use", async () => {
    expect(existsSync(entry), `${entry} is missing: build @telepot/async first`).toBe(true);
    const env: NodeJS.ProcessEnv = { ...process.env, ENTRY: entry };
    delete env.NODE_OPTIONS;
    const { stdout } = await run(process.execPath, args, { env, timeout: 20_000 });
    const { loaded, shown } = JSON.parse(stdout) as { loaded: string[]; shown: string };
    for (const name of ["fs", "fs/promises", "path", "stream", "stream/promises", "util"]) {
      expect(loaded).not.toContain(`NativeModule ${name}`);
    }
    expect(shown).toBe('Bot { apiRoot: "https://api.telegram.org" }');
  });
});
