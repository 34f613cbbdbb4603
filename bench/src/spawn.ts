// Process plumbing for the orchestrator: the fake Bot API and each measurement run in their own
// processes. Why processes and not worker threads: every measurement starts from a fresh heap and
// module cache (no library warms up or pollutes another's), and the fake server's garbage
// collector and event loop never run inside the measured process. On 2 cores the measured process
// and the fake (or the load generator) each get a core; the orchestrator sleeps while they run.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Endpoint } from "./contenders/types.ts";
import type { FakeServerConfig } from "./fake-server.ts";
import type { LoadRequest, LoadResult } from "./loadgen.ts";
import { BENCH_TOKEN } from "./updates.ts";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** A running fake Bot API process. */
export interface FakeHandle {
  /** Its endpoint for contenders. */
  endpoint: Endpoint;
  /** Stops the process. */
  stop(): Promise<void>;
}

/** Starts the fake Bot API in a child process and waits until it listens. */
export async function startFake(config: Omit<FakeServerConfig, "token"> = {}): Promise<FakeHandle> {
  const child = fork(here("./fake-server-main.ts"), [JSON.stringify({ token: BENCH_TOKEN, ...config })], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (message) => resolve((message as { port: number }).port));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`fake server exited early (code ${code})`)));
  });
  const apiRoot = `http://127.0.0.1:${port}`;
  return {
    endpoint: { apiRoot, token: BENCH_TOKEN },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}

/** What one measurement job tells the child. */
export interface Job {
  /** The scenario id. */
  scenario: string;
  /** The contender id. */
  contender: string;
  /** The fake Bot API to talk to, if the scenario started one. */
  endpoint?: Endpoint;
  /** Scenario-specific settings (counts, durations). */
  params: Record<string, unknown>;
}

/** How a measurement ended. */
export type Outcome =
  | { kind: "ok"; values: Record<string, number> }
  | { kind: "na"; reason: string }
  | { kind: "error"; reason: string };

/** Messages a child sends to the orchestrator. */
export type ChildMessage =
  | { type: "result"; outcome: Outcome }
  | { type: "ask"; id: number; message: Record<string, unknown> };

/** Runs one measurement in a fresh process; `onAsk` answers the child's questions. */
export function runChild(
  job: Job,
  onAsk: (message: Record<string, unknown>) => Promise<Record<string, unknown>> = async () => ({}),
  options: { timeoutMs?: number } = {},
): Promise<Outcome> {
  const child = fork(here("./child.ts"), [JSON.stringify(job)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise<Outcome>((resolve) => {
    let outcome: Outcome | undefined;
    const timer = setTimeout(() => {
      outcome ??= { kind: "error", reason: `timed out after ${options.timeoutMs ?? 600_000} ms` };
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 600_000);
    child.on("message", (raw) => {
      const message = raw as ChildMessage;
      if (message.type === "result") outcome ??= message.outcome;
      else
        onAsk(message.message).then(
          (reply) => child.connected && child.send({ id: message.id, reply }),
          (error: unknown) =>
            child.connected && child.send({ id: message.id, reply: { error: String(error) } }),
        );
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(
        outcome ?? {
          kind: "error",
          reason: `child exited (code ${code}, signal ${signal}) without a result`,
        },
      );
    });
  });
}

/** Runs the webhook load generator in its own process and resolves with its numbers. */
export function runLoad(request: LoadRequest): Promise<LoadResult> {
  const child = fork(here("./loadgen.ts"), [JSON.stringify(request)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    let result: LoadResult | undefined;
    child.once("message", (message) => (result = message as LoadResult));
    child.once("exit", (code) =>
      result ? resolve(result) : reject(new Error(`load generator exited (code ${code})`)),
    );
  });
}
