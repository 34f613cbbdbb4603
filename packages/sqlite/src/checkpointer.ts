// WAL checkpoints on a thread of their own. A checkpoint copies the WAL back into the database
// file and syncs both to disk; run by the writing connection (SQLite's automatic checkpoint, every
// 1,000 pages) it stalls the event loop for the length of two fsyncs, which on a busy machine cost
// tens of milliseconds: measured, the durable polling benchmark ran 15-55% faster without them.
// Here a worker thread with its own connection runs passive checkpoints (they never block the
// writer) every few commits, and the writer keeps an automatic checkpoint only as a bound, at a
// size the background one normally keeps the WAL well under. Checkpoints are crash-safe
// wherever they run: a kill -9 in the middle of one loses nothing.
import { Worker } from "node:worker_threads";

/** Commits between two background checkpoints. */
const COMMITS_PER_CHECKPOINT = 32;

/** The writer's own automatic checkpoint, in WAL pages (4 KiB each): a bound, not the routine. */
export const WRITER_CHECKPOINT_PAGES = 4_000;

// The thread: one connection, a passive checkpoint per request, an answer when done (so that
// requests never pile up). A failure (the file busy, gone) is left to the next request.
const THREAD_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { DatabaseSync } = require("node:sqlite");
const db = new DatabaseSync(workerData.path, { timeout: workerData.busyTimeoutMs });
db.exec("PRAGMA synchronous = " + workerData.synchronous);
parentPort.on("message", () => {
  try {
    db.exec("PRAGMA wal_checkpoint(PASSIVE)");
  } catch {}
  parentPort.postMessage(0);
});
`;

/** Runs WAL checkpoints of one database file on a worker thread, started at the first need. */
export class Checkpointer {
  private worker: Worker | undefined;
  private commits = 0;
  private running = false;
  private failed = false;

  /** `synchronous` is the writer's setting ("NORMAL" or "FULL"): checkpoints sync the same way. */
  constructor(
    private readonly path: string,
    private readonly synchronous: "NORMAL" | "FULL",
    private readonly busyTimeoutMs: number,
  ) {}

  /** Told after each commit; every few commits, asks the thread for a checkpoint. */
  committed(): void {
    if (++this.commits < COMMITS_PER_CHECKPOINT || this.running || this.failed) return;
    this.commits = 0;
    try {
      this.worker ??= this.start();
      this.running = true;
      this.worker.postMessage(0);
    } catch {
      // No thread: the writer's automatic checkpoint keeps the WAL bounded on its own.
      this.failed = true;
    }
  }

  /** Ends the thread (the writer's close checkpoints what is left). */
  stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) void worker.terminate();
  }

  private start(): Worker {
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { path: this.path, synchronous: this.synchronous, busyTimeoutMs: this.busyTimeoutMs },
    });
    // Never what keeps a process alive.
    worker.unref();
    worker.on("message", () => {
      this.running = false;
    });
    worker.on("error", () => {
      this.failed = true;
      this.running = false;
      this.worker = undefined;
    });
    return worker;
  }
}
