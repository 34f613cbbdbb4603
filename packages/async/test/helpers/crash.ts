// What the crash tests share: bot processes started on the same inbox file and killed with
// SIGKILL, and polling for a condition with a deadline that only catches a hang.
import { type ChildProcess, spawn } from "node:child_process";
import { SqliteInbox } from "@telepot/sqlite";

/** A bot process: `ready` resolves with the rest of its "ready" line (e.g. a port). */
export interface BotProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<string>;
  readonly exited: Promise<void>;
}

/** Starts `script` with `args` in a fresh Node process; its stderr goes to the test's. */
export function startProcess(script: string, args: readonly string[]): BotProcess {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  const ready = new Promise<string>((resolve) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = /(?:^|\n)ready ?([^\n]*)\n/.exec(output);
      if (line !== null) resolve(line[1]!);
    });
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { child, ready, exited };
}

/** Kills with SIGKILL (unless it already ended) and waits for the exit; answers whether it was killed. */
export async function killHard(bot: BotProcess): Promise<boolean> {
  const killed = bot.child.exitCode === null && bot.child.signalCode === null && bot.child.kill("SIGKILL");
  await bot.exited;
  return killed;
}

/** Waits for a condition; see core's test fixture. */
export { until } from "../../../core/test/fixtures/until.js";

/** Whether the inbox at `path` has nothing left to handle (opened and closed for the question). */
export function inboxDrained(path: string): boolean {
  const inbox = SqliteInbox.open(path);
  try {
    return inbox.backlog() === 0;
  } finally {
    inbox.close();
  }
}
