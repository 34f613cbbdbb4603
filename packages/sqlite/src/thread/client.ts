// The owner's end of the SQLite thread: starts the worker, sends requests, matches replies to
// them, and keeps the worker from holding the process open while nothing is asked of it.
import { Worker } from "node:worker_threads";
import { SqliteInboxError } from "../options.js";
import type { ThreadFailure, ThreadReply, ThreadRequest, ThreadSettings } from "./messages.js";

// The worker's entry script, built next to this package's index (see tsup.config.ts).
const THREAD_URL = new URL("./sqlite-thread.js", import.meta.url);

// A request without its id (the client numbers them). Spread over the union, not the whole of it.
type Unnumbered<R> = R extends { readonly id: number } ? Omit<R, "id"> : never;

/** A request as a caller writes it: the client numbers it. */
export type Ask = Unnumbered<ThreadRequest>;

interface Waiting {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** One SQLite thread and the requests waiting for its answers. */
export class ThreadClient {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 1;
  #backlog = 0;
  // Set once the thread is gone (closed, or died): every later request fails with it.
  #ended: SqliteInboxError | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
  }

  /** Starts a thread that opens the inbox; resolves once it is open, rejects if it cannot be. */
  static start(settings: ThreadSettings): Promise<ThreadClient> {
    // The process's flags, less the one a worker refuses (a script run with `node --input-type -e`).
    const execArgv = process.execArgv.filter((flag) => !flag.startsWith("--input-type"));
    const worker = new Worker(THREAD_URL, { workerData: settings, execArgv });
    const client = new ThreadClient(worker);
    const opened = new Promise<unknown>((resolve, reject) => client.#waiting.set(0, { resolve, reject }));
    worker.on("message", (reply: ThreadReply) => client.#answered(reply));
    worker.on("error", (error) => client.#end(`the SQLite thread failed: ${error.message}`));
    worker.on("exit", () => client.#end("the SQLite thread has ended (the inbox is closed)"));
    return opened.then(
      () => {
        client.#idle();
        return client;
      },
      (error: unknown) => {
        void worker.terminate();
        throw error;
      },
    );
  }

  /** Pending updates as of the latest answer (the thread reports it with every reply). */
  get backlog(): number {
    return this.#backlog;
  }

  /** Whether the thread is gone (closed or died). */
  get ended(): boolean {
    return this.#ended !== undefined;
  }

  /** Sends one request; resolves with its answer, rejects with its failure as a SqliteInboxError. */
  ask(request: Ask): Promise<unknown> {
    if (this.#ended !== undefined) return Promise.reject(this.#ended);
    const id = this.#nextId++;
    try {
      this.#worker.postMessage({ ...request, id });
    } catch (error) {
      // Not cloneable (a state holding a function, say): nothing was sent.
      return Promise.reject(
        new SqliteInboxError(`cannot send ${request.op} to the SQLite thread`, { cause: error }),
      );
    }
    if (this.#waiting.size === 0) this.#worker.ref();
    return new Promise((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
  }

  /** Ends the thread at once (after a close was answered, or to give up on it). */
  async terminate(): Promise<void> {
    this.#end("the inbox is closed");
    await this.#worker.terminate();
  }

  #answered(reply: ThreadReply): void {
    const waiting = this.#waiting.get(reply.id);
    if (waiting === undefined) return;
    this.#waiting.delete(reply.id);
    this.#backlog = reply.backlog;
    if (this.#waiting.size === 0) this.#idle();
    if ("failure" in reply) waiting.reject(errorFrom(reply.failure));
    else waiting.resolve(reply.value);
  }

  // Nothing asked: an open inbox alone must not keep the process alive (as the in-thread one does not).
  #idle(): void {
    this.#worker.unref();
  }

  #end(why: string): void {
    this.#ended ??= new SqliteInboxError(why);
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const request of waiting) request.reject(this.#ended);
  }
}

// Errors cross threads as name and message: the inbox's own come back as what they were.
function errorFrom(failure: ThreadFailure): SqliteInboxError {
  return failure.name === "SqliteInboxError"
    ? new SqliteInboxError(failure.message)
    : new SqliteInboxError(`the SQLite thread failed: ${failure.name}: ${failure.message}`);
}
