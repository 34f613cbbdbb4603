// Stopping a node:http server that receives webhooks without acknowledging anything once the stop
// has begun. server.close() alone stops new connections but keeps serving requests that come on
// open keep-alive connections, and each 200 is an update Telegram will not send again, which a
// process about to exit may never handle. So from the stop on: every new request is refused with
// 503 and `Connection: close` (Telegram delivers it again later), requests already being served
// finish (and their connections close after them), and then every connection is closed.
import type { IncomingMessage, Server, ServerResponse } from "node:http";

/** The answer to a request that comes while the server stops. */
const STOPPING_TEXT = "Service Unavailable: stopping\n";

/** A server's stop switch, from {@link stoppableServer}. */
export interface ServerStop {
  /** True once {@link stop} was called. */
  readonly stopping: boolean;
  /**
   * Refuses new requests (503, `Connection: close`), waits for the requests in progress (at most
   * `graceMs`, default 10 000), closes every connection and the server, then resolves.
   */
  stop(graceMs?: number): Promise<void>;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts `server`'s request listeners behind a stop switch. Call it once, after the request
 * handler is attached (`createServer(handler)`) and before the server gets requests.
 */
export function stoppableServer(server: Server): ServerStop {
  const listeners = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  const inProgress = new Set<ServerResponse>();
  let stopping = false;
  let closed: Promise<void> = Promise.resolve();
  let idle: (() => void) | undefined;
  const settle = (res: ServerResponse) => {
    inProgress.delete(res);
    if (!stopping) return;
    // Its connection ends after this response (the header below), or sits idle: close idle ones.
    server.closeIdleConnections();
    if (inProgress.size === 0) idle?.();
  };
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (stopping) {
      refuse(req, res);
      return;
    }
    inProgress.add(res);
    res.once("close", () => settle(res));
    for (const listener of listeners) listener.call(server, req, res);
  });
  return {
    get stopping() {
      return stopping;
    },
    stop(graceMs = 10_000) {
      if (stopping) return closed;
      stopping = true;
      // Responses not yet begun tell their clients that this connection ends with them.
      for (const res of inProgress) if (!res.headersSent) res.setHeader("connection", "close");
      closed = new Promise<void>((resolve) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const finish = () => {
          idle = undefined;
          if (timer !== undefined) clearTimeout(timer);
          server.closeAllConnections();
        };
        server.close(() => resolve());
        server.closeIdleConnections();
        if (inProgress.size === 0) finish();
        else {
          idle = finish;
          timer = setTimeout(finish, graceMs);
          timer.unref?.();
        }
      });
      return closed;
    },
  };
}

// 503 with Connection: close; the body is read (and dropped) so that closing sends no reset.
function refuse(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res.writeHead(503, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": String(Buffer.byteLength(STOPPING_TEXT)),
    connection: "close",
    "retry-after": "1",
  });
  res.end(STOPPING_TEXT);
}
