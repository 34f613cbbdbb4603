// A webhook request handler for node:http (also Express, Fastify's raw req/res, Koa's ctx.req/res).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { UpdateQueue } from "./queue.js";
import {
  BAD_SECRET,
  enqueue,
  NOT_POST,
  SECRET_HEADER,
  TOO_LARGE,
  type WebhookAnswer,
  type WebhookOptions,
  webhookSettings,
} from "./webhook-common.js";

/** A node:http request listener. */
export type NodeWebhookHandler = (req: IncomingMessage, res: ServerResponse) => void;

function answer(res: ServerResponse, reply: WebhookAnswer, close: boolean): void {
  if (reply.status === 200) {
    res.writeHead(200, { "content-length": "0" }).end();
    return;
  }
  const headers: Record<string, string> = {
    "content-type": "text/plain; charset=utf-8",
    "content-length": String(Buffer.byteLength(reply.text)),
  };
  if (reply.status === 405) headers.allow = "POST";
  // Closing the connection is how a server stops reading a body it refuses.
  if (close) headers.connection = "close";
  res.writeHead(reply.status, headers).end(reply.text);
}

// With an inbox the answer waits for the commit of the update (a 200 only once it is stored).
function answerWhenQueued(res: ServerResponse, reply: WebhookAnswer | Promise<WebhookAnswer>): void {
  if (reply instanceof Promise) reply.then((settled) => answer(res, settled, false));
  else answer(res, reply, false);
}

// How many bytes of a refused body are read and dropped so that the 413 reaches the sender:
// closing a connection with unread bytes makes the OS send a reset, which can destroy the answer
// before the client reads it. A body larger than this is cut off (answer, then close) anyway.
const DRAIN_LIMIT = 16 << 20;

// Answers 413 with Connection: close once the rest of the body has been read and dropped (up to
// DRAIN_LIMIT; `seen` bytes were already read, or declared).
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, seen: number): void {
  if (seen > DRAIN_LIMIT || req.readableEnded) {
    answer(res, TOO_LARGE, true);
    req.resume();
    return;
  }
  let drained = 0;
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT) {
      req.off("data", onData);
      answer(res, TOO_LARGE, true);
    }
  };
  req.on("data", onData);
  req.once("end", () => {
    if (!res.headersSent) answer(res, TOO_LARGE, true);
  });
  req.resume();
}

/**
 * A node:http handler that feeds Telegram's webhook requests into `source`:
 * `http.createServer(nodeHttpWebhook(queue, { secretToken }))`. Answers 405 to other methods,
 * 401 to a wrong secret token (compared in constant time), 413 to bodies over maxBodySize (the
 * rest is read and dropped first, up to 16 MiB, so that the sender gets the answer), 400 to a body that is not an Update, 503 when the queue is full, and 200 as
 * soon as the update is queued (before any handler runs; with an inbox, once it is committed, and 500
 * if the commit failed). A body already parsed by a framework
 * (`req.body`) is used as is.
 */
export function nodeHttpWebhook(source: UpdateQueue, options?: WebhookOptions): NodeWebhookHandler {
  const { secretMatches, maxBodySize } = webhookSettings(options);
  return (req, res) => {
    if (req.method !== "POST") {
      answer(res, NOT_POST, false);
      req.resume();
      return;
    }
    const secret = req.headers[SECRET_HEADER];
    if (!secretMatches(Array.isArray(secret) ? secret[0] : secret)) {
      answer(res, BAD_SECRET, true);
      return;
    }
    const parsed = (req as IncomingMessage & { body?: unknown }).body;
    if (parsed !== undefined && req.readableEnded) {
      answerWhenQueued(res, enqueue(source, parsed as object));
      return;
    }
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > maxBodySize) {
      refuseTooLarge(req, res, Number(declared));
      return;
    }
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBodySize) {
        refused = true;
        first = undefined;
        chunks = undefined;
        refuseTooLarge(req, res, size);
        return;
      }
      if (first === undefined) {
        first = chunk;
      } else {
        chunks ??= [first];
        chunks.push(chunk);
      }
    });
    req.on("end", () => {
      if (refused) return;
      const body = chunks !== undefined ? Buffer.concat(chunks) : (first ?? Buffer.alloc(0));
      answerWhenQueued(res, enqueue(source, body.toString("utf8")));
    });
    req.on("error", () => {
      // The client went away mid-body: nothing was queued, Telegram will retry.
      refused = true;
    });
  };
}
