// Tutorial: ../../README.md#webhooks
// The Message Counter behind a webhook served by Hono (see webhook-hono-skeleton.ts).
//   TELEGRAM_BOT_TOKEN=<token> WEBHOOK_URL=https://<your host>/webhook PORT=8443 node examples/src/webhook-hono-counter.ts
import { type DelegatorBot, fetchWebhook, UpdateQueue } from "@telepot/async";
import { Hono } from "hono";
import { closeConversations, counterBot } from "./counter.ts";
import { envSeconds, runMain, webhookEnv } from "./lib/cli.ts";
import type { RunningExample } from "./lib/example.ts";
import { fetchServer, WEBHOOK_PATH } from "./lib/http.ts";
import { randomSecret, runWebhook } from "./lib/webhook.ts";
import type { WebhookCounterOptions } from "./webhook-http-counter.ts";

/** Starts the web app and the counter. */
export async function start(
  token: string,
  options: WebhookCounterOptions = {},
): Promise<RunningExample<DelegatorBot>> {
  const bot = counterBot(token, options);
  const queue = new UpdateQueue();
  const secretToken = options.secretToken ?? randomSecret();
  const onUpdate = fetchWebhook(queue, { secretToken });
  const app = new Hono();
  app.post(WEBHOOK_PATH, (c) => onUpdate(c.req.raw));
  return runWebhook(bot, fetchServer(app.fetch), queue, undefined, { ...options, secretToken }, () =>
    closeConversations(bot),
  );
}

if (import.meta.main) await runMain(start, { ...webhookEnv(), timeout: envSeconds("IDLE_TIMEOUT", 10) });
