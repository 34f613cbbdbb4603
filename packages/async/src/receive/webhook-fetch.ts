// A webhook handler for the Fetch API: (Request) => Promise<Response>, for Hono, Bun.serve,
// Deno.serve, workers, or Node through an adapter.
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

/** The answer for a body that could not be read whole. */
const TRUNCATED: WebhookAnswer = { status: 400, text: "Bad Request: the body was cut short\n" };

/** A Fetch API request handler. */
export type FetchWebhookHandler = (request: Request) => Promise<Response>;

function respond(reply: WebhookAnswer): Response {
  if (reply.status === 200) return new Response(null, { status: 200 });
  const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
  if (reply.status === 405) headers.allow = "POST";
  return new Response(reply.text, { status: reply.status, headers });
}

// Reads at most `limit` bytes; undefined (and the stream cancelled) if the body is longer.
async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<string | undefined> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    parts.push(value);
  }
  const decoder = new TextDecoder();
  if (parts.length === 1) return decoder.decode(parts[0]);
  const all = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.byteLength;
  }
  return decoder.decode(all);
}

/**
 * A Fetch API handler that feeds Telegram's webhook requests into `source`:
 * `app.post("/telegram", (c) => onRequest(c.req.raw))` (Hono), `Bun.serve({ fetch: onRequest })`.
 * The same answers as {@link nodeHttpWebhook}: 405, 401 (constant-time secret check), 413 (the
 * rest of the body is not read), 400 (also for a body cut short), 503, and 200 as soon as the update is queued
 * (with an inbox: committed, and 500 if the commit failed).
 */
export function fetchWebhook(source: UpdateQueue, options?: WebhookOptions): FetchWebhookHandler {
  const { secretMatches, maxBodySize } = webhookSettings(options);
  return async (request) => {
    if (request.method !== "POST") return respond(NOT_POST);
    if (!secretMatches(request.headers.get(SECRET_HEADER))) return respond(BAD_SECRET);
    const declared = request.headers.get("content-length");
    if (declared !== null && Number(declared) > maxBodySize) {
      await request.body?.cancel().catch(() => {});
      return respond(TOO_LARGE);
    }
    let text: string | undefined;
    try {
      text = request.body === null ? "" : await readLimited(request.body, maxBodySize);
    } catch {
      // The body was cut short (the client went away, a broken chunk): nothing was queued.
      return respond(TRUNCATED);
    }
    if (text === undefined) return respond(TOO_LARGE);
    return respond(await enqueue(source, text));
  };
}
