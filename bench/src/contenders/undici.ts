// The baseline: no framework. Outbound calls go straight through an undici keep-alive Pool with
// a JSON body; polling is a bare getUpdates loop with a per-chat promise chain; the webhook is a
// bare node:http handler that parses the JSON. This is the limit a library can approach.
import type { IncomingMessage, ServerResponse } from "node:http";
import { WEBHOOK_SECRET } from "../updates.ts";
import { serveLoopback } from "./http-server.ts";
import { type Contender, messageKey } from "./types.ts";

interface RawResponse {
  ok: boolean;
  result?: unknown;
  description?: string;
}

/** A minimal Bot API client on an undici Pool. */
async function rawClient(apiRoot: string, token: string) {
  const { Pool } = await import("undici");
  const pool = new Pool(apiRoot);
  const call = async (method: string, params: object): Promise<unknown> => {
    const response = await pool.request({
      method: "POST",
      path: `/bot${token}/${method}`,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(params),
    });
    const json = (await response.body.json()) as RawResponse;
    if (!json.ok) throw new Error(`${method} failed: ${json.description ?? response.statusCode}`);
    return json.result;
  };
  return { call, close: () => pool.close() };
}

/** The most updates the bare loop lets run at once before it stops fetching (grammY runner: 500). */
const MAX_IN_FLIGHT = 500;

/** Raw undici / node:http. */
export const undici: Contender = {
  id: "undici",
  label: "raw undici",
  packageName: "undici",
  importSpecifier: "undici",
  modules: ["undici"],
  notes: {
    outbound: "undici Pool.request, JSON body, keep-alive (no framework)",
    polling: "bare getUpdates loop on an undici Pool, per-chat promise chains, at most 500 in flight",
    webhook:
      "bare node:http handler: check the secret header, read body, JSON.parse, call the handler, answer 200",
    flood: "no limiter at all: all sends at once (shows what Telegram's limits do to a naive client)",
  },
  async sender({ apiRoot, token }) {
    const client = await rawClient(apiRoot, token);
    return {
      sendMessage: (chatId, text) => client.call("sendMessage", { chat_id: chatId, text }),
      close: client.close,
    };
  },
  async poll({ apiRoot, token }, handler) {
    const client = await rawClient(apiRoot, token);
    const tails = new Map<number, Promise<void>>();
    let inFlight = 0;
    let wake: (() => void) | undefined;
    let stopped = false;
    const dispatch = (chatId: number, sequence: number) => {
      inFlight++;
      let tail: Promise<void> | undefined;
      const run = async () => {
        try {
          await handler(chatId, sequence);
        } finally {
          inFlight--;
          if (tails.get(chatId) === tail) tails.delete(chatId);
          wake?.();
        }
      };
      const previous = tails.get(chatId);
      tail = previous ? previous.then(run) : run();
      tails.set(chatId, tail);
    };
    const loop = async () => {
      let offset = 0;
      while (!stopped) {
        while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        const updates = (await client.call("getUpdates", { offset, timeout: 30 })) as {
          update_id: number;
          message?: unknown;
        }[];
        for (const update of updates) {
          offset = update.update_id + 1;
          const key = messageKey(update.message);
          if (key) dispatch(key.chatId, key.sequence);
        }
      }
    };
    loop().catch((error: unknown) => {
      if (!stopped) console.error("raw polling failed:", error);
    });
    return {
      stop: async () => {
        stopped = true;
        await client.close();
      },
    };
  },
  async webhook(_endpoint, handler) {
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      if (req.headers["x-telegram-bot-api-secret-token"] !== WEBHOOK_SECRET) {
        res.writeHead(401, { "content-length": "0" }).end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.once("end", () => {
        let key: ReturnType<typeof messageKey>;
        try {
          key = messageKey(
            (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { message?: unknown }).message,
          );
        } catch {
          res.writeHead(400, { "content-length": "0" }).end();
          return;
        }
        const handled = key && handler(key.chatId, key.sequence);
        if (handled instanceof Promise) {
          handled.then(
            () => res.writeHead(200, { "content-length": "0" }).end(),
            () => res.writeHead(500, { "content-length": "0" }).end(),
          );
        } else {
          res.writeHead(200, { "content-length": "0" }).end();
        }
      });
    };
    return serveLoopback(listener, "/hook");
  },
  async floodSender(endpoint) {
    return this.sender(endpoint);
  },
};
