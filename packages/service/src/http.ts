// The service's HTTP server: the health endpoint, and in webhook mode Telegram's update POSTs.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { stoppableServer } from "@telepot/async";

/** The path of the health endpoint. */
export const HEALTH_PATH = "/healthz";

/** What the health endpoint reports. */
export interface HealthReport {
  /** "ok" while serving, "stopping" during a graceful stop (answered with 503). */
  readonly status: "ok" | "stopping";
  readonly app: string;
  readonly mode: "polling" | "webhook";
  /** Seconds since the service started. */
  readonly uptime: number;
  /** Updates handed to the bot so far. */
  readonly updates: number;
}

/** A listening server. */
export interface ServiceServer {
  readonly address: { readonly host: string; readonly port: number };
  /** Refuses new requests (503, Connection: close), waits for those in progress, closes every connection. */
  close(): Promise<void>;
}

/** Listens on host:port; GET /healthz reports `health()`, POSTs to `webhookPath` go to `webhook`. */
export async function listen(
  host: string,
  port: number,
  health: () => HealthReport,
  webhook?: { readonly path: string; readonly handle: (req: IncomingMessage, res: ServerResponse) => void },
): Promise<ServiceServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://service").pathname;
    if (path === HEALTH_PATH && (req.method === "GET" || req.method === "HEAD")) {
      const report = health();
      const body = `${JSON.stringify(report)}\n`;
      res.writeHead(report.status === "ok" ? 200 : 503, {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        "cache-control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    if (webhook && path === webhook.path) {
      webhook.handle(req, res);
      return;
    }
    req.resume();
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not Found\n");
  });
  const switch_ = stoppableServer(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const info = server.address() as AddressInfo;
  return {
    address: { host: info.address, port: info.port },
    // From here on nothing is acknowledged: new requests get 503, those in progress finish.
    close: () => switch_.stop(),
  };
}
