// Delegate failures (a conversation handler that threw) as log lines.
import { describeSeed, type ErrorReporter } from "@telepot/core";
import type { Logger } from "./logger.js";

/** An onDelegateError for a DelegatorBot that logs the failure with its phase, handler and seed. */
export function logDelegateErrors(logger: Logger): ErrorReporter {
  return (error, site) =>
    logger.error("conversation failed", {
      error,
      phase: site.phase,
      ...(site.delegate ? { handler: site.delegate } : {}),
      ...(site.seed !== undefined ? { seed: describeSeed(site.seed) } : {}),
    });
}
