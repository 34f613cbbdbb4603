// Interop: the scenario's bot written with python-telegram-bot 13 (Debian's python3-python-telegram-bot,
// installed by scripts/ensure-python-telegram-bot.sh) runs unchanged against the emulator.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start } from "../../src/index.js";
import { PNG } from "../helpers.js";
import { STEPS, type StepContext, WRONG_TOKEN } from "./scenario.js";

/** Debian's Python, which has Debian's python-telegram-bot (a PATH python3 may not). */
const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./ptb_bot.py", import.meta.url));

let ctx: StepContext;
let child: ChildProcess | undefined;
/** The JSON lines the bot printed. */
const reports: Record<string, unknown>[] = [];
beforeAll(async () => {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run scripts/ensure-python-telegram-bot.sh`);
  const emu = await start({ port: 0 });
  const handle = emu.driver.createBot({ username: "ptb_interop_bot" });
  ctx = { emu, bot: handle, user: emu.driver.createUser({ firstName: "Ann" }) };
  const proc = spawn(PYTHON, [SCRIPT, emu.apiRoot, handle.token, WRONG_TOKEN], {
    env: { ...process.env, INTEROP_PNG_B64: Buffer.from(PNG).toString("base64"), PYTHONWARNINGS: "ignore" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  let stderr = "";
  proc.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    proc.once("exit", (code) =>
      reject(new Error(`the bot exited (${code}) before it was ready:\n${stderr}`)),
    );
    createInterface({ input: proc.stdout }).on("line", (line) => {
      const report = JSON.parse(line) as Record<string, unknown>;
      reports.push(report);
      if (report.ready) resolve();
    });
  });
});
afterAll(async () => {
  child?.kill("SIGKILL");
  await ctx?.emu.close();
});

describe("python-telegram-bot 13 against the emulator", () => {
  for (const step of STEPS) it(step.name, () => step.run(ctx));

  it("a wrong token", () => {
    expect(reports.find((r) => "wrong_token" in r)).toEqual({ wrong_token: "Unauthorized: Unauthorized" });
    expect(reports.filter((r) => "error" in r)).toEqual([]);
  });
});
