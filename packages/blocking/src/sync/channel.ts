// The calling side of a SyncWorker: posts a request to the worker and blocks the thread with
// Atomics.wait (always with a deadline) until the worker flags a reply, then reads it synchronously
// with receiveMessageOnPort. This is what makes `bot.getMe()` return a value at a REPL prompt.
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import { TelepotError } from "@telepot/core";
import { DEAD, EVENT_SLOT, IDLE, REPLY_SLOT, SLOTS, type SyncReply, type WireError } from "./protocol.js";

// How long a new worker may take to load its ops before the call that started it fails.
const BOOT_TIMEOUT = 60_000;

/** Options of a {@link SyncWorker}. */
export interface SyncWorkerOptions {
  /** The module (file URL) exporting the `ops` the worker serves. */
  readonly opsModule: string;
  /** The worker entry script (the built sync worker). */
  readonly workerUrl: URL;
  /**
   * How long to spin on the shared cell before sleeping in Atomics.wait, in microseconds. A short
   * spin saves the wake-up latency of the futex (tens of microseconds) on fast loopback replies.
   */
  readonly spinMicros?: number;
  /** Rebuilds an error that crossed the thread boundary (default: a plain Error with its fields). */
  readonly reviveError?: (error: WireError) => Error;
  /** Boot data handed to the ops module's `createOps` (must be cloneable). */
  readonly data?: unknown;
  /**
   * Receives the worker's events (posted on a second, asynchronous port). They arrive when this
   * thread is idle, between blocking calls; with this option the ops module gets the port.
   */
  readonly onEvent?: (event: unknown) => void;
  /**
   * Told when the worker is lost without close(): it crashed, or was stopped at a call's deadline.
   * Whatever state it held (a running message loop) is gone; the next call starts a new worker.
   */
  readonly onLost?: () => void;
}

/** Thrown when a call passes its deadline; the worker is restarted for the next call. */
export class SyncTimeoutError extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.SyncTimeoutError";
  /** The class name, kept when the error is printed or serialised. */
  override readonly name = "SyncTimeoutError";
}

/** Thrown when the worker died during a call; the next call starts a fresh worker. */
export class WorkerCrashedError extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.WorkerCrashedError";
  /** The class name, kept when the error is printed or serialised. */
  override readonly name = "WorkerCrashedError";
}

interface Live {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly cell: Int32Array;
  readonly events: MessagePort | undefined;
  discarded: boolean;
}

/** Runs async operations in a worker thread and returns their results synchronously. */
export class SyncWorker {
  readonly #options: SyncWorkerOptions;
  #live: Live | undefined;
  #nextId = 1;
  #held = false;

  constructor(options: SyncWorkerOptions) {
    this.#options = options;
  }

  /**
   * Runs `op` in the worker and blocks until it answers or `timeoutMs` passes. `label` names the
   * call in timeout and crash messages (default: the op).
   */
  call<T>(op: string, payload: unknown, timeoutMs: number, transfer: Transferable[] = [], label = op): T {
    const live = this.#ensure();
    const id = this.#nextId++;
    Atomics.store(live.cell, REPLY_SLOT, IDLE);
    live.port.postMessage({ id, op, payload }, transfer as never);
    this.#await(live, timeoutMs, label);
    for (;;) {
      const received = receiveMessageOnPort(live.port) as { message: SyncReply } | undefined;
      if (!received) {
        this.#discard();
        throw new WorkerCrashedError(`the worker flagged a reply to ${label} but none arrived`);
      }
      const reply = received.message;
      if (reply.id !== id) continue; // a late reply to an abandoned call
      if (reply.ok) return reply.value as T;
      throw (this.#options.reviveError ?? reviveDefault)(reply.error);
    }
  }

  /** Stops the worker; a later call starts a new one. */
  close(): void {
    this.#discard(false);
  }

  /**
   * Takes the events waiting on the event port now, without waiting (they are then not given to
   * onEvent): for a thread that is busy and would otherwise see them only once idle.
   */
  takeEvents(): unknown[] {
    const events = this.#live?.events;
    const taken: unknown[] = [];
    if (events === undefined) return taken;
    for (let e = receiveMessageOnPort(events); e !== undefined; e = receiveMessageOnPort(events)) {
      taken.push((e as { message: unknown }).message);
    }
    return taken;
  }

  /**
   * Takes the events waiting now; when there are none, blocks up to `timeoutMs` for the next one
   * (without a worker, or without events, it just waits that long). Events taken here are not
   * given to onEvent.
   */
  waitEvents(timeoutMs: number): unknown[] {
    const live = this.#live;
    if (live?.events === undefined) {
      if (timeoutMs > 0) sleepFor(timeoutMs);
      return [];
    }
    // The count is read before looking: an event posted after the look changes it, and the wait returns.
    const seen = Atomics.load(live.cell, EVENT_SLOT);
    const taken = this.takeEvents();
    if (taken.length > 0 || !(timeoutMs > 0)) return taken;
    Atomics.wait(live.cell, EVENT_SLOT, seen, timeoutMs);
    return this.takeEvents();
  }

  /** Whether a worker thread is running now. */
  get started(): boolean {
    return this.#live !== undefined;
  }

  /**
   * Whether the event port keeps the process alive (true while a message loop runs, so a script
   * that only listens keeps running); off by default. Carries over to a replacement worker.
   */
  holdOpen(hold: boolean): void {
    this.#held = hold;
    const events = this.#live?.events;
    if (events) hold ? events.ref() : events.unref();
  }

  #await(live: Live, timeoutMs: number, op: string): void {
    const start = performance.now();
    const spinUntil = start + (this.#options.spinMicros ?? 0) / 1000;
    while (Atomics.load(live.cell, REPLY_SLOT) === IDLE && performance.now() < spinUntil) {
      // busy-wait: a loopback reply usually lands within the spin window
    }
    const deadline = start + timeoutMs;
    while (Atomics.load(live.cell, REPLY_SLOT) === IDLE) {
      const left = deadline - performance.now();
      if (left <= 0) {
        this.#discard();
        throw new SyncTimeoutError(`${op} did not complete within ${timeoutMs} ms`);
      }
      Atomics.wait(live.cell, REPLY_SLOT, IDLE, left);
    }
    if (Atomics.load(live.cell, REPLY_SLOT) === DEAD) {
      this.#discard();
      throw new WorkerCrashedError(`the worker thread died during ${op}; the next call starts a new one`);
    }
  }

  #ensure(): Live {
    if (this.#live) return this.#live;
    const { port1, port2 } = new MessageChannel();
    const cell = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
    const onEvent = this.#options.onEvent;
    const events = onEvent ? new MessageChannel() : undefined;
    const transferList: MessagePort[] = [port2];
    if (events) transferList.push(events.port2);
    const worker = new Worker(this.#options.workerUrl, {
      workerData: {
        port: port2,
        cell: cell.buffer,
        opsModule: this.#options.opsModule,
        data: this.#options.data,
        events: events?.port2,
      },
      transferList: transferList as never[],
      execArgv: workerExecArgv(process.execArgv),
    });
    // Neither the worker nor the ports may keep the process alive: a script ends when its code does
    // (the event port may be held open on purpose, see holdOpen).
    worker.unref();
    port1.unref();
    const live: Live = { worker, port: port1, cell, events: events?.port1, discarded: false };
    if (events && onEvent) {
      events.port1.on("message", onEvent);
      if (!this.#held) events.port1.unref();
    }
    worker.on("error", () => {
      // The exit hook in the worker flags the cell; the failed call reports it.
    });
    worker.on("exit", () => {
      // Died on its own while this thread was idle: forget it, so the next call starts a new one.
      if (!live.discarded) this.#discard(true);
    });
    this.#live = live;
    this.#awaitBoot(live);
    return live;
  }

  // Waits until the worker has loaded its ops (not counted in any call's deadline).
  #awaitBoot(live: Live): void {
    const deadline = performance.now() + BOOT_TIMEOUT;
    while (Atomics.load(live.cell, REPLY_SLOT) === IDLE) {
      const left = deadline - performance.now();
      if (left <= 0) {
        this.#discard();
        throw new SyncTimeoutError(`the worker thread did not start within ${BOOT_TIMEOUT} ms`);
      }
      Atomics.wait(live.cell, REPLY_SLOT, IDLE, left);
    }
    if (Atomics.load(live.cell, REPLY_SLOT) === DEAD) {
      this.#discard();
      throw new WorkerCrashedError("the worker thread died while starting; the next call tries a new one");
    }
  }

  #discard(lost = true): void {
    const live = this.#live;
    this.#live = undefined;
    if (!live) return;
    live.discarded = true;
    live.port.close();
    live.events?.close();
    void live.worker.terminate();
    if (lost) this.#options.onLost?.();
  }
}

/**
 * The parent's Node flags minus those that say what to run: a worker inherits execArgv, and under
 * `node -e <code>` or `node -p` it would run the parent's script instead of its own.
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    if (["-e", "--eval", "-p", "--print"].includes(arg)) {
      i++; // and its code argument
      continue;
    }
    if (["-i", "--interactive", "-pe"].includes(arg) || /^--(eval|print|input-type)=/.test(arg)) continue;
    if (arg === "--input-type") {
      i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

function sleepFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function reviveDefault(wire: WireError): Error {
  return Object.assign(new Error(wire.message), wire.props, { name: wire.name });
}
