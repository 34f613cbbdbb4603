// The seam between a Bot and its flood control: the in-process FloodScheduler paces one process;
// a shared limiter (e.g. @telepot/redis's, kept in Redis) paces every process of one bot, since
// Telegram's limits are per bot, not per process.

/** Paces sends under Telegram's outgoing limits, for one process or for a whole cluster. */
export interface SendLimiter {
  /**
   * Waits until a send to `chatId` may go (rejects when `signal` aborts); resolves with the
   * function to call once the send has completed (answered, or failed after reaching the server).
   */
  acquire(chatId: number | string, signal?: AbortSignal): Promise<() => void>;
  /** Holds every send for `ms` (after a 429 despite the limits: Telegram knows best). */
  pause(ms: number): void;
}

/** Whether a flood-control option is a limiter object (rather than limits for the built-in one). */
export function isSendLimiter(value: unknown): value is SendLimiter {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as SendLimiter).acquire === "function" &&
    typeof (value as SendLimiter).pause === "function"
  );
}
