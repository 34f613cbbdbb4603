// Small HTTP helpers for the webhook examples: listen and close a node:http server, and serve a
// Fetch API handler (Hono's app.fetch) from node:http without another dependency.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { type ServerStop, stoppableServer } from "@telepot/async";

/** Where a webhook example listens and what it tells Telegram. */
export interface WebhookServerOptions {
  /** TCP port to listen on (default 0: any free port; the CLI uses PORT, else 8443). */
  readonly port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string;
  /**
   * The public HTTPS URL Telegram posts updates to, ending in the webhook path (`/webhook`).
   * Default `http://<host>:<port>/webhook`, which only a local Bot API server or the emulator can reach.
   */
  readonly publicUrl?: string;
  /** The secret token Telegram sends along (default: a random one). */
  readonly secretToken?: string;
}

/** The path the webhook examples receive updates on. */
export const WEBHOOK_PATH = "/webhook";

// Each listening server's stop switch (async's stoppableServer), installed by listen().
const switches = new WeakMap<Server, ServerStop>();

/** Starts `server` listening; resolves with its origin (`http://127.0.0.1:<port>`). */
export async function listen(server: Server, port = 0, host = "127.0.0.1"): Promise<string> {
  if (!switches.has(server)) switches.set(server, stoppableServer(server));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${shown}:${address.port}`;
}

/**
 * Stops the server without acknowledging anything more: new requests get 503 with
 * `Connection: close` (Telegram sends them again), those in progress finish, then every
 * connection is closed.
 */
export function closeServer(server: Server): Promise<void> {
  const stop = switches.get(server);
  if (stop !== undefined) return stop.stop();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A Fetch API request handler, as Hono's `app.fetch`. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  // The host only fills the URL's origin; routing uses the path.
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  return new Request(url, {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (response.body === null) {
    res.end();
    return;
  }
  for await (const chunk of response.body) res.write(chunk);
  res.end();
}

/** A node:http server answering every request with `handler` (a failure becomes a 500). */
export function fetchServer(handler: FetchHandler): Server {
  return createServer((req, res) => {
    Promise.resolve()
      .then(() => handler(toRequest(req)))
      .then((response) => send(res, response))
      .catch((error: unknown) => {
        console.error("The web handler failed:", error);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("Internal Server Error\n");
      });
  });
}
