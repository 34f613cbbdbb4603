// The synchronous channel: values come back directly, errors are rethrown with their fields, a
// deadline is always honoured, and a dead worker is reported and replaced.
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { SyncTimeoutError, SyncWorker, WorkerCrashedError, workerExecArgv } from "../dist/index.js";

const opsModule = new URL("./fixtures/ops.mjs", import.meta.url).href;
const workerUrl = new URL("../dist/sync-worker.js", import.meta.url);
// A deadline no healthy call reaches even on a loaded machine: these calls are loopback messages.
const GENEROUS_MS = 30_000;
const workers: SyncWorker[] = [];
function start(spinMicros = 0): SyncWorker {
  const w = new SyncWorker({ opsModule, workerUrl, spinMicros });
  workers.push(w);
  return w;
}
afterEach(() => {
  for (const w of workers.splice(0)) w.close();
});

describe("SyncWorker", () => {
  it("returns the worker's result synchronously, in order, for sync and async ops", () => {
    const w = start();
    expect(w.call("echo", { a: [1, 2] }, GENEROUS_MS)).toEqual({ a: [1, 2] });
    expect(w.call("add", { a: 2, b: 3 }, GENEROUS_MS)).toBe(5);
    const results = [1, 2, 3].map((n) => w.call<number>("add", { a: n, b: n }, GENEROUS_MS));
    expect(results).toEqual([2, 4, 6]);
    expect(w.call<number>("threadId", null, GENEROUS_MS)).toBeGreaterThan(0);
  });

  it("works with a spin before the wait", () => {
    const w = start(200);
    expect(w.call("echo", "spun", GENEROUS_MS)).toBe("spun");
  });

  it("rethrows an operation's error with its name, message and data", () => {
    const w = start();
    let caught: unknown;
    try {
      w.call("fail", null, GENEROUS_MS);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect(caught).toMatchObject({ name: "RangeError", message: "out of range", code: 42 });
    // the worker is still usable afterwards
    expect(w.call("echo", 1, GENEROUS_MS)).toBe(1);
  });

  it("throws at the deadline instead of hanging, and the next call gets a fresh worker", () => {
    const w = start();
    const first = w.call<number>("threadId", null, GENEROUS_MS);
    // The operation never settles: returning at all shows the deadline was honoured.
    expect(() => w.call("hang", null, 100)).toThrow(
      new SyncTimeoutError("hang did not complete within 100 ms"),
    );
    const second = w.call<number>("threadId", null, GENEROUS_MS);
    expect(second).not.toBe(first);
  });

  it("reports a worker that exits or dies of an uncaught error, then recovers", () => {
    const w = start();
    expect(() => w.call("exit", null, GENEROUS_MS)).toThrow(WorkerCrashedError);
    expect(w.call("echo", "again", GENEROUS_MS)).toBe("again");
    expect(() => w.call("throwLater", null, GENEROUS_MS)).toThrow(WorkerCrashedError);
    expect(w.call("echo", "and again", GENEROUS_MS)).toBe("and again");
  });

  it("passes blobs to the worker by copy", () => {
    const w = start();
    expect(w.call("blobSize", new Blob(["hello"]), GENEROUS_MS)).toBe(5);
  });

  it("rejects an unknown operation clearly", () => {
    const w = start();
    expect(() => w.call("nope", null, GENEROUS_MS)).toThrow(/unknown operation "nope"/);
  });

  it("drops the flags that name the parent's script from the worker's execArgv", () => {
    expect(workerExecArgv(["--input-type=module", "-e", "code", "--max-old-space-size=64"])).toEqual([
      "--max-old-space-size=64",
    ]);
    expect(workerExecArgv(["-p", "1+1", "--input-type", "module", "-i"])).toEqual([]);
  });

  it("never keeps the process alive, also under node -e: a script that used it exits by itself", () => {
    const script = `
      import { SyncWorker } from ${JSON.stringify(new URL("../dist/index.js", import.meta.url).href)};
      const w = new SyncWorker({ opsModule: ${JSON.stringify(opsModule)}, workerUrl: new URL(${JSON.stringify(workerUrl.href)}) });
      console.log(w.call("add", { a: 20, b: 22 }, ${GENEROUS_MS}));
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      timeout: 60_000,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("42");
    expect(run.status).toBe(0);
  });
});
