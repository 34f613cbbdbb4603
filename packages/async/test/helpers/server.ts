// A fake Bot API server on 127.0.0.1 (port 0) that records every request it receives.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server received it. */
export interface Received {
  readonly httpMethod: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What the handler answers: a JSON value, a raw reply, or "destroy" to cut the connection. */
export type Answer = { status?: number; json?: unknown; text?: string; bytes?: Uint8Array } | "destroy";

/** Decides the answer to a request; the default answers {ok: true, result: true}. */
export type Handler = (request: Received, res: ServerResponse) => Answer | Promise<Answer>;

/** A running fake server. */
export interface FakeServer {
  url: string;
  readonly received: Received[];
  handler: Handler;
  close(): Promise<void>;
}

/** Starts a fake server; `handler` may be replaced later. */
export async function startServer(
  handler: Handler = () => ({ json: { ok: true, result: true } }),
  port = 0,
): Promise<FakeServer> {
  const received: Received[] = [];
  const state: FakeServer = {
    url: "",
    received,
    handler,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: Received = {
      httpMethod: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    received.push(request);
    const answer = await state.handler(request, res);
    if (answer === "destroy") {
      req.socket.destroy();
      return;
    }
    if (res.headersSent) return;
    if (answer.json !== undefined) {
      res.writeHead(answer.status ?? 200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.json));
    } else {
      const payload = answer.bytes ?? Buffer.from(answer.text ?? "");
      res.writeHead(answer.status ?? 200, { "content-type": "text/plain", "content-length": payload.length });
      res.end(payload);
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** The JSON body of a received request. */
export function jsonOf(request: Received): unknown {
  return JSON.parse(request.body.toString("utf8"));
}

/** The multipart body of a received request, parsed by the platform's FormData. */
export async function formOf(request: Received): Promise<FormData> {
  const type = String(request.headers["content-type"]);
  return new Response(new Uint8Array(request.body), { headers: { "content-type": type } }).formData();
}

/** The Bot API method a request called (the last path segment). */
export function methodOf(request: Received): string {
  return request.path.slice(request.path.lastIndexOf("/") + 1);
}
