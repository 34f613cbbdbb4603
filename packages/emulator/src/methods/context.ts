// What a method handler gets, and how it says something beyond its result.
import type { MethodName, MethodParams, MethodResults } from "@telepot/core";
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

/** One call of a method by a bot; `M` is the method (or the methods a shared handler serves). */
export interface CallContext<M extends MethodName = MethodName> {
  services: Services;
  world: World;
  bot: BotRecord;
  /** The spec's name of the method. */
  method: M;
  /**
   * Validated, converted parameters, typed by the generated parameter type of the method (an
   * InputFile arrives as an Upload; any name may still be read, for handlers that share code).
   */
  params: Params & Partial<MethodParams[M]>;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
}

/** What a handler of `M` returns: the generated result type of the method, maybe described or awaited. */
export type HandlerResult<M extends MethodName> =
  | MethodResults[M]
  | Described<MethodResults[M]>
  | Promise<MethodResults[M] | Described<MethodResults[M]>>;

/** A method's implementation: the generated parameter type in, the generated result type out. */
export type Handler<M extends MethodName = MethodName> = (ctx: CallContext<M>) => HandlerResult<M>;

/** The methods whose result type is `R` (for a handler several methods share). */
export type MethodsReturning<R> = { [M in MethodName]: MethodResults[M] extends R ? M : never }[MethodName];

/** Handlers by method name, each typed by its own method. */
export type MethodTable = { [M in MethodName]?: Handler<M> };

/** A result that Telegram answers together with a `description` ("Webhook was set"). */
export class Described<T = unknown> {
  constructor(
    readonly result: T,
    readonly description: string,
  ) {}
}
