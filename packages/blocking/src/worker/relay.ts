// The worker's half of a blocking message loop. The async messageLoop runs here unchanged
// (polling or a webhook queue, offsets, re-ordering); its handler only parks each update in this
// relay until the calling thread has taken it and moved on. The calling thread pulls updates one
// at a time (`next`), so its handlers run on its own thread, in order, and may block.
//
// When does an update count as handled (and get confirmed to Telegram)? When the calling thread
// asks for the next one: its handler returned, or it blocks waiting for later updates (a
// listener.wait() pumping the loop). Updates sharing a chat are released by the async loop one
// at a time, so the relay keeps the waiting ones in update_id order.
import type { MessagePort } from "node:worker_threads";
import type { MessageLoop, MessageLoopOptions, UpdateContext } from "@telepot/async";
import type { Update } from "@telepot/core";
import { toWireError, type WireError } from "../sync/protocol.js";

/** What `next` answers. */
export type NextResult =
  | { readonly type: "update"; readonly update: Update }
  | { readonly type: "idle" }
  | { readonly type: "ended"; readonly error: WireError | undefined };

/** Events the worker posts to the calling thread (delivered when it is idle). */
export type RelayEvent =
  | { readonly type: "ready" }
  | { readonly type: "ended"; readonly error: WireError | undefined }
  | { readonly type: "error"; readonly error: WireError }
  | { readonly type: "log"; readonly message: string };

interface Parked {
  readonly update: Update;
  readonly release: () => void;
}

/** Starts an async message loop with a handler; the relay decides what it is given. */
export type StartLoop = (handler: (payload: unknown, context: UpdateContext) => Promise<void>) => MessageLoop;

/** Holds the updates of one running loop for the calling thread. */
export class Relay {
  readonly #events: MessagePort | undefined;
  #loop: MessageLoop | undefined;
  #waiting: Parked[] = [];
  #taken: Parked[] = [];
  #ended: { error: WireError | undefined } | undefined;
  #wake: (() => void) | undefined;
  #told = false;

  constructor(events: MessagePort | undefined) {
    this.#events = events;
  }

  /** Starts a loop; one at a time. */
  start(startLoop: StartLoop): void {
    if (this.#loop !== undefined) throw new TypeError("A message loop is already running for this bot");
    this.#ended = undefined;
    this.#told = false;
    const loop = startLoop((_payload, context) => this.#park(context.update));
    this.#loop = loop;
    loop.done.then(
      () => this.#end(undefined),
      (error: unknown) => this.#end(toWireError(error)),
    );
  }

  /** Asks the loop to stop; the caller keeps pulling until `next` says it ended. */
  stop(): void {
    void this.#loop?.stop().catch(() => {
      // Reported through `ended`.
    });
  }

  /**
   * Confirms every update handed out so far, then hands out the next one, waiting up to
   * `timeout` ms for it. Says "ended" (once) when the loop has finished.
   */
  async next(timeout: number): Promise<NextResult> {
    this.#told = false;
    if (this.#releaseTaken()) await settle();
    if (this.#waiting.length === 0 && this.#ended === undefined && timeout > 0 && this.#loop !== undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeout);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.#wake = done;
      });
      this.#wake = undefined;
    }
    const parked = this.#waiting.shift();
    if (parked !== undefined) {
      this.#taken.push(parked);
      return { type: "update", update: parked.update };
    }
    if (this.#ended !== undefined) {
      const { error } = this.#ended;
      this.#ended = undefined;
      this.#loop = undefined;
      return { type: "ended", error };
    }
    return { type: "idle" };
  }

  /** Ends a waiting `next` early (with nothing), so the caller sees a problem just reported. */
  poke(): void {
    this.#wake?.();
  }

  /** Confirms what was handed out, then lists the updates waiting (without handing them out). */
  async peek(): Promise<Update[]> {
    if (this.#releaseTaken()) await settle();
    return this.#waiting.map((p) => p.update);
  }

  #park(update: Update): Promise<void> {
    return new Promise<void>((release) => {
      const parked = { update, release };
      // Keep update_id order: a chat's later update is released only after its earlier one.
      let i = this.#waiting.length;
      while (i > 0 && (this.#waiting[i - 1] as Parked).update.update_id > update.update_id) i--;
      this.#waiting.splice(i, 0, parked);
      this.#notify();
    });
  }

  #releaseTaken(): boolean {
    if (this.#taken.length === 0) return false;
    const taken = this.#taken;
    this.#taken = [];
    for (const parked of taken) parked.release();
    return true;
  }

  #end(error: WireError | undefined): void {
    // Updates never taken were not confirmed: Telegram delivers them again to the next loop.
    for (const parked of this.#waiting) parked.release();
    this.#waiting = [];
    this.#releaseTaken();
    this.#ended = { error };
    this.#notify();
    this.#events?.postMessage({ type: "ended", error } satisfies RelayEvent);
  }

  // Wakes a waiting `next`, or tells the idle calling thread (once until it pulls again).
  #notify(): void {
    if (this.#wake !== undefined) {
      this.#wake();
      return;
    }
    if (this.#told || this.#events === undefined) return;
    this.#told = true;
    this.#events.postMessage({ type: "ready" } satisfies RelayEvent);
  }
}

// Lets the loop run what releasing handlers unblocked (a chat's next update), so it is parked.
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The loop options as they cross from the calling thread (no functions, no queue object). */
export type WireLoopOptions = Omit<MessageLoopOptions, "onError" | "signal" | "source"> & {
  readonly source?: boolean;
};
