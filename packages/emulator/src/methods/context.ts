// What a method handler gets, and how it says something beyond its result.
import type { Params } from "../spec/validate.js";
import type { RateLimiter } from "../state/rate-limit.js";
import type { WebhookSender } from "../state/webhook.js";
import type { BotRecord, World } from "../state/world.js";

/** The emulator's shared services, as handlers see them. */
export interface Services {
  world: World;
  /** Set when rate limits are enforced. */
  limiter: RateLimiter | undefined;
  /** The webhook sender of each bot that has a webhook. */
  webhooks: Map<number, WebhookSender>;
  /** Starts a webhook sender for a bot (the runtime knows how to call methods from its replies). */
  startWebhook(bot: BotRecord, config: WebhookConfig): void;
  /** Stops a bot's webhook sender, if any. */
  stopWebhook(bot: BotRecord): void;
}

/** A webhook as setWebhook configures it. */
export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  ipAddress?: string;
  hasCustomCertificate: boolean;
  allowedUpdates?: readonly string[];
}

/** One call of a method by a bot. */
export interface CallContext {
  services: Services;
  world: World;
  bot: BotRecord;
  /** The spec's name of the method. */
  method: string;
  /** Validated, converted parameters. */
  params: Params;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
}

/** A method's implementation: returns the `result`. */
export type Handler = (ctx: CallContext) => unknown;

/** A result that Telegram answers together with a `description` ("Webhook was set"). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}
