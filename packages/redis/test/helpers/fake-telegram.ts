// The fake Telegram of the fault test: serves getUpdates from a stream that releases updates over
// time (dropping what an offset confirms, as Telegram does), and records every handling report
// and sendMessage in arrival order.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "@telepot/core";

/** One record the workers reported. */
export interface Report {
  readonly id: number;
  readonly chat: number;
}

/** The fake Telegram server. */
export class FakeTelegram {
  /** Handling reports, in arrival order. */
  readonly handled: Report[] = [];
  /** Replies (sendMessage), in arrival order. */
  readonly replies: Report[] = [];
  /** Replies a re-run handler did not send because they were in flight at a fault (the journal). */
  readonly interrupted: Report[] = [];
  /** getUpdates calls per receiver name. */
  readonly polls = new Map<string, number>();
  readonly #polled: readonly Update[];
  #queue: Update[];
  #cutoff = 0;
  readonly #server: Server;

  /** Serves `polled` through getUpdates (released by {@link release}). */
  constructor(polled: readonly Update[]) {
    this.#polled = polled;
    this.#queue = [...polled];
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
        // "/handled" from the test's workers, "/bot<token>/sendMessage" from a Bot.
        const method = request.url?.split("/").pop();
        response.setHeader("content-type", "application/json");
        if (method === "getUpdates") {
          const offset = Number(body.offset);
          const name = String(body.receiver);
          this.polls.set(name, (this.polls.get(name) ?? 0) + 1);
          if (offset > 0) this.#queue = this.#queue.filter((u) => u.update_id >= offset);
          const available = this.#queue.filter((u) => u.update_id <= this.#cutoff).slice(0, 100);
          const send = () => response.end(JSON.stringify({ ok: true, result: available }));
          if (available.length === 0) setTimeout(send, 50);
          else send();
          return;
        }
        const report = { id: Number(body.id ?? body.text), chat: Number(body.chat ?? body.chat_id) };
        if (method === "handled") this.handled.push(report);
        else if (method === "sendMessage") this.replies.push(report);
        else if (method === "interrupted") this.interrupted.push(report);
        response.end(JSON.stringify({ ok: true, result: true }));
      });
    });
  }

  /** Makes the first `count` polled updates available to getUpdates (Telegram received them). */
  release(count: number): void {
    const last = this.#polled[Math.min(count, this.#polled.length) - 1];
    if (last) this.#cutoff = Math.max(this.#cutoff, last.update_id);
  }

  /** Updates still held by "Telegram" (not confirmed by an offset). */
  get unconfirmed(): number {
    return this.#queue.length;
  }

  /** Starts listening; answers the base URL. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Stops listening. */
  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
