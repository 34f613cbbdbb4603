// telepot for TypeScript (@telepot/async). Our packages are written alongside the benchmark, so
// this adapter checks at run time that each API it needs exists and reports "n/a" with the
// reason otherwise. Types are declared here structurally for the same reason.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type RequestListener } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WEBHOOK_SECRET } from "../updates.ts";
import { listenLoopback } from "./http-server.ts";
import { type Contender, type Endpoint, type MessageHandler, messageKey, NotAvailable } from "./types.ts";

const ASYNC_PACKAGE = "@telepot/async";
const SQLITE_PACKAGE = "@telepot/sqlite";

/** The part of the async Bot the benchmark uses. */
interface TelepotBot {
  sendMessage(chatId: number, text: string): Promise<unknown>;
  messageLoop?(handler: (payload: unknown) => unknown, options?: object): { stop(): Promise<void> };
  dispose?(): Promise<void>;
}

type BotConstructor = new (token: string, options: object) => TelepotBot;
type QueueConstructor = new (options?: object) => object;
type NodeWebhook = (queue: object, options: { secretToken: string }) => RequestListener;

async function loadAsync(): Promise<Record<string, unknown>> {
  try {
    const specifier: string = ASYNC_PACKAGE;
    return (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    throw new NotAvailable(`${ASYNC_PACKAGE} cannot be imported: ${(error as Error).message}`);
  }
}

async function newBot({ apiRoot, token }: Endpoint, options: object = {}, loaded?: Record<string, unknown>) {
  const module = loaded ?? (await loadAsync());
  if (typeof module.Bot !== "function") throw new NotAvailable(`${ASYNC_PACKAGE} does not export Bot yet`);
  return new (module.Bot as BotConstructor)(token, { apiRoot, ...options });
}

function route(handler: MessageHandler) {
  return (message: unknown) => {
    const key = messageKey(message);
    return key ? handler(key.chatId, key.sequence) : undefined;
  };
}

async function startLoop(endpoint: Endpoint, handler: MessageHandler, options: object) {
  const bot = await newBot(endpoint);
  if (typeof bot.messageLoop !== "function") throw new NotAvailable("Bot.messageLoop is not available yet");
  const loop = bot.messageLoop(route(handler), options);
  return { stop: () => loop.stop() };
}

/** A webhook server feeding a message loop through an UpdateQueue made with `queueOptions`. */
async function startWebhook(endpoint: Endpoint, handler: MessageHandler, queueOptions: object = {}) {
  const module = await loadAsync();
  const { UpdateQueue, nodeHttpWebhook } = module as {
    UpdateQueue?: QueueConstructor;
    nodeHttpWebhook?: NodeWebhook;
  };
  if (typeof UpdateQueue !== "function" || typeof nodeHttpWebhook !== "function") {
    throw new NotAvailable("UpdateQueue / nodeHttpWebhook are not exported yet");
  }
  const bot = await newBot(endpoint, {}, module);
  if (typeof bot.messageLoop !== "function") throw new NotAvailable("Bot.messageLoop is not available yet");
  const queue = new UpdateQueue(queueOptions);
  const loop = bot.messageLoop(route(handler), { source: queue });
  const target = await listenLoopback(
    createServer(nodeHttpWebhook(queue, { secretToken: WEBHOOK_SECRET })),
    "/hook",
  );
  return {
    ...target,
    close: async () => {
      await Promise.all([target.close(), loop.stop()]);
    },
  };
}

/** telepot (this project). */
export const telepot: Contender = {
  id: "telepot",
  label: "telepot",
  packageName: "@telepot/async",
  importSpecifier: ASYNC_PACKAGE,
  modules: [ASYNC_PACKAGE],
  notes: {
    outbound: "bot.sendMessage(chatId, text); default Bot (undici keep-alive)",
    polling:
      "bot.messageLoop(handler): defaults (concurrency 100, one update at a time per chat; at-least-once: " +
      "an update is confirmed to the server only after its handler finished)",
    webhook:
      "http.createServer(nodeHttpWebhook(queue, { secretToken })) + bot.messageLoop(handler, { source: queue }), defaults " +
      "(update_id order restored; answers 200 once the update is queued, before the handler runs)",
    flood: "new Bot(token, { floodControl: true })",
  },
  async sender(endpoint) {
    const bot = await newBot(endpoint);
    return {
      sendMessage: (chatId, text) => bot.sendMessage(chatId, text),
      close: async () => {
        await bot.dispose?.();
      },
    };
  },
  poll: (endpoint, handler) => startLoop(endpoint, handler, {}),
  webhook: (endpoint, handler) => startWebhook(endpoint, handler),
  async floodSender(endpoint) {
    const bot = await newBot(endpoint, { floodControl: true });
    return {
      sendMessage: (chatId, text) => bot.sendMessage(chatId, text),
      close: async () => {
        await bot.dispose?.();
      },
    };
  },
};

/**
 * telepot's polling loop with the documented `delivery: "at-most-once"` option: updates are
 * confirmed as soon as they are fetched, the guarantee grammY's runner gives, so this row (not the
 * default's) is the like-for-like comparison with it. Polling only: elsewhere it is the default Bot.
 */
export const telepotAtMostOnce: Contender = {
  ...telepot,
  id: "telepot-amo",
  label: "telepot, at-most-once",
  scenarios: ["polling"],
  notes: {
    polling:
      'bot.messageLoop(handler, { delivery: "at-most-once" }): confirms updates on fetch like grammY\'s runner ' +
      "(updates in flight when the process dies are lost); otherwise defaults",
  },
  poll: (endpoint, handler) => startLoop(endpoint, handler, { delivery: "at-most-once" }),
};

/** The part of SqliteInbox the benchmark uses. */
interface BenchInbox {
  close(): void;
}

/** Opens a SQLite inbox in a fresh temporary file; its remover deletes the directory. */
async function openInbox(): Promise<{ inbox: BenchInbox; remove: () => void }> {
  let module: Record<string, unknown>;
  try {
    const specifier: string = SQLITE_PACKAGE;
    module = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    throw new NotAvailable(`${SQLITE_PACKAGE} cannot be imported: ${(error as Error).message}`);
  }
  const open = (module.SqliteInbox as { open?: (path: string) => BenchInbox } | undefined)?.open;
  if (typeof open !== "function") throw new NotAvailable("SqliteInbox is not exported yet");
  const dir = mkdtempSync(join(tmpdir(), "telepot-bench-inbox-"));
  return { inbox: open(join(dir, "inbox.db")), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * telepot's polling loop with a durable inbox (@telepot/sqlite, a file in the temporary directory,
 * WAL, synchronous=NORMAL): each fetched batch is committed and then confirmed; a kill -9 loses no
 * confirmed update (the updates in flight are handled again by the next process). Polling only.
 */
export const telepotDurable: Contender = {
  ...telepot,
  id: "telepot-durable",
  label: "telepot, durable (SQLite inbox)",
  scenarios: ["polling", "webhook"],
  modules: [ASYNC_PACKAGE, SQLITE_PACKAGE],
  notes: {
    polling:
      "bot.messageLoop(handler, { inbox: SqliteInbox.open(file) }): each batch committed to the inbox (WAL, " +
      "synchronous=NORMAL) then confirmed; marked done when its handler settled (a kill -9 loses nothing confirmed)",
    webhook:
      "new UpdateQueue({ inbox: SqliteInbox.open(file) }): each update committed to the inbox before the 200; " +
      "marked done when its handler settled (a kill -9 loses nothing acknowledged)",
  },
  async webhook(endpoint, handler) {
    const { inbox, remove } = await openInbox();
    const target = await startWebhook(endpoint, handler, { inbox });
    return {
      ...target,
      close: async () => {
        await target.close();
        inbox.close();
        remove();
      },
    };
  },
  async poll(endpoint, handler) {
    const { inbox, remove } = await openInbox();
    const loop = await startLoop(endpoint, handler, { inbox });
    return {
      stop: async () => {
        await loop.stop();
        inbox.close();
        remove();
      },
    };
  },
};
