// The worker side of a SyncWorker: serves the ops of one module, one request at a time as they come,
// and tells the waiting thread through the shared cell that a reply is on the port.
import { workerData } from "node:worker_threads";
import {
  BOOTED,
  DEAD,
  EVENT_SLOT,
  type EventPort,
  type OpsBoot,
  READY,
  REPLY_SLOT,
  type SyncOps,
  type SyncReply,
  type SyncRequest,
  toWireError,
  type WorkerBoot,
} from "./protocol.js";

const { port, cell: buffer, opsModule, data, events } = workerData as WorkerBoot;
const cell = new Int32Array(buffer);

function wake(state: number): void {
  Atomics.store(cell, REPLY_SLOT, state);
  Atomics.notify(cell, REPLY_SLOT);
}

// Each event is counted once posted, so a calling thread blocked in waitEvents wakes up for it.
function countEvent(): void {
  Atomics.add(cell, EVENT_SLOT, 1);
  Atomics.notify(cell, EVENT_SLOT);
}

const eventPort: EventPort | undefined = events && {
  postMessage(event: unknown): void {
    events.postMessage(event);
    countEvent();
  },
};

// Whatever ends this thread, the caller must not wait for a reply (or an event) that will never come.
process.on("exit", () => {
  wake(DEAD);
  countEvent();
});

// Loaded once; requests that arrive meanwhile wait for it (no top-level await: the CJS build has none).
// A module exporting `createOps` is given the boot data and the event port; else its `ops` are used.
const loaded = import(opsModule).then(
  (m: { ops?: SyncOps; createOps?: (boot: OpsBoot) => SyncOps | Promise<SyncOps> }) =>
    typeof m.createOps === "function" ? m.createOps({ data, events: eventPort }) : (m.ops as SyncOps),
);
// The caller waits for this before its first request, so loading does not eat into a call's deadline
// (a failed load is reported by that request).
loaded.then(
  () => wake(BOOTED),
  () => wake(BOOTED),
);

port.on("message", async (request: SyncRequest) => {
  let reply: SyncReply;
  try {
    const op = (await loaded)[request.op];
    if (!op) throw new Error(`unknown operation ${JSON.stringify(request.op)}`);
    reply = { id: request.id, ok: true, value: await op(request.payload as never) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: toWireError(error) };
  }
  try {
    port.postMessage(reply);
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, error: toWireError(error) } satisfies SyncReply);
  }
  wake(READY);
});
