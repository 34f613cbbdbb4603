// grammY 1.x: the Bot's api client (node-fetch with grammY's own keep-alive http.Agent for an
// http: API root), the @grammyjs/runner with sequentialize per chat for polling (grammY's
// documented way to scale long polling), and webhookCallback(bot, "http") for node:http.
import { createServer } from "node:http";
import { WEBHOOK_SECRET } from "../updates.ts";
import { listenLoopback } from "./http-server.ts";
import { type Contender, type MessageHandler, messageKey, NotAvailable } from "./types.ts";

async function newBot(apiRoot: string, token: string) {
  const { Bot } = await import("grammy");
  // apiRoot is grammY's documented option for a local Bot API server; the keep-alive agent is its
  // default for http: roots (platform.node baseFetchConfig), so nothing needs to be added.
  return new Bot(token, { client: { apiRoot } });
}

function route(handler: MessageHandler) {
  return (message: unknown) => {
    const key = messageKey(message);
    return key ? handler(key.chatId, key.sequence) : undefined;
  };
}

/** grammY with its runner. */
export const grammy: Contender = {
  id: "grammy",
  label: "grammY",
  packageName: "grammy",
  importSpecifier: "grammy",
  modules: ["grammy", "@grammyjs/runner"],
  notes: {
    outbound: "bot.api.sendMessage; default client (node-fetch, keep-alive http.Agent)",
    polling: "@grammyjs/runner run(bot) with sequentialize(chat id), default concurrency 500",
    webhook: 'webhookCallback(bot, "http", { secretToken }) on node:http',
    flood: "none built in (needs the transformer-throttler and auto-retry plugins)",
  },
  async sender({ apiRoot, token }) {
    const bot = await newBot(apiRoot, token);
    return {
      sendMessage: (chatId, text) => bot.api.sendMessage(chatId, text),
      close: async () => {},
    };
  },
  async poll({ apiRoot, token }, handler) {
    const bot = await newBot(apiRoot, token);
    const { run, sequentialize } = await import("@grammyjs/runner");
    const deliver = route(handler);
    bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
    bot.on("message", (ctx) => deliver(ctx.message));
    const runner = run(bot);
    return { stop: () => runner.stop() };
  },
  async webhook({ apiRoot, token }, handler) {
    const bot = await newBot(apiRoot, token);
    const { webhookCallback } = await import("grammy");
    const deliver = route(handler);
    bot.on("message", (ctx) => deliver(ctx.message));
    return listenLoopback(
      createServer(webhookCallback(bot, "http", { secretToken: WEBHOOK_SECRET })),
      "/hook",
    );
  },
  async floodSender() {
    throw new NotAvailable(
      "no built-in flood control (the throttler/auto-retry plugins are separate packages)",
    );
  },
};
