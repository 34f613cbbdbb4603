// The emulator's engine without HTTP: the world, flood control and webhook senders, and `call`,
// which runs one Bot API call of a bot exactly as the HTTP endpoint does.
import { type MethodName, TelepotError } from "@telepot/core";
import { ApiError, notFound } from "./errors.js";
import { METHOD_SHAPES } from "./generated/spec-table.js";
import { type CallContext, Described, type Services, type WebhookConfig } from "./methods/context.js";
import { handlerFor, resolveMethod } from "./methods/index.js";
import { conforms } from "./spec/conforms.js";
import { normalizeTelegramForms } from "./spec/telegram-forms.js";
import type { Upload } from "./spec/upload.js";
import { paramNames, validateCall } from "./spec/validate.js";
import { RateLimiter, type RateLimits, TELEGRAM_LIMITS } from "./state/rate-limit.js";
import { WebhookSender, type WebhookTiming } from "./state/webhook.js";
import { type BotRecord, World } from "./state/world.js";

/** Settings of the engine. */
export interface RuntimeOptions {
  /** Enforce Telegram's flood limits (true for the documented ones, or custom counts). */
  rateLimits?: boolean | Partial<RateLimits>;
  /** Webhook delivery timing; defaults: retry after 1 s doubling to 60 s, 30 s per POST. */
  webhook?: Partial<WebhookTiming>;
  /** The clock (milliseconds), for dates and flood control. */
  now?: () => number;
  /**
   * Check every result against the spec's return type of its method in strict mode (no missing
   * or extra field) and fail the call with an internal error when it does not conform. For the
   * emulator's own tests; on by default when TELEPOT_EMULATOR_STRICT_RESULTS=1.
   */
  strictResults?: boolean;
}

/** A simulated result that does not conform to the spec (a bug of the emulator). */
export class NonConformingResult extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.emulator.NonConformingResult";
  constructor(method: string, problems: readonly string[]) {
    super(
      `${method} answered a result that does not conform to the spec: ${problems.slice(0, 5).join("; ")}`,
    );
    this.name = "NonConformingResult";
  }
}

/** What a successful call answers: the result and Telegram's optional description. */
export interface CallResult {
  result: unknown;
  description?: string;
}

/** The engine: state plus method dispatch. */
export class Runtime implements Services {
  /** Everything the emulated Telegram knows. */
  readonly world: World;
  readonly limiter: RateLimiter | undefined;
  readonly webhooks = new Map<number, WebhookSender>();
  private readonly timing: WebhookTiming;
  private readonly strictResults: boolean;

  constructor(options: RuntimeOptions = {}, world?: World) {
    const now = options.now ?? Date.now;
    this.world = world ?? new World(now);
    const limits = options.rateLimits;
    this.limiter = limits
      ? new RateLimiter({ ...TELEGRAM_LIMITS, ...(limits === true ? {} : limits) }, now)
      : undefined;
    this.timing = { retryMs: 1000, maxRetryMs: 60_000, timeoutMs: 30_000, ...options.webhook };
    this.strictResults = options.strictResults ?? process.env.TELEPOT_EMULATOR_STRICT_RESULTS === "1";
  }

  /** Runs a call of `method` (any spelling) by `bot` with raw parameters; throws ApiError on failure. */
  async call(
    bot: BotRecord,
    method: string,
    raw: Record<string, unknown>,
    uploads: ReadonlyMap<string, Upload> = new Map(),
    signal: AbortSignal = new AbortController().signal,
  ): Promise<CallResult> {
    const name = resolveMethod(method);
    if (!name) throw notFound();
    const params = validateCall(name, normalizeTelegramForms(name, raw, paramNames(name)), uploads);
    const ctx: CallContext = {
      services: this,
      world: this.world,
      bot,
      method: name as MethodName,
      params,
      signal,
    };
    const answer = await handlerFor(name)(ctx);
    const result = answer instanceof Described ? answer.result : answer;
    if (this.strictResults) {
      const problems = conforms(result, METHOD_SHAPES[name]?.returns ?? [], "result", { strict: true });
      if (problems.length > 0) throw new NonConformingResult(name, problems);
    }
    return answer instanceof Described ? { result, description: answer.description } : { result };
  }

  /** Starts (or replaces) a bot's webhook sender. */
  startWebhook(bot: BotRecord, config: WebhookConfig): void {
    this.webhooks.get(bot.id)?.stop();
    const execute = async (b: BotRecord, m: string, p: Record<string, unknown>) => {
      await this.call(b, m, p).catch((e: unknown) => {
        if (!(e instanceof ApiError)) throw e;
      });
    };
    this.webhooks.set(bot.id, new WebhookSender(bot, config, this.timing, execute, this.world.now));
  }

  /** Stops a bot's webhook sender. */
  stopWebhook(bot: BotRecord): void {
    this.webhooks.get(bot.id)?.stop();
    this.webhooks.delete(bot.id);
  }

  /** Stops every webhook sender. */
  close(): void {
    for (const sender of this.webhooks.values()) sender.stop();
    this.webhooks.clear();
  }
}
