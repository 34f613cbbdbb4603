// Telegram's flood control for bots, optional in the emulator: more than 1 message per second to a
// chat, 20 per minute to a group or 30 per second overall gets a 429 with retry_after, so a bot's
// own scheduler can be tested against the limits it will meet.
import { tooManyRequests } from "../errors.js";

/** The limits, as counts per window; the defaults are Telegram's documented ones. */
export interface RateLimits {
  /** Sends per second a bot may make to one chat. */
  perChatPerSecond: number;
  /** Sends per minute a bot may make to one group or supergroup. */
  perGroupPerMinute: number;
  /** Sends per second a bot may make in all. */
  overallPerSecond: number;
}

/** Telegram's documented limits. */
export const TELEGRAM_LIMITS: RateLimits = {
  perChatPerSecond: 1,
  perGroupPerMinute: 20,
  overallPerSecond: 30,
};

/** Sliding-window counters of one bot's sends. `now` is injectable so tests need no real time. */
export class RateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly limits: RateLimits = TELEGRAM_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a send by `botId` to `chatId`, or throws a 429 when a limit would be passed. */
  take(botId: number, chatId: number, isGroup: boolean): void {
    const t = this.now();
    const windows: [string, number, number][] = [
      [`${botId}:all`, 1000, this.limits.overallPerSecond],
      [`${botId}:${chatId}:s`, 1000, this.limits.perChatPerSecond],
    ];
    if (isGroup) windows.push([`${botId}:${chatId}:m`, 60_000, this.limits.perGroupPerMinute]);
    let wait = 0;
    for (const [key, span, max] of windows) {
      const times = (this.sent.get(key) ?? []).filter((x) => x > t - span);
      this.sent.set(key, times);
      if (times.length >= max) wait = Math.max(wait, (times[times.length - max] as number) + span - t);
    }
    if (wait > 0) throw tooManyRequests(Math.max(1, Math.ceil(wait / 1000)));
    for (const [key] of windows) this.sent.get(key)?.push(t);
  }
}
