// Telegraf 4.x: telegram.sendMessage (node-fetch; for an http: apiRoot Telegraf drops its own
// agent and uses Node's global http agent, which keeps connections alive since Node 19),
// bot.launch() polling and bot.webhookCallback() for node:http.
import { createServer } from "node:http";
import { WEBHOOK_SECRET } from "../updates.ts";
import { listenLoopback } from "./http-server.ts";
import { type Contender, type MessageHandler, messageKey, NotAvailable } from "./types.ts";

async function newBot(apiRoot: string, token: string) {
  const { Telegraf } = await import("telegraf");
  return new Telegraf(token, { telegram: { apiRoot } });
}

function route(handler: MessageHandler) {
  return (message: unknown) => {
    const key = messageKey(message);
    return key ? handler(key.chatId, key.sequence) : undefined;
  };
}

/** Telegraf with its own polling loop and webhook callback. */
export const telegraf: Contender = {
  id: "telegraf",
  label: "Telegraf",
  packageName: "telegraf",
  importSpecifier: "telegraf",
  modules: ["telegraf"],
  notes: {
    outbound: "bot.telegram.sendMessage; Node's global keep-alive agent (Telegraf ignores agent for http:)",
    polling: "bot.launch(): each getUpdates batch handled with Promise.all (no per-chat ordering)",
    webhook: "bot.webhookCallback('/hook', { secretToken }) on node:http",
    flood: "none built in",
  },
  async sender({ apiRoot, token }) {
    const bot = await newBot(apiRoot, token);
    return {
      sendMessage: (chatId, text) => bot.telegram.sendMessage(chatId, text),
      close: async () => {},
    };
  },
  async poll({ apiRoot, token }, handler) {
    const bot = await newBot(apiRoot, token);
    const deliver = route(handler);
    bot.on("message", (ctx) => deliver(ctx.message));
    // launch() settles only when the bot stops, so it is not awaited.
    bot.launch().catch((error: unknown) => console.error("telegraf polling failed:", error));
    return { stop: async () => bot.stop() };
  },
  async webhook({ apiRoot, token }, handler) {
    const bot = await newBot(apiRoot, token);
    const deliver = route(handler);
    bot.on("message", (ctx) => deliver(ctx.message));
    return listenLoopback(
      createServer(bot.webhookCallback("/hook", { secretToken: WEBHOOK_SECRET })),
      "/hook",
    );
  },
  async floodSender() {
    throw new NotAvailable("no built-in flood control");
  },
};
