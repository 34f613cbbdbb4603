// undici is loaded by the first request, not by importing the package or building a Bot: checked on
// the built package (ESM and CJS) in fresh processes, where nothing else has loaded undici yet.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { NetworkError } from "@telepot/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Bot } from "../src/index.js";
import { UndiciTransport } from "../src/transport/index.js";
import { type FakeServer, startServer } from "./helpers/server.js";

const run = promisify(execFile);
const esmEntry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const cjsEntry = fileURLToPath(new URL("../dist/index.cjs", import.meta.url));

// Prints whether undici's module file is in the module cache after each step. `pkgRequire` resolves
// undici from the package, so the probe looks for exactly the file the package would load.
const probe = `
  const pkgRequire = createRequire(process.env.ENTRY);
  const undiciFile = pkgRequire.resolve("undici");
  const loaded = () => undiciFile in pkgRequire.cache;
  const steps = { start: loaded() };
  const { Bot } = await load(process.env.ENTRY);
  steps.imported = loaded();
  const bot = new Bot("7:LAZY", { apiRoot: process.env.API });
  steps.constructed = loaded();
  const me = await bot.getMe();
  steps.requested = loaded();
  await bot.dispose();
  console.log(JSON.stringify({ steps, me }));
`;
const esmScript = `import { createRequire } from "node:module"; const load = (p) => import(p); ${probe}`;
const cjsScript = `const { createRequire } = require("node:module"); const load = async (p) => require(p);
  (async () => { ${probe} })().catch((e) => { console.error(e); process.exit(1); });`;

let server: FakeServer;
beforeAll(async () => {
  server = await startServer(() => ({
    json: { ok: true, result: { id: 7, is_bot: true, first_name: "L" } },
  }));
});
afterAll(async () => {
  await server.close();
});

describe.each([
  { format: "ESM", entry: esmEntry, args: ["--input-type=module", "-e", esmScript] },
  { format: "CJS", entry: cjsEntry, args: ["-e", cjsScript] },
])("the built package ($format) in a fresh process", ({ entry, args }) => {
  test("loads undici on the first request, and that request works", async () => {
    expect(existsSync(entry), `${entry} is missing: build @telepot/async first`).toBe(true);
    const env: NodeJS.ProcessEnv = { ...process.env, ENTRY: entry, API: server.url };
    delete env.NODE_OPTIONS;
    const { stdout } = await run(process.execPath, args, { env, timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({
      steps: { start: false, imported: false, constructed: false, requested: true },
      me: { id: 7, is_bot: true, first_name: "L" },
    });
    expect(server.received.at(-1)?.path).toBe("/bot7:LAZY/getMe");
  });
});

describe("the pool created on first use", () => {
  test("concurrent first requests all go through", async () => {
    const bot = new Bot("8:C", { apiRoot: server.url });
    const results = await Promise.all(Array.from({ length: 20 }, () => bot.getMe()));
    expect(results).toHaveLength(20);
    expect(results.every((me) => me.id === 7)).toBe(true);
    await bot.dispose();
  });

  test("a bot disposed before its first request refuses calls with a NetworkError without the token", async () => {
    const bot = new Bot("9:SECRETTOKEN", { apiRoot: server.url, retry: false });
    await bot.dispose();
    const before = server.received.length;
    const error = await bot.getMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toMatch(/^getMe:/);
    expect(String((error as NetworkError).message)).not.toContain("SECRETTOKEN");
    expect(server.received.length).toBe(before);
  });

  test("disposing while the first request is starting lets it finish, then refuses", async () => {
    const bot = new Bot("10:D", { apiRoot: server.url, retry: false });
    const first = bot.getMe();
    const disposed = bot.dispose();
    await expect(first).resolves.toMatchObject({ id: 7 });
    await disposed;
    await expect(bot.getMe()).rejects.toBeInstanceOf(NetworkError);
  });

  test("a bad connections value is refused when the transport is built", () => {
    expect(() => new UndiciTransport({ token: "1:T", connections: Number.NaN })).toThrow(TypeError);
    expect(() => new UndiciTransport({ token: "1:T", connections: -1 })).toThrow(/connections must be/);
  });
});
