// Tutorial: ../../README.md#webhooks
// The Message Counter behind a webhook served by node:http: conversations work the same whether
// updates come from polling or from a webhook.
//   TELEGRAM_BOT_TOKEN=<token> WEBHOOK_URL=https://<your host>/webhook PORT=8443 node examples/src/webhook-http-counter.ts
import { createServer } from "node:http";
import { type DelegatorBot, nodeHttpWebhook, UpdateQueue } from "@telepot/async";
import { closeConversations, counterBot } from "./counter.ts";
import { envSeconds, runMain, webhookEnv } from "./lib/cli.ts";
import type { ConversationOptions, RunningExample } from "./lib/example.ts";
import { WEBHOOK_PATH, type WebhookServerOptions } from "./lib/http.ts";
import { randomSecret, runWebhook } from "./lib/webhook.ts";

/** Options of the webhook counters. */
export interface WebhookCounterOptions extends ConversationOptions, WebhookServerOptions {}

/** Starts the web server and the counter. */
export async function start(
  token: string,
  options: WebhookCounterOptions = {},
): Promise<RunningExample<DelegatorBot>> {
  const bot = counterBot(token, options);
  const queue = new UpdateQueue();
  const secretToken = options.secretToken ?? randomSecret();
  const onUpdate = nodeHttpWebhook(queue, { secretToken });
  const server = createServer((req, res) => {
    if (req.url === WEBHOOK_PATH) onUpdate(req, res);
    else res.writeHead(404, { "content-type": "text/plain" }).end("Not Found\n");
  });
  // No handler given: the loop uses the DelegatorBot's own handle, which feeds the conversations.
  return runWebhook(bot, server, queue, undefined, { ...options, secretToken }, () =>
    closeConversations(bot),
  );
}

if (import.meta.main) await runMain(start, { ...webhookEnv(), timeout: envSeconds("IDLE_TIMEOUT", 10) });
