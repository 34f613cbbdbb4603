// The part every webhook example shares: listen, tell Telegram the URL (with a secret token), run
// the message loop on the update queue, and on stop remove the webhook before closing the server.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { Bot, UpdateHandler, UpdateQueue } from "@telepot/async";
import { type RunningExample, running } from "./example.ts";
import { closeServer, listen, WEBHOOK_PATH, type WebhookServerOptions } from "./http.ts";

/** A random secret token for setWebhook (32 characters of A-Z a-z 0-9 _ -). */
export function randomSecret(): string {
  return randomBytes(24).toString("base64url");
}

/** A running webhook example. */
export type WebhookExample<B extends Bot = Bot> = RunningExample<B> & {
  /** Where the web server listens (`http://127.0.0.1:<port>`). */
  readonly origin: string;
};

/**
 * Serves `server` (whose webhook route feeds `queue`), sets the webhook to it and runs `bot`'s
 * message loop on the queue with `handle` (or the bot's own handle method).
 */
export async function runWebhook<B extends Bot>(
  bot: B,
  server: Server,
  queue: UpdateQueue,
  handle: UpdateHandler | undefined,
  options: WebhookServerOptions & { readonly secretToken: string },
  cleanup: () => Promise<void>,
): Promise<WebhookExample<B>> {
  let origin: string;
  try {
    origin = await listen(server, options.port, options.host);
    // #region readme-webhook-set
    await bot.setWebhook(options.publicUrl ?? origin + WEBHOOK_PATH, { secret_token: options.secretToken });
    // #endregion
  } catch (error) {
    if (server.listening) await closeServer(server);
    await bot.dispose();
    throw error;
  }
  // #region readme-webhook-loop
  const loop = bot.messageLoop(handle, { source: queue });
  // #endregion
  const example = running(bot, loop, cleanup, async () => {
    // First no more deliveries, then the loop handles what was already queued. Removing the
    // webhook also lets the same token poll again (getUpdates is refused while a webhook is set).
    await bot.deleteWebhook().catch((error: unknown) => {
      console.error("Could not remove the webhook:", error instanceof Error ? error.message : error);
    });
    await closeServer(server);
  });
  return { ...example, origin };
}
