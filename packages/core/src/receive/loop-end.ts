// What happens when a message loop ends on a fatal error (a wrong token, another instance polling)
// and nobody waits for its end: `const loop = bot.messageLoop(handle)` in a script. Crashing with an
// unhandled rejection would print the error without the loop's own reporting; ending quietly with
// exit code 0 would let a supervisor believe the bot finished. So: the error goes to the loop's
// error reporter (onError: by default a token-free console line, or a service's logger), and the
// process is marked to end with FATAL_LOOP_EXIT_CODE once nothing else keeps it running (nothing
// is killed: other work the program does goes on). Shared by the async and blocking drivers and
// the service runner.

import { logReporterFailure } from "../conversation/log-error.js";

/** The exit code a process gets after a message loop in it ended on a fatal error. */
export const FATAL_LOOP_EXIT_CODE = 1;

/**
 * Reports a loop's fatal error to `report` (a failing reporter falls back to console.error) and
 * sets the process's exit code to {@link FATAL_LOOP_EXIT_CODE}, unless a non-zero one is set.
 */
export function reportFatalLoopEnd(error: unknown, report: (error: unknown) => void): void {
  try {
    report(error);
  } catch (secondary) {
    logReporterFailure("reporting the end of a message loop", secondary, error);
  }
  const proc = (globalThis as { process?: { exitCode?: number | string | null | undefined } }).process;
  if (
    proc !== undefined &&
    (proc.exitCode === undefined || proc.exitCode === null || Number(proc.exitCode) === 0)
  ) {
    proc.exitCode = FATAL_LOOP_EXIT_CODE;
  }
}

/**
 * The end of a running loop, as its handle hands it out. Whoever takes the promise ({@link observe}:
 * `await loop`, `loop.done`, `loop.stop()`) handles a fatal error themselves; if nobody did by the
 * time the loop ends, the error goes through {@link reportFatalLoopEnd} instead of becoming an
 * unhandled rejection.
 */
export class LoopOutcome {
  private observed = false;

  constructor(
    private readonly settled: Promise<void>,
    report: (error: unknown) => void,
  ) {
    settled.then(undefined, (error: unknown) => {
      if (!this.observed) reportFatalLoopEnd(error, report);
    });
  }

  /** The loop's end; the caller now owns a fatal error (it rejects with it). */
  observe(): Promise<void> {
    this.observed = true;
    return this.settled;
  }
}
