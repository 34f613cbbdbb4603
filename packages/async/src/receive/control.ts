// The stop machinery a loop driver runs under: a stop flag, interruptible waits, and the deadline
// that bounds how long stopping waits for running handlers.
import { TelepotError } from "@telepot/core";
import type { Dispatcher } from "./dispatcher.js";

/** Returned by {@link LoopControl.interruptible} and {@link LoopControl.sleep} when the wait was cut short by stop. */
export const INTERRUPTED: unique symbol = Symbol("interrupted");

/** The stop state of one running loop. Waits never pile listeners on a long-lived promise. */
export class LoopControl {
  /** True once stop was requested (by stop(), the signal, or a fatal error). */
  stopping = false;
  private wake: (() => void) | undefined;

  /** Requests the stop and interrupts the current wait, if any. */
  requestStop(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.interrupt();
  }

  /** Ends the current wait early (a stop request, or news the driver was waiting for). */
  interrupt(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Waits for a promise, or until interrupted (then INTERRUPTED; a later rejection is ignored). */
  interruptible<T>(promise: PromiseLike<T>): Promise<T | typeof INTERRUPTED> {
    if (this.stopping) {
      promise.then(undefined, () => {});
      return Promise.resolve(INTERRUPTED);
    }
    return new Promise<T | typeof INTERRUPTED>((resolve, reject) => {
      const wake = () => resolve(INTERRUPTED);
      this.wake = wake;
      promise.then(
        (value) => {
          if (this.wake === wake) this.wake = undefined;
          resolve(value);
        },
        (error: unknown) => {
          if (this.wake === wake) this.wake = undefined;
          reject(error);
        },
      );
    });
  }

  /** Waits `ms` (or, without ms, until interrupted). */
  sleep(ms?: number): Promise<undefined | typeof INTERRUPTED> {
    if (this.stopping) return Promise.resolve(INTERRUPTED);
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const wake = () => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(INTERRUPTED);
      };
      this.wake = wake;
      if (ms !== undefined) {
        timer = setTimeout(() => {
          if (this.wake === wake) this.wake = undefined;
          resolve(undefined);
        }, ms);
      }
    });
  }
}

/** Stopping gave up on handlers that were still running after the stop timeout. */
export class StopTimeout extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.StopTimeout";
  /** How many handlers were still running or waiting. */
  readonly pending: number;

  constructor(pending: number, timeout: number) {
    super(
      `The message loop stopped with ${pending} update(s) still being handled after ${timeout} ms; ` +
        "their updates were not confirmed and will be delivered again.",
    );
    this.pending = pending;
  }
}

/**
 * Waits until the dispatcher is idle or `timeout` ms pass. Returns true when idle; otherwise
 * reports a StopTimeout and returns false.
 */
export async function drain(dispatcher: Dispatcher, timeout: number): Promise<boolean> {
  if (dispatcher.pending === 0) return true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeout);
  });
  const idle = await Promise.race([dispatcher.whenIdle().then(() => true as const), expired]);
  clearTimeout(timer);
  if (!idle) dispatcher.report(new StopTimeout(dispatcher.pending, timeout));
  return idle;
}
