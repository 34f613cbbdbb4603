// Child processes of the fault test: started with node, each printing one line once it is ready.
import { type ChildProcess, spawn } from "node:child_process";

/** A child process and what it printed when ready. */
export interface Child {
  readonly process: ChildProcess;
  /** The first line it printed (e.g. `ready`, `port 1234`). */
  readonly ready: Promise<string>;
  /** Every line it printed. */
  readonly lines: string[];
  /** Resolves when it has exited. */
  readonly exited: Promise<void>;
}

/** Starts `script` with `args` under the current node. */
export function startChild(script: string, args: readonly string[]): Child {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const lines: string[] = [];
  const ready = new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      for (let at = output.indexOf("\n"); at >= 0; at = output.indexOf("\n")) {
        lines.push(output.slice(0, at));
        output = output.slice(at + 1);
        resolve(lines[0] as string);
      }
    });
    child.once("exit", () => reject(new Error(`${script} exited before it was ready`)));
  });
  ready.catch(() => {});
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { process: child, ready, lines, exited };
}

/** SIGKILLs a child and waits for it to be gone. */
export async function kill(child: Child): Promise<void> {
  child.process.kill("SIGKILL");
  await child.exited;
}
