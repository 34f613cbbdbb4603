// Starts the fake Bot API server (test/fixtures/fake-api.mjs) in its own worker thread and talks
// to it by messages. Its thread keeps answering while the test's thread blocks in a call.
import { Worker } from "node:worker_threads";

export const TOKEN = "123456789:AAE-secret-token-never-shown";

/** One API call as the server received it. */
export interface ApiCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly files?: Record<string, { filename: string; type: string; text: string }>;
}

/** What the server has seen. */
export interface Seen {
  readonly calls: ApiCall[];
  /** The offset of every getUpdates. */
  readonly offsets: number[];
  /** The update_ids still queued (not confirmed). */
  readonly pending: number[];
}

/** A running fake server. */
export interface FakeApi {
  readonly apiRoot: string;
  /** Queues updates (update_id assigned in order), now or after `delay` ms. */
  push(payloads: object[], delay?: number): Promise<void>;
  /** Each message the bot sends to `chatId` makes the next of `payloads` arrive as an update. */
  replies(chatId: number, payloads: object[]): Promise<void>;
  /** The next `n` getUpdates calls fail with a 500. */
  failPolls(n: number): Promise<void>;
  seen(): Promise<Seen>;
  /** Every sendMessage as [chat_id, text]. */
  sent(): Promise<[unknown, unknown][]>;
  close(): Promise<void>;
}

let ids = 0;

/** Starts a fake server on 127.0.0.1. */
export async function startFakeApi(): Promise<FakeApi> {
  const worker = new Worker(new URL("../fixtures/fake-api.mjs", import.meta.url), {
    workerData: { token: TOKEN },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once("error", reject);
    worker.on("message", (m: { type: string; port?: number }) => {
      if (m.type === "listening") resolve(m.port as number);
    });
  });
  const ask = <T>(message: Record<string, unknown>): Promise<T> => {
    const id = ++ids;
    return new Promise<T>((resolve) => {
      const onMessage = (m: { id?: number }) => {
        if (m.id !== id) return;
        worker.off("message", onMessage);
        resolve(m as T);
      };
      worker.on("message", onMessage);
      worker.postMessage({ ...message, id });
    });
  };
  const api: FakeApi = {
    apiRoot: `http://127.0.0.1:${port}`,
    push: async (payloads, delay) => {
      await ask({ type: "push", payloads, delay });
    },
    replies: async (chatId, payloads) => {
      await ask({ type: "replies", chatId, payloads });
    },
    failPolls: async (n) => {
      await ask({ type: "failPolls", n });
    },
    seen: () => ask<Seen>({ type: "calls" }),
    sent: async () =>
      (await api.seen()).calls
        .filter((c) => c.method === "sendMessage")
        .map((c) => [c.params.chat_id, c.params.text]),
    close: async () => {
      worker.postMessage({ type: "close" });
      await new Promise((resolve) => worker.once("exit", resolve));
    },
  };
  return api;
}

/** A private text message from user `chatId`. */
export function text(chatId: number, body: string, messageId = 1): { message: object } {
  return {
    message: {
      message_id: messageId,
      from: { id: chatId, is_bot: false, first_name: "Nick" },
      chat: { id: chatId, type: "private", first_name: "Nick" },
      date: 1444723969,
      text: body,
    },
  };
}

/** An inline query from user `userId`. */
export function inlineQuery(userId: number, query: string, id = `q-${query}`): { inline_query: object } {
  return {
    inline_query: { id, from: { id: userId, is_bot: false, first_name: "Nick" }, query, offset: "" },
  };
}
