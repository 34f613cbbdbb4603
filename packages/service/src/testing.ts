// For end-to-end tests of bot services: runs an app's entry file as a child process (as a
// deployment would), collects its JSON log lines, and stops it with a signal or kills it.
import { type ChildProcess, spawn } from "node:child_process";

/** One parsed log line of the app (non-JSON output lines have level "raw"). */
export interface LogLine {
  readonly time?: string;
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** How a child process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Options of {@link AppProcess.start}. */
export interface AppProcessOptions {
  /** Node arguments before the entry (e.g. ["--conditions=dev"]). */
  readonly execArgv?: readonly string[];
  /** Working directory (default: the current one). */
  readonly cwd?: string;
  /** Default wait of {@link AppProcess.waitForLog}, ms (default 30 000: an app can take many seconds to start on a loaded machine). */
  readonly timeout?: number;
  /** Called with each line as it comes (e.g. to show it). */
  readonly onLine?: (line: LogLine) => void;
  /**
   * Runs the app in its own process group (default false), so a Ctrl-C in the terminal reaches
   * only the parent, which then stops the app itself (one signal, one graceful stop).
   */
  readonly detached?: boolean;
}

/** Variables of the parent that must not leak into an app under test. */
const CLEARED = /^(TELEGRAM_|WEBHOOK_|PORT$|HOST$|LOG_LEVEL$)/;

/** A bot service running as a child process. */
export class AppProcess {
  /** Every line the app printed, stdout and stderr, in order. */
  readonly lines: LogLine[] = [];
  /** Raw output (to check that no secret was printed). */
  output = "";
  /** Settles when the process has exited. */
  readonly exited: Promise<Exit>;
  readonly #child: ChildProcess;
  readonly #timeout: number;
  readonly #waiters = new Set<() => void>();
  #exit: Exit | undefined;

  private constructor(child: ChildProcess, timeout: number, onLine?: (line: LogLine) => void) {
    this.#child = child;
    this.#timeout = timeout;
    this.exited = new Promise((resolve) => {
      // "close", not "exit": by then all of the output has been read.
      child.once("close", (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
        this.#notify();
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      let pending = "";
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        this.output += chunk;
        pending += chunk;
        const parts = pending.split("\n");
        pending = parts.pop() ?? "";
        for (const text of parts) {
          if (!text.trim()) continue;
          const line = parse(text);
          this.lines.push(line);
          onLine?.(line);
        }
        this.#notify();
      });
    }
  }

  /** Starts `node <entry>` with the given environment added to a cleaned copy of this one. */
  static start(entry: string, env: Record<string, string>, options: AppProcessOptions = {}): AppProcess {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !CLEARED.test(k)));
    const child = spawn(process.execPath, [...(options.execArgv ?? []), entry], {
      env: { ...base, ...env },
      cwd: options.cwd ?? process.cwd(),
      stdio: ["ignore", "pipe", "pipe"],
      detached: options.detached ?? false,
    });
    return new AppProcess(child, options.timeout ?? 30_000, options.onLine);
  }

  /** The process id. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Waits for a log line matching `match` (a message text or a predicate), already printed or later. */
  waitForLog(match: string | ((line: LogLine) => boolean), timeout = this.#timeout): Promise<LogLine> {
    const test = typeof match === "string" ? (l: LogLine) => l.msg === match : match;
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.lines.find(test);
        if (found) {
          finish();
          resolve(found);
        } else if (this.#exit !== undefined) {
          finish();
          reject(new Error(`the app exited before logging ${String(match)}; output:\n${this.output}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no log line ${String(match)} within ${timeout} ms; output:\n${this.output}`));
      }, timeout);
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Waits until the app logged "started" (receiving updates). */
  ready(timeout?: number): Promise<LogLine> {
    return this.waitForLog("started", timeout);
  }

  /** Sends a signal and waits for the exit. */
  async signal(signal: NodeJS.Signals): Promise<Exit> {
    if (this.#exit === undefined) this.#child.kill(signal);
    return this.exited;
  }

  /** A graceful stop: SIGTERM, then the exit. */
  stop(): Promise<Exit> {
    return this.signal("SIGTERM");
  }

  /** An abrupt death: SIGKILL, then the exit. */
  kill(): Promise<Exit> {
    return this.signal("SIGKILL");
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

function parse(line: string): LogLine {
  try {
    const value = JSON.parse(line) as unknown;
    if (value && typeof value === "object" && typeof (value as LogLine).msg === "string")
      return value as LogLine;
  } catch {
    // not a JSON line: kept as raw text
  }
  return { level: "raw", msg: line };
}

/** A TCP port free right now on 127.0.0.1 (for a webhook server whose URL must be known first). */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
