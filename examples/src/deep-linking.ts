// Tutorial: ../../README.md#deep-linking
// Deep linking: a web page gives each of your users a personal link to the bot, carrying a key
// that stands for the user (never the user id itself). Following the link and pressing START makes
// Telegram send `/start <key>`; the bot looks the key up and now knows that user's chat id.
// One Hono app serves the page (GET /link) and the bot's webhook (POST /webhook).
//   TELEGRAM_BOT_TOKEN=<token> WEBHOOK_URL=https://<your host>/webhook PORT=8443 node examples/src/deep-linking.ts
//   then open http://127.0.0.1:8443/link
import {
  Bot,
  fetchWebhook,
  glance,
  hasFlavor,
  parseStartCommand,
  startLink,
  UpdateQueue,
} from "@telepot/async";
import { Hono } from "hono";
import { runMain, webhookEnv } from "./lib/cli.ts";
import { botOptions, consoleLog, type Log } from "./lib/example.ts";
import { fetchServer, WEBHOOK_PATH } from "./lib/http.ts";
import { randomSecret, runWebhook, type WebhookExample } from "./lib/webhook.ts";
import type { WebhookExampleOptions } from "./webhook-http-skeleton.ts";

/** Options of the deep-linking example. */
export interface DeepLinkingOptions extends WebhookExampleOptions {
  /** The keys handed out, each standing for a user id of your own (default: "ghijk" for user 123). */
  readonly keys?: ReadonlyMap<string, number>;
  /** The key whose link the page shows (default: the first of `keys`). */
  readonly pageKey?: string;
}

/** The running example. */
export type DeepLinking = WebhookExample & {
  /** What the bot learnt: your user id to that user's Telegram chat id. */
  readonly chats: ReadonlyMap<number, number>;
};

/** Whether a text is a /start command (with or without a payload, possibly addressed `/start@bot`). */
function isStartCommand(text: string): boolean {
  return /^\/start(@\w+)?(\s|$)/.test(text);
}

/** The bot's handler: resolves `/start <key>` to one of your users and remembers their chat id. */
export function deepLinkHandler(keys: ReadonlyMap<string, number>, chats: Map<number, number>, log: Log) {
  return (msg: object): void => {
    if (!hasFlavor(msg, "normal")) return;
    const [contentType, chatType, chatId] = glance(msg);
    log(`Normal Message: ${contentType} ${chatType} ${chatId}`);
    const text = msg.text;
    if (text === undefined) return;
    log(`Text: ${text}`);
    if (!isStartCommand(text)) return;
    // #region readme-deep-link-start
    const payload = parseStartCommand(text)?.payload;
    if (payload === undefined) {
      log("No payload, or more than one chunk of payload");
      return;
    }
    log(`Payload: ${payload}`);
    const userId = keys.get(payload);
    if (userId === undefined) {
      log("Invalid key, no corresponding User ID");
      return;
    }
    chats.set(userId, chatId);
    log(`User ID: ${userId}`);
    // #endregion
    log(`chat_id: ${chatId}`);
  };
}

/** Starts the web app and the bot. */
export async function start(token: string, options: DeepLinkingOptions = {}): Promise<DeepLinking> {
  const log = options.log ?? consoleLog;
  const keys = options.keys ?? new Map([["ghijk", 123]]);
  const pageKey = options.pageKey ?? keys.keys().next().value;
  if (pageKey === undefined || !keys.has(pageKey)) throw new RangeError("pageKey must be one of the keys");
  const bot = new Bot(token, botOptions(options));
  const me = await bot.getMe().catch(async (error: unknown) => {
    await bot.dispose();
    throw error;
  });
  // startLink checks the username and the key (1-64 characters of A-Z a-z 0-9 _ -).
  // #region readme-deep-link
  const link = startLink(me.username ?? "", pageKey);
  // #endregion

  const queue = new UpdateQueue();
  const secretToken = options.secretToken ?? randomSecret();
  const onUpdate = fetchWebhook(queue, { secretToken });
  const app = new Hono();
  app.get("/link", (c) =>
    c.html(
      `<!doctype html>\n<title>Talk to @${me.username}</title>\n<a href="${link}">Open conversation with bot</a>\n`,
    ),
  );
  app.post(WEBHOOK_PATH, (c) => onUpdate(c.req.raw));

  const chats = new Map<number, number>();
  const handle = deepLinkHandler(keys, chats, log);
  const example = await runWebhook(
    bot,
    fetchServer(app.fetch),
    queue,
    handle,
    { ...options, secretToken },
    () => bot.dispose(),
  );
  return { ...example, chats };
}

if (import.meta.main) await runMain(start, webhookEnv());
