// Hands updates to the handler: unwraps each one, keys it by chat/user, and runs it through the
// core KeyedScheduler (bounded concurrency, one chat's updates in order). Failures go to onError.
import { type Update, unwrapUpdate } from "@telepot/core";
import { KeyedScheduler, logReporterFailure, orderingKey } from "@telepot/core/internal";
import type { ErrorHandler, UpdateContext, UpdateHandler } from "./types.js";

/** Runs updates through a handler with per-chat ordering and bounded concurrency. */
export class Dispatcher {
  private readonly scheduler: KeyedScheduler<UpdateContext>;

  /**
   * `finished` is told about each update once its handler has settled (after any error was
   * reported); `dispatched`, if given, about each update as it is queued, before its handler runs.
   */
  constructor(
    private readonly handler: UpdateHandler,
    private readonly onError: ErrorHandler,
    concurrency: number,
    private readonly finished?: (context: UpdateContext) => void,
    private readonly dispatched?: (context: UpdateContext) => void,
  ) {
    this.scheduler = new KeyedScheduler<UpdateContext>(
      (context) => this.handler(context.payload, context),
      (context, failed, error) => this.settled(context, failed, error),
      concurrency,
    );
  }

  /** Handlers running now. */
  get active(): number {
    return this.scheduler.active;
  }

  /** Handlers running or waiting. */
  get pending(): number {
    return this.scheduler.active + this.scheduler.waiting;
  }

  /** Queues one update for its handler. */
  dispatch(update: Update): void {
    const unwrapped = unwrapUpdate(update);
    const context = { kind: unwrapped[0], payload: unwrapped[1], update } as UpdateContext;
    // An unknown kind is keyed by its own field name and value, so a future kind with a chat still orders by chat.
    const key =
      unwrapped[0] === "unknown"
        ? orderingKey(unwrapped[1].kind ?? "unknown", unwrapped[1].value)
        : orderingKey(unwrapped[0], unwrapped[1]);
    this.dispatched?.(context);
    this.scheduler.submit(key, context);
  }

  /** Resolves when no handler runs or waits. */
  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle();
  }

  /** Reports an error to onError, and a failing onError to the console (it must not stop the loop). */
  report(error: unknown, context?: UpdateContext): void {
    try {
      this.onError(error, context);
    } catch (secondary) {
      logReporterFailure("onError", secondary, error);
    }
  }

  private settled(context: UpdateContext, failed: boolean, error: unknown): void {
    if (failed) this.report(error, context);
    this.finished?.(context);
  }
}
