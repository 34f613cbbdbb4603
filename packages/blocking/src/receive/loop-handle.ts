// What notifyOnMessage returns: the running loop, to stop it from the REPL or a script.
import { inspect } from "node:util";
import type { LoopDriver } from "./driver.js";

/** A running blocking message loop. */
export class BlockingMessageLoop {
  readonly #driver: LoopDriver;

  /** @internal Use bot.notifyOnMessage(). */
  constructor(driver: LoopDriver) {
    this.#driver = driver;
  }

  /** True until the loop has ended. */
  get running(): boolean {
    return this.#driver.running;
  }

  /**
   * Stops the loop: no new updates are fetched; those already fetched are handled here first,
   * then confirmed to Telegram. Blocks until that is done. A handler that wants to end a
   * runForever loop should abort the loop's `signal` instead (stopping waits for that very handler).
   */
  stop(): void {
    this.#driver.stop();
  }

  /** Shows whether the loop runs (what a REPL prints after notifyOnMessage). */
  [inspect.custom](): string {
    return `MessageLoop { running: ${this.running} }`;
  }
}
