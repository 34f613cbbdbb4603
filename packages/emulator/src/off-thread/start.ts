// startOffThread(): the emulator in a worker thread, with the same driver as start(). Why: a
// blocking Bot stops its thread while it waits, so an emulator on that thread could never answer
// it (the blocking Bot refuses that at once). Off the thread, a blocking bot can be tested in one
// file, and `./dev repl` gives its prompt an emulator this way.
//
// The driver's calls cross to the worker and back synchronously (Atomics.wait on a shared cell,
// as the blocking Bot does), so they return what they return in-process; the ones that wait for
// the bot (nextMessage, press, inlineQuery) return Promises, settled when this thread is idle.
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { Driver } from "../driver.js";
import type { EmulatorOptions } from "../emulator.js";
import {
  type CallReply,
  EmulatorThreadError,
  REPLIED,
  type RefWire,
  type Settled,
  type Started,
  WAITING,
  type WorkerBoot,
} from "./protocol.js";

// A driver call only touches the emulator's memory: past this, the worker is stuck.
const CALL_DEADLINE_MS = 60_000;
const WORKER_URL = new URL("./emulator-worker.js", import.meta.url);
const REF = Symbol("telepot.emulator.ref");

/** Options of {@link startOffThread}: those of start(), minus functions (they cannot cross threads). */
export type OffThreadOptions = Omit<EmulatorOptions, "log">;

/** An emulator running in a worker thread. */
export interface OffThreadEmulator {
  /** Give this to a bot library as its API root. */
  readonly apiRoot: string;
  /** The web chat's address. */
  readonly webUrl: string;
  /** The TCP port the server listens on. */
  readonly port: number;
  /** The test driver, as start()'s: its calls run in the worker. */
  readonly driver: Driver;
  /** Stops the emulator and its thread. */
  close(): Promise<void>;
}

/** Starts an emulator in a worker thread (so that a blocking Bot on this thread can call it). */
export async function startOffThread(options: OffThreadOptions = {}): Promise<OffThreadEmulator> {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const calls = new MessageChannel();
  const settled = new MessageChannel();
  const boot: WorkerBoot = {
    options: { ...options },
    cell: cell.buffer as SharedArrayBuffer,
    calls: calls.port2,
    settled: settled.port2,
  };
  const worker = new Worker(WORKER_URL, { workerData: boot, transferList: [calls.port2, settled.port2] });
  const started = await new Promise<Started>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (m: Started | { failed: { name: string; message: string } }) => {
      if ("failed" in m) reject(revive(m.failed));
      else resolve(m);
    });
  });
  const caller = calls.port1;
  caller.unref();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  settled.port1.on("message", (s: Settled) => {
    const waiting = pending.get(s.promise);
    pending.delete(s.promise);
    if (pending.size === 0) settled.port1.unref();
    if (s.ok) waiting?.resolve(fromWire(s.value));
    else waiting?.reject(revive(s));
  });
  settled.port1.unref();
  const proxies = new Map<number, object>();
  let nextId = 1;
  let closed = false;

  function call(ref: number, method: string, args: unknown[]): unknown {
    if (closed) throw new EmulatorThreadError(`${method}: the off-thread emulator is closed`);
    const id = nextId++;
    Atomics.store(cell, 0, WAITING);
    caller.postMessage({ id, ref, method, args: args.map(toWire) });
    const deadline = performance.now() + CALL_DEADLINE_MS;
    while (Atomics.load(cell, 0) !== REPLIED) {
      const left = deadline - performance.now();
      if (left <= 0)
        throw new EmulatorThreadError(
          `${method}: the emulator's thread did not answer within ${CALL_DEADLINE_MS} ms`,
        );
      Atomics.wait(cell, 0, WAITING, left);
    }
    const reply = (receiveMessageOnPort(caller) as { message: CallReply } | undefined)?.message;
    if (reply === undefined || reply.id !== id)
      throw new EmulatorThreadError(`${method}: the emulator's thread lost the reply`);
    if (reply.kind === "error") throw revive(reply);
    if (reply.kind === "value") return fromWire(reply.value);
    settled.port1.ref();
    return new Promise((resolve, reject) => pending.set(reply.promise, { resolve, reject }));
  }

  function proxyFor(wire: RefWire): object {
    const known = proxies.get(wire.$ref);
    if (known) return known;
    const proxy: Record<string | symbol, unknown> = { ...wire.fields, [REF]: wire.$ref };
    for (const name of wire.methods) proxy[name] = (...args: unknown[]) => call(wire.$ref, name, args);
    proxies.set(wire.$ref, proxy);
    return proxy;
  }

  function fromWire(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(fromWire);
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      if (typeof (value as { $ref?: unknown }).$ref === "number") return proxyFor(value as RefWire);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)]));
    }
    return value;
  }

  const driver = proxyFor({ $ref: 0, fields: {}, methods: driverMethods(call) }) as unknown as Driver;
  return {
    ...started,
    driver,
    async close() {
      if (closed) return;
      call(0, "$close", []);
      closed = true;
      for (const { reject } of pending.values())
        reject(new EmulatorThreadError("the off-thread emulator closed"));
      pending.clear();
      settled.port1.close();
      caller.close();
      await worker.terminate();
    },
  };
}

// The driver's own methods, asked of the worker once (the driver is ref 0, known before any call).
function driverMethods(call: (ref: number, method: string, args: unknown[]) => unknown): string[] {
  return call(0, "$methods", []) as string[];
}

function toWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === "object") {
    const ref = (value as { [REF]?: number })[REF];
    if (ref !== undefined) return { $ref: ref };
    if (Object.getPrototypeOf(value) === Object.prototype)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}

function revive(error: { name: string; message: string }): Error {
  const revived = new EmulatorThreadError(error.message);
  revived.name = error.name;
  return revived;
}
