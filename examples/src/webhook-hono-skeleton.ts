// Tutorial: ../../README.md#webhooks
// The skeleton behind a webhook served by Hono, a Fetch API web framework: its route hands the
// raw Request to fetchWebhook, which queues the update for the message loop. The same app runs on
// Bun, Deno or a worker; on Node, lib/http.ts serves it from node:http.
//   TELEGRAM_BOT_TOKEN=<token> WEBHOOK_URL=https://<your host>/webhook PORT=8443 node examples/src/webhook-hono-skeleton.ts
import { Bot, fetchWebhook, UpdateQueue } from "@telepot/async";
import { Hono } from "hono";
import { runMain, webhookEnv } from "./lib/cli.ts";
import { botOptions, consoleLog, type RunningExample } from "./lib/example.ts";
import { fetchServer, WEBHOOK_PATH } from "./lib/http.ts";
import { randomSecret, runWebhook } from "./lib/webhook.ts";
import { skeletonHandler } from "./skeleton-global.ts";
import type { WebhookExampleOptions } from "./webhook-http-skeleton.ts";

/** Starts the web app and the bot. */
export async function start(token: string, options: WebhookExampleOptions = {}): Promise<RunningExample> {
  const bot = new Bot(token, botOptions(options));
  // #region readme-webhook-hono
  const queue = new UpdateQueue();
  const secretToken = options.secretToken ?? randomSecret();
  const onUpdate = fetchWebhook(queue, { secretToken });
  const app = new Hono();
  app.post(WEBHOOK_PATH, (c) => onUpdate(c.req.raw));
  // #endregion
  const handle = skeletonHandler(bot, options.log ?? consoleLog);
  return runWebhook(bot, fetchServer(app.fetch), queue, handle, { ...options, secretToken }, () =>
    bot.dispose(),
  );
}

if (import.meta.main) await runMain(start, webhookEnv());
