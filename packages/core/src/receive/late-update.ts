// What a webhook loop reports when an update arrives after its wait was given up: it is still
// handled (it was acknowledged to Telegram, which will not send it again), but out of order.
import { TelepotError } from "../errors.js";

/** An update was handled out of order: it came after later updates had been handled. Not a failure. */
export class LateUpdate extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.LateUpdate";
  /** The late update's id. */
  readonly updateId: number;
  /** The id the loop expected next when it came. */
  readonly expectedId: number;

  constructor(updateId: number, expectedId: number) {
    super(
      `Update ${updateId} came after its wait had ended (expected ${expectedId} next); it is handled out of order`,
    );
    this.updateId = updateId;
    this.expectedId = expectedId;
  }
}
