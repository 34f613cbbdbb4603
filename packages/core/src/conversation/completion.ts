// Completion of one fed object: the engine counts the delegates still processing it, so a driver
// can confirm an update only once every delegate that received it has finished with it.
import type { MaybePromise } from "./maybe.js";

/** Tells the engine that a delegate has finished processing one object; later calls do nothing. */
export type Done = () => void;

/** A done callback that counts nothing (for objects no feed is waiting on, e.g. scheduled events). */
export const NOT_TRACKED: Done = () => {};

/** Counts the holders of one fed object; settles when the last one has let go. */
export class Completion {
  // One hold belongs to the feed itself until seal(), so the count cannot reach 0 while routing.
  #pending = 1;
  #resolve: (() => void) | undefined;
  #promise: Promise<void> | undefined;

  /** A new hold: call the returned function once its holder has finished (extra calls are ignored). */
  hold(): Done {
    this.#pending++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#release();
    };
  }

  /** Ends routing: undefined when nothing holds the object any more, else a promise of that moment. */
  seal(): MaybePromise<void> {
    this.#release();
    if (this.#pending === 0) return undefined;
    this.#promise ??= new Promise<void>((resolve) => {
      this.#resolve = resolve;
    });
    return this.#promise;
  }

  #release(): void {
    if (--this.#pending === 0) this.#resolve?.();
  }
}
