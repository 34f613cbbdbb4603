// Listening helpers shared by the adapters' webhook servers.
import type { RequestListener, Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebhookTarget } from "./types.ts";

/** Listens on an ephemeral 127.0.0.1 port and describes the server as a webhook target. */
export async function listenLoopback(server: Server, path: string): Promise<WebhookTarget> {
  // Keep connections from the load generator open, as a reverse proxy in front of a bot would.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    path,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A node:http server around a request listener, listening on 127.0.0.1. */
export function serveLoopback(listener: RequestListener, path: string): Promise<WebhookTarget> {
  return listenLoopback(createServer(listener), path);
}
