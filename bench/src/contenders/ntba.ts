// node-telegram-bot-api 2.x (a from-scratch rewrite on fetch): bot.api.sendMessage over Node's
// global fetch (undici, keep-alive by default), bot.startPolling() and createWebhookServer().
import { WEBHOOK_SECRET } from "../updates.ts";
import { listenLoopback } from "./http-server.ts";
import { type Contender, type MessageHandler, messageKey } from "./types.ts";

function route(handler: MessageHandler) {
  return (message: unknown) => {
    const key = messageKey(message);
    return key ? handler(key.chatId, key.sequence) : undefined;
  };
}

/** node-telegram-bot-api v2. */
export const ntba: Contender = {
  id: "ntba",
  label: "node-telegram-bot-api",
  packageName: "node-telegram-bot-api",
  importSpecifier: "node-telegram-bot-api",
  modules: ["node-telegram-bot-api", "node-telegram-bot-api/node"],
  notes: {
    outbound: "bot.api.sendMessage; global fetch (undici keep-alive)",
    polling: "bot.startPolling(): one update at a time",
    webhook: "createWebhookServer(bot, { path, secretToken }) from node-telegram-bot-api/node",
    flood: "rateLimit: { global: 30, perChat: 1 } (its opt-in limiter) and its default 429 retries",
  },
  async sender({ apiRoot, token }) {
    const { Bot } = await import("node-telegram-bot-api");
    const bot = new Bot(token, { apiRoot });
    return {
      sendMessage: (chatId, text) => bot.api.sendMessage({ chat_id: chatId, text }),
      close: async () => {},
    };
  },
  async poll({ apiRoot, token }, handler) {
    const { Bot } = await import("node-telegram-bot-api");
    const bot = new Bot(token, { apiRoot });
    const deliver = route(handler);
    bot.on("message", (ctx) => deliver(ctx.message));
    bot.startPolling().catch((error: unknown) => console.error("ntba polling failed:", error));
    return { stop: async () => bot.stop() };
  },
  async webhook({ apiRoot, token }, handler) {
    const { Bot } = await import("node-telegram-bot-api");
    const { createWebhookServer } = await import("node-telegram-bot-api/node");
    const bot = new Bot(token, { apiRoot });
    const deliver = route(handler);
    bot.on("message", (ctx) => deliver(ctx.message));
    return listenLoopback(createWebhookServer(bot, { path: "/hook", secretToken: WEBHOOK_SECRET }), "/hook");
  },
  async floodSender({ apiRoot, token }) {
    const { Bot } = await import("node-telegram-bot-api");
    const bot = new Bot(token, { apiRoot, rateLimit: { global: 30, perChat: 1 } });
    return {
      sendMessage: (chatId, text) => bot.api.sendMessage({ chat_id: chatId, text }),
      close: async () => {},
    };
  },
};
