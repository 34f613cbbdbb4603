import type { Clock } from "../../src/index.js";

/** A fake clock: time moves only when a test (or `advance`) moves it, and every sleep is recorded. */
export interface FakeClock extends Clock {
  readonly sleeps: number[];
  time: number;
}

/**
 * A clock whose sleeps return at once and are recorded; time stands still. With `advance`, sleeps
 * instead end one at a time in time order, each moving the time to its end.
 */
export function fakeClock(onSleep?: (ms: number) => void | Promise<void>, advance = false): FakeClock {
  const pending: { at: number; resolve: () => void }[] = [];
  const wake = () => {
    pending.sort((a, b) => a.at - b.at);
    const next = pending.shift();
    if (!next) return;
    clock.time = Math.max(clock.time, next.at);
    next.resolve();
  };
  const clock: FakeClock = {
    sleeps: [],
    time: 1_000_000,
    now: () => clock.time,
    async sleep(ms: number) {
      clock.sleeps.push(ms);
      if (!advance) return onSleep?.(ms);
      await new Promise<void>((resolve) => {
        pending.push({ at: clock.time + ms, resolve });
        setImmediate(wake);
      });
    },
  };
  return clock;
}
