// A fake Bot API server on 127.0.0.1 for the conversation examples: records every call (method and
// JSON parameters), answers send* calls with a Message and everything else with true, and serves
// getUpdates from a queue (a poll with nothing to give waits until updates arrive or it times out).
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One API call as the server received it. */
export interface ApiCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
}

/** The running server. */
export interface ConversationServer {
  readonly url: string;
  readonly calls: ApiCall[];
  /** Every sendMessage as [chat_id, text]. */
  sent(): [unknown, unknown][];
  /** Queues updates for getUpdates (update_id assigned in order). */
  push(...payloads: object[]): void;
  /** Resolves once `n` calls of `method` were received. */
  waitFor(method: string, n: number): Promise<void>;
  close(): Promise<void>;
}

export const TOKEN = "123456:TEST-token-never-shown";

/** Starts the server. */
export async function startConversationServer(): Promise<ConversationServer> {
  const calls: ApiCall[] = [];
  const updates: { update_id: number }[] = [];
  let nextUpdate = 1;
  let nextMessage = 1000;
  let poller: { res: ServerResponse; offset: number; timer: ReturnType<typeof setTimeout> } | undefined;
  const watchers: { method: string; n: number; resolve: () => void }[] = [];

  const answerPoll = () => {
    if (poller === undefined) return;
    const ready = updates.filter((u) => u.update_id >= poller!.offset);
    const { res, timer } = poller;
    poller = undefined;
    clearTimeout(timer);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, result: ready }));
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = (req.url ?? "").split("/").at(-1) ?? "";
    if (!(req.url ?? "").startsWith(`/bot${TOKEN}/`)) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" }));
      return;
    }
    const body = Buffer.concat(chunks).toString("utf8");
    const params = (body === "" ? {} : JSON.parse(body)) as Record<string, unknown>;
    if (method === "getUpdates") {
      const offset = typeof params.offset === "number" ? params.offset : 0;
      for (let i = updates.length - 1; i >= 0; i--)
        if ((updates[i] as { update_id: number }).update_id < offset) updates.splice(i, 1);
      poller = {
        res,
        offset,
        timer: setTimeout(answerPoll, Math.min(Number(params.timeout ?? 0), 1) * 1000),
      };
      if (updates.length > 0) answerPoll();
      return;
    }
    calls.push({ method, params });
    for (const w of watchers.splice(0)) {
      if (calls.filter((c) => c.method === w.method).length >= w.n) w.resolve();
      else watchers.push(w);
    }
    const result = method.startsWith("send")
      ? {
          message_id: nextMessage++,
          date: 0,
          chat: { id: params.chat_id, type: "private" },
          text: params.text,
        }
      : true;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, result }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    sent: () => calls.filter((c) => c.method === "sendMessage").map((c) => [c.params.chat_id, c.params.text]),
    push(...payloads) {
      for (const p of payloads) updates.push({ update_id: nextUpdate++, ...p });
      answerPoll();
    },
    waitFor(method, n) {
      if (calls.filter((c) => c.method === method).length >= n) return Promise.resolve();
      return new Promise((resolve) => watchers.push({ method, n, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        answerPoll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let nextId = 1;

/** A text message in a private chat (or a group for negative ids), from user `from`. */
export function message(chatId: number, text: string | undefined, from = chatId, extra: object = {}) {
  const id = nextId++;
  return {
    message_id: id,
    date: 1_700_000_000 + id,
    chat: { id: chatId, type: chatId < 0 ? "group" : "private" },
    from: { id: from, is_bot: false, first_name: "U" },
    ...(text === undefined ? { sticker: { file_id: "s" } } : { text }),
    ...extra,
  };
}

/** An inline query. */
export function inlineQuery(userId: number, query: string) {
  return { id: `iq${nextId++}`, from: { id: userId, is_bot: false, first_name: "U" }, query, offset: "" };
}

/** A chosen inline result. */
export function chosenResult(userId: number) {
  return { result_id: "abc", from: { id: userId, is_bot: false, first_name: "U" }, query: "q" };
}
