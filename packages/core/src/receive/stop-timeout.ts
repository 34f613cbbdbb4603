// How long stopping a loop waits for its running handlers: one option with a deprecated alias and a
// default, read here once for every loop (polling and webhook, async and blocking).

/** The stop timeout options of a loop (see the async LoopOptions for their meaning). */
export interface StopTimeoutConfig {
  /** How long stopping waits for running handlers, in ms. Default 10 000. */
  readonly stopTimeoutMs?: number | undefined;
  /** @deprecated Renamed stopTimeoutMs (the same milliseconds). */
  readonly stopTimeout?: number | undefined;
}

const DEFAULT_STOP_TIMEOUT_MS = 10_000;

/** The stop timeout in ms (`stopTimeoutMs`, else its deprecated alias, else the default); a RangeError if negative. */
export function stopTimeoutMs(options: StopTimeoutConfig): number {
  const ms = options.stopTimeoutMs ?? options.stopTimeout ?? DEFAULT_STOP_TIMEOUT_MS;
  if (!(ms >= 0)) throw new RangeError(`stopTimeoutMs must be >= 0, got ${ms}`);
  return ms;
}
