// @telepot/blocking: the traditional, synchronous telepot API. Calls return their results
// directly: the HTTP runs in a worker thread while the calling thread waits with Atomics.wait.
export {
  SyncTimeoutError,
  SyncWorker,
  type SyncWorkerOptions,
  WorkerCrashedError,
  workerExecArgv,
} from "./sync/channel.js";
export type { SyncOps, WireError } from "./sync/protocol.js";
