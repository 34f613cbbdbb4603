// The options behind the root README's "Delivery guarantees": a bot that paces and retries its
// sends, and a loop that trades at-least-once for never holding back. docs/test/delivery.test.ts
// runs both against the emulator.
import { Bot, type MessageLoop, type UpdateHandler } from "@telepot/async";

/** A Bot with flood control, its retry policy spelled out and a logger for what it does about failures. */
export function carefulBot(token: string, apiRoot?: string): Bot {
  // #region readme-bot-options
  const bot = new Bot(token, {
    apiRoot, // undefined: Telegram
    // Pace sends to stay under Telegram's limits (per chat, per group, overall) instead of meeting 429s.
    floodControl: true,
    retry: {
      maxFloodWaitMs: 60_000, // a 429 is waited out (retry_after), up to this long per call
      maxRetries: 3, // network faults and 5xx replies: repeated with backoff ...
      retryUnsafe: false, // ... except a send that may have arrived: never sent twice (the default)
    },
    // Told about retries and flood waits. Nothing the bot reports contains the token.
    logger: { warn: (line) => console.warn(line) },
  });
  // #endregion
  return bot;
}

/** A polling loop that confirms updates as soon as they are fetched. */
export function atMostOnceLoop(bot: Bot, handle: UpdateHandler): MessageLoop {
  // #region readme-delivery-options
  const loop = bot.messageLoop(handle, {
    // The default, "at-least-once", confirms an update once its handler has finished.
    delivery: "at-most-once", // confirm on fetch: nothing waits on a slow handler, a crash loses what ran
    concurrency: 100, // updates handled at once (one at a time per chat, always)
    stopTimeoutMs: 5_000, // how long stop() waits for running handlers
  });
  // #endregion
  return loop;
}
