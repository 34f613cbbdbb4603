// Shared by the example tests: an emulator per test file, and a log that tests can wait on.
import { type BotHandle, type Emulator, start, type UserHandle } from "@telepot/emulator";
import type { Log } from "../src/lib/example.ts";

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
  waitForCount(count: number, timeout = 5000): Promise<string[]> {
    return this.#wait(() => (this.lines.length >= count ? this.lines.slice() : undefined), timeout, () => {
      return `expected ${count} printed lines, got ${this.lines.length}: ${JSON.stringify(this.lines)}`;
    });
  }

  /** Resolves with the first line (after the first `after`) that `match` accepts. */
  waitFor(match: string | RegExp, after = 0, timeout = 5000): Promise<string> {
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
