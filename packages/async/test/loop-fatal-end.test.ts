// A loop nobody awaits (`const loop = bot.messageLoop(handle)`, as the README writes it) that ends
// on a fatal error: reported to onError, and the process ends with exit code 1, not with an
// unhandled rejection. Run on the built package in a fresh process.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type FakeServer, startServer } from "./helpers/server.js";

const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const SECRET = "FatalEndS3cret";

function runScript(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, ENTRY: entry };
    delete childEnv.NODE_OPTIONS;
    const child = execFile(
      process.execPath,
      ["--input-type=module", "-e", script],
      { env: childEnv, timeout: 30_000 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

let server: FakeServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe.each([
  { what: "a wrong token", status: 401, description: "Unauthorized", reason: "unauthorized" },
  {
    what: "a 409 conflict",
    status: 409,
    description: "Conflict: terminated by other getUpdates request",
    reason: "conflict",
  },
])("a fire-and-forget loop that meets $what", ({ status, description, reason }) => {
  test("reports through onError and ends the process with code 1, without an unhandled rejection", async () => {
    server.handler = () => ({ status, json: { ok: false, error_code: status, description } });
    const script = `
      const { Bot } = await import(process.env.ENTRY);
      const bot = new Bot(process.env.TOKEN, { apiRoot: process.env.API });
      const loop = bot.messageLoop(() => {}, {
        timeout: 1,
        onError: (error) => console.log("reported", error.name, error.reason),
      });
    `;
    const result = await runScript(script, { TOKEN: `4242:${SECRET}`, API: server.url });
    expect(result.stdout).toContain(`reported PollingStopped ${reason}`);
    expect(result.stderr).not.toMatch(/unhandled|triggerUncaughtException/i);
    expect(result.code).toBe(1);
  });

  test("by default, logs a token-free line to the console and ends with code 1", async () => {
    server.handler = () => ({ status, json: { ok: false, error_code: status, description } });
    const script = `
      const { Bot } = await import(process.env.ENTRY);
      const loop = new Bot(process.env.TOKEN, { apiRoot: process.env.API }).messageLoop(() => {}, { timeout: 1 });
    `;
    const result = await runScript(script, { TOKEN: `4242:${SECRET}`, API: server.url });
    expect(result.stderr).toMatch(/^telepot: PollingStopped/m);
    expect(result.stderr).not.toMatch(/unhandled|triggerUncaughtException/i);
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
    expect(result.code).toBe(1);
  });
});

test("a loop whose end is awaited rejects with the fatal error, and onError is not told twice", async () => {
  server.handler = () => ({ status: 401, json: { ok: false, error_code: 401, description: "Unauthorized" } });
  const script = `
    const { Bot } = await import(process.env.ENTRY);
    const bot = new Bot(process.env.TOKEN, { apiRoot: process.env.API });
    let told = 0;
    try {
      await bot.messageLoop(() => {}, { timeout: 1, onError: () => told++ });
    } catch (error) {
      console.log("caught", error.name, "told", told);
    }
  `;
  const result = await runScript(script, { TOKEN: `4242:${SECRET}`, API: server.url });
  expect(result.stdout).toContain("caught PollingStopped told 0");
  expect(result.code).toBe(0);
});
