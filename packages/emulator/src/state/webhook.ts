// Delivers one bot's updates to its webhook: POST of each update as JSON, one at a time and in
// order, with the secret token header; a failed delivery is retried with a growing delay and
// recorded for getWebhookInfo. A JSON reply that names a `method` is executed, as Telegram does.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Update } from "@telepot/core";
import type { WebhookConfig } from "../methods/context.js";
import type { BotRecord } from "./world.js";

/** Timing of deliveries. */
export interface WebhookTiming {
  /** First retry delay after a failure; doubles up to maxRetryMs. */
  retryMs: number;
  maxRetryMs: number;
  /** How long one POST may take. */
  timeoutMs: number;
}

/** Runs a method named in a webhook reply. */
export type ReplyExecutor = (
  bot: BotRecord,
  method: string,
  params: Record<string, unknown>,
) => Promise<void>;

/** The delivery loop of one bot's webhook. */
export class WebhookSender {
  lastErrorDate: number | undefined;
  lastErrorMessage: string | undefined;
  private running = false;
  private stopped = false;
  private readonly abort = new AbortController();
  private readonly unsubscribe: () => void;
  private wakeSleep: (() => void) | undefined;

  constructor(
    private readonly bot: BotRecord,
    readonly config: WebhookConfig,
    private readonly timing: WebhookTiming,
    private readonly execute: ReplyExecutor,
    private readonly now: () => number,
  ) {
    this.unsubscribe = bot.updates.onPush(() => this.kick());
    this.kick();
  }

  /** Stops delivering (the webhook was deleted or replaced). */
  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    this.abort.abort();
    this.wakeSleep?.();
  }

  /** Starts the delivery loop unless it runs already. */
  private kick(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.run().finally(() => {
      this.running = false;
    });
  }

  private async run(): Promise<void> {
    let delay = this.timing.retryMs;
    while (!this.stopped) {
      const [update] = this.bot.updates.peek(1);
      if (!update) return;
      const error = await this.deliver(update);
      if (this.stopped) return;
      if (error === undefined) {
        this.bot.updates.confirm(update.update_id + 1);
        delay = this.timing.retryMs;
        continue;
      }
      this.lastErrorDate = Math.floor(this.now() / 1000);
      this.lastErrorMessage = error;
      await this.sleep(delay);
      delay = Math.min(delay * 2, this.timing.maxRetryMs);
    }
  }

  /** POSTs one update; returns an error message, or undefined on success. */
  private async deliver(update: Update): Promise<string | undefined> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.config.secretToken) headers["x-telegram-bot-api-secret-token"] = this.config.secretToken;
    let answer: { status: number; statusText: string; body: string };
    try {
      answer = await post(
        this.config.url,
        headers,
        JSON.stringify(update),
        this.timing.timeoutMs,
        this.abort.signal,
      );
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "ECONNREFUSED") return "Connection refused";
      if (code === "TIMEOUT") return "Read timeout expired";
      return `Connection failed: ${code ?? (e as Error).message}`;
    }
    if (answer.status < 200 || answer.status > 299) {
      return `Wrong response from the webhook: ${answer.status} ${answer.statusText}`;
    }
    await this.runReply(answer.body);
    return undefined;
  }

  private async runReply(body: string): Promise<void> {
    if (!body.trim().startsWith("{")) return;
    try {
      const reply = JSON.parse(body) as Record<string, unknown>;
      if (typeof reply.method !== "string") return;
      const { method, ...params } = reply;
      await this.execute(this.bot, method, params);
    } catch {
      // A reply Telegram cannot run is dropped silently: the update still counts as delivered.
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleep = done;
    });
  }
}

/**
 * One POST with node:http(s) rather than fetch: fetch refuses ports it deems unsafe, and a local
 * webhook may listen on any port.
 */
function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<{ status: number; statusText: string; body: string }> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith("https:") ? httpsRequest : httpRequest;
    const req = send(
      url,
      { method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) }, signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? "",
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.on("error", reject);
    req.end(body);
  });
}
