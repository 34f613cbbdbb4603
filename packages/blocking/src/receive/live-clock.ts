// The conversation engine's clock on the blocking side. Its timers (idle timeouts, listener waits,
// scheduled events) must fire on this thread, which is often blocked in a wait for the next update:
// so the waits are bounded by `nextAt()` and call `fireDue()`, and while the thread is idle (a
// REPL prompt, notifyOnMessage) one real timer fires them too. Time itself is the real time.
import { type CancelTimer, ManualClock, type TimerClock } from "@telepot/core";

/** Real time, with timers that fire when the blocking driver (or, when idle, the event loop) says so. */
export class LiveClock implements TimerClock {
  readonly #timers = new ManualClock(Date.now());
  #armed: ReturnType<typeof setTimeout> | undefined;
  #armedAt: number | undefined;

  /** The current time in milliseconds (Date.now). */
  now(): number {
    return Date.now();
  }

  /** Calls `fn` once at time `at`, from fireDue (or the idle timer). */
  setTimer(at: number, fn: () => void): CancelTimer {
    const cancel = this.#timers.setTimer(at, fn);
    this.#arm();
    return cancel;
  }

  /** The time of the earliest pending timer, if any. */
  nextAt(): number | undefined {
    return this.#timers.nextAt();
  }

  /** Fires every timer that is due now, in time order. */
  fireDue(): void {
    this.#timers.advanceTo(Date.now());
    this.#arm();
  }

  // One unref'd real timer for the earliest deadline: it fires only when this thread is idle.
  #arm(): void {
    const at = this.#timers.nextAt();
    if (at === this.#armedAt) return;
    if (this.#armed !== undefined) clearTimeout(this.#armed);
    this.#armed = undefined;
    this.#armedAt = at;
    if (at === undefined) return;
    this.#armed = setTimeout(
      () => {
        this.#armed = undefined;
        this.#armedAt = undefined;
        this.fireDue();
      },
      Math.min(Math.max(at - Date.now(), 0), 2 ** 31 - 1),
    );
    this.#armed.unref();
  }
}
