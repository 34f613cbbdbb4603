// Tutorial: ../../README.md#webhooks
// The skeleton behind a webhook served by node:http: Telegram posts each update to /webhook, the
// request handler queues it, and the message loop hands it to the skeleton's handler.
//   TELEGRAM_BOT_TOKEN=<token> WEBHOOK_URL=https://<your host>/webhook PORT=8443 node examples/src/webhook-http-skeleton.ts
import { createServer } from "node:http";
import { Bot, nodeHttpWebhook, UpdateQueue } from "@telepot/async";
import { runMain, webhookEnv } from "./lib/cli.ts";
import { botOptions, consoleLog, type ExampleOptions, type RunningExample } from "./lib/example.ts";
import { WEBHOOK_PATH, type WebhookServerOptions } from "./lib/http.ts";
import { randomSecret, runWebhook } from "./lib/webhook.ts";
import { skeletonHandler } from "./skeleton-global.ts";

/** Options of the webhook examples. */
export interface WebhookExampleOptions extends ExampleOptions, WebhookServerOptions {}

/** Starts the web server and the bot. */
export async function start(token: string, options: WebhookExampleOptions = {}): Promise<RunningExample> {
  const bot = new Bot(token, botOptions(options));
  // #region readme-webhook-http
  const queue = new UpdateQueue();
  const secretToken = options.secretToken ?? randomSecret();
  const onUpdate = nodeHttpWebhook(queue, { secretToken });
  const server = createServer((req, res) => {
    if (req.url === WEBHOOK_PATH) onUpdate(req, res);
    else res.writeHead(404, { "content-type": "text/plain" }).end("Not Found\n");
  });
  // #endregion
  const handle = skeletonHandler(bot, options.log ?? consoleLog);
  return runWebhook(bot, server, queue, handle, { ...options, secretToken }, () => bot.dispose());
}

if (import.meta.main) await runMain(start, webhookEnv());
