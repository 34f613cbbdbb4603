// The worker side of startOffThread: runs an emulator on this thread and serves calls on its driver
// (and on the objects the driver returns) for a caller that may be blocked in Atomics.wait.
import { parentPort, workerData } from "node:worker_threads";
import { start } from "../emulator.js";
import {
  type CallReply,
  type CallRequest,
  isRemotable,
  methodNames,
  REPLIED,
  type RefWire,
  type Settled,
  type Started,
  type WorkerBoot,
} from "./protocol.js";

const boot = workerData as WorkerBoot;
const cell = new Int32Array(boot.cell);
const objects = new Map<number, object>();
const refOf = new Map<object, number>();
let nextRef = 1;
let nextPromise = 1;

function toWire(value: unknown): unknown {
  if (isRemotable(value)) {
    let ref = refOf.get(value);
    if (ref === undefined) {
      ref = nextRef++;
      objects.set(ref, value);
      refOf.set(value, ref);
    }
    const fields: Record<string, unknown> = {};
    const methods = methodNames(value);
    for (const key of Object.keys(value)) {
      const field = (value as Record<string, unknown>)[key];
      if (typeof field !== "function" && !isRemotable(field)) fields[key] = field;
    }
    return { $ref: ref, fields, methods } satisfies RefWire;
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value;
}

function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === "object") {
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === "number") return objects.get(ref);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
}

function reply(message: CallReply): void {
  boot.calls.postMessage(message);
  Atomics.store(cell, 0, REPLIED);
  Atomics.notify(cell, 0);
}

function errorFields(error: unknown): { name: string; message: string } {
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message };
}

start(boot.options).then(
  (emu) => {
    objects.set(0, emu.driver);
    boot.calls.on("message", (request: CallRequest) => {
      if (request.method === "$methods") {
        reply({ id: request.id, kind: "value", value: methodNames(emu.driver) });
        return;
      }
      if (request.method === "$close") {
        void emu.close().then(() => reply({ id: request.id, kind: "value", value: undefined }));
        return;
      }
      try {
        const target = objects.get(request.ref) as
          | Record<string, (...args: unknown[]) => unknown>
          | undefined;
        const method = target?.[request.method];
        if (typeof method !== "function") throw new TypeError(`no method ${request.method} here`);
        const result = method.apply(target, request.args.map(fromWire));
        if (!(result instanceof Promise)) {
          reply({ id: request.id, kind: "value", value: toWire(result) });
          return;
        }
        const promise = nextPromise++;
        reply({ id: request.id, kind: "promise", promise });
        result.then(
          (value) => boot.settled.postMessage({ promise, ok: true, value: toWire(value) } satisfies Settled),
          (error) =>
            boot.settled.postMessage({ promise, ok: false, ...errorFields(error) } satisfies Settled),
        );
      } catch (error) {
        reply({ id: request.id, kind: "error", ...errorFields(error) });
      }
    });
    parentPort?.postMessage({ apiRoot: emu.apiRoot, webUrl: emu.webUrl, port: emu.port } satisfies Started);
  },
  (error: unknown) => {
    parentPort?.postMessage({ failed: errorFields(error) });
  },
);
