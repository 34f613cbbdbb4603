// The worker side of a SyncWorker: serves the ops of one module, one request at a time as they come,
// and tells the waiting thread through the shared cell that a reply is on the port.
import { workerData } from "node:worker_threads";
import {
  DEAD,
  READY,
  type SyncOps,
  type SyncReply,
  type SyncRequest,
  toWireError,
  type WorkerBoot,
} from "./protocol.js";

const { port, cell: buffer, opsModule } = workerData as WorkerBoot;
const cell = new Int32Array(buffer);

function wake(state: number): void {
  Atomics.store(cell, 0, state);
  Atomics.notify(cell, 0);
}

// Whatever ends this thread, the caller must not wait for a reply that will never come.
process.on("exit", () => wake(DEAD));

// Loaded once; requests that arrive meanwhile wait for it (no top-level await: the CJS build has none).
const loaded = import(opsModule).then((m) => (m as { ops: SyncOps }).ops);

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
