// What every example shares: its options, the handle it returns, and the way it prints. The
// examples print through an injectable `log`, so tests can assert the exact lines.
import type { Bot, TimerClock } from "@telepot/async";

/** Where an example prints its lines. */
export type Log = (line: string) => void;

/** Options every example takes. */
export interface ExampleOptions {
  /** The Bot API server: Telegram's by default; the emulator's `apiRoot` in tests. */
  readonly apiRoot?: string;
  /** Where the example prints (default: console.log). */
  readonly log?: Log;
  /** The getUpdates long-poll timeout in seconds (default 20). */
  readonly pollTimeout?: number;
}

/** Options of the examples that hold conversations (DelegatorBot). */
export interface ConversationOptions extends ExampleOptions {
  /** Each conversation's idle timeout in seconds (each example has its own default). */
  readonly timeout?: number;
  /** The clock of the idle timeouts (default: the real one; tests pass a ManualClock). */
  readonly timerClock?: TimerClock;
}

/** A running example. */
export interface RunningExample<B extends Bot = Bot> {
  /** The example's bot. */
  readonly bot: B;
  /** Settles when the example has stopped; rejects with a fatal error (e.g. a wrong token). */
  readonly done: Promise<void>;
  /** Stops receiving, lets running handlers finish, ends conversations and closes connections. */
  stop(): Promise<void>;
}

/** A running example on the blocking Bot (@telepot/blocking). */
export interface BlockingExample {
  /** The example's bot. */
  readonly bot: { dispose(): void };
  /** Stops the loop (updates already fetched are handled first) and closes the bot; blocks until done. */
  stop(): void;
}

/** The console as a Log. */
export const consoleLog: Log = (line) => console.log(line);

/** The Bot options an example derives from its own options. */
export function botOptions(options: ExampleOptions): { apiRoot?: string } {
  return options.apiRoot === undefined ? {} : { apiRoot: options.apiRoot };
}

/** What {@link running} needs of a message loop. */
interface Loop {
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The handle of an example whose bot runs `loop`: stopping runs `beforeStop` (e.g. stop taking
 * webhook requests), stops the loop (its handlers finish), then runs `cleanup` (end conversations,
 * close the bot's connections); all of it once, however often stop is called.
 */
export function running<B extends Bot>(
  bot: B,
  loop: Loop,
  cleanup: () => Promise<void>,
  beforeStop: () => Promise<void> = async () => {},
): RunningExample<B> {
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      try {
        await beforeStop();
      } finally {
        // A fatal loop error is reported through `done`; stopping still cleans up.
        await loop.stop().catch(() => {});
        await cleanup();
      }
    })();
    return stopped;
  };
  const done = loop.done.then(stop);
  // Marked as handled here: a caller that never awaits `done` gets no unhandled-rejection warning.
  done.catch(() => {});
  return { bot, done, stop };
}
