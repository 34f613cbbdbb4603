// Shared by the example tests: an emulator per test file, and a log that tests can wait on.
import { type ChildProcess, spawn } from "node:child_process";
import { type BotHandle, type Emulator, start, type UserHandle } from "@telepot/emulator";
import type { Log } from "../src/lib/example.ts";

// How long the waits below wait by default: they end as soon as what they wait for happens, so the
// limit only stops a hang, and it is generous (a loaded 2-core machine runs the examples slowly).
const WAIT_MS = 60_000;

/** An emulator with one bot and one user who has started it. */
export interface World {
  readonly emu: Emulator;
  readonly bot: BotHandle;
  readonly ann: UserHandle;
}

/** Starts an emulator on 127.0.0.1 with a bot and a user (Ann) who has opened a chat with it. */
export async function world(options: { username?: string; inlineFeedback?: boolean } = {}): Promise<World> {
  const emu = await start({ port: 0, web: false });
  const bot = emu.driver.createBot({
    username: options.username ?? "example_bot",
    inlineFeedback: options.inlineFeedback ?? false,
  });
  const ann = emu.driver.createUser({ firstName: "Ann" });
  return { emu, bot, ann };
}

/** Collects what an example prints; tests wait for lines instead of sleeping. */
export class Lines {
  readonly lines: string[] = [];
  readonly #waiters = new Set<() => void>();

  /** The Log to give the example. */
  readonly log: Log = (line) => {
    this.lines.push(line);
    for (const wake of [...this.#waiters]) wake();
  };

  /** Resolves with the lines once at least `count` were printed; rejects after `timeout` ms saying what was printed. */
  waitForCount(count: number, timeout = WAIT_MS): Promise<string[]> {
    return this.#wait(
      () => (this.lines.length >= count ? this.lines.slice() : undefined),
      timeout,
      () => {
        return `expected ${count} printed lines, got ${this.lines.length}: ${JSON.stringify(this.lines)}`;
      },
    );
  }

  /** Resolves with the first line (after the first `after`) that `match` accepts. */
  waitFor(match: string | RegExp, after = 0, timeout = WAIT_MS): Promise<string> {
    const test = (line: string) => (typeof match === "string" ? line === match : match.test(line));
    return this.#wait(
      () => this.lines.slice(after).find(test),
      timeout,
      () => `no printed line matched ${String(match)}; printed: ${JSON.stringify(this.lines)}`,
    );
  }

  #wait<T>(check: () => T | undefined, timeout: number, failure: () => string): Promise<T> {
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const wake = () => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        reject(new Error(`${failure()} (waited ${timeout} ms)`));
      }, timeout);
      this.#waiters.add(wake);
    });
  }
}

/** Polls `check` every 5 ms until it is true; rejects after `timeout` ms with `what`. */
export async function until(check: () => boolean, what: string, timeout = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} (waited ${timeout} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The examples' folder. */
export const SRC = new URL("../src/", import.meta.url);

/** Runs an example as its own process (node src/<name>.ts); `output()` is everything it printed so far, `exited` its exit code. */
export function run(name: string, env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, [new URL(`${name}.ts`, SRC).pathname], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    for (const wake of [...waiters]) wake();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  // Generous: a child node process can take many seconds to start on a loaded machine.
  const printed = (wanted: string, timeout = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!text.includes(wanted)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        child.kill();
        reject(new Error(`${name} did not print ${JSON.stringify(wanted)}; it printed: ${text}`));
      }, timeout);
      waiters.add(check);
      check();
    });
  return { child, exited, printed, output: () => text };
}
