// The user tracker: one UserTracker per user (perFromId) counts that user's chat messages, inline
// queries and chosen inline results, logs the counts, and answers every inline query with the same
// article. It never writes in a chat.
import {
  createOpen,
  DelegatorBot,
  flavor,
  type HandlerContext,
  type InlineQuery,
  type InlineQueryResult,
  type Payload,
  perFromId,
  UserHandler,
  type UserHandlerOptions,
} from "@telepot/async";
import { type AppContext, type AppParts, envSeconds, type Logger, logDelegateErrors } from "@telepot/service";

/** The default idle timeout of a tracker, in seconds (as in the seed). */
export const DEFAULT_TIMEOUT = 20;

/** The answer to every inline query: the seed's "ABC" article, in today's Bot API shape. */
export const ARTICLES: InlineQueryResult[] = [
  { type: "article", id: "abc", title: "ABC", input_message_content: { message_text: "Good morning" } },
];

/** The flavors a tracker counts. */
export type Counts = { normal: number; inline_query: number; chosen_inline_result: number };

/** Follows one user across flavors. */
export class UserTracker extends UserHandler {
  readonly #counts: Counts = { normal: 0, inline_query: 0, chosen_inline_result: 0 };
  readonly #logger: Logger;

  /** A tracker for the user of `ctx`. */
  constructor(ctx: HandlerContext, logger: Logger, options: UserHandlerOptions) {
    super(ctx, options);
    this.#logger = logger.child({ user: this.userId });
  }

  /** Counts every object of the user, then answers it if it is an inline query. */
  override async onMessage(msg: Payload): Promise<void> {
    const kind = flavor(msg);
    if (kind === "normal" || kind === "inline_query" || kind === "chosen_inline_result") {
      this.#counts[kind] += 1;
      this.#logger.info("counts", { flavor: kind, counts: { ...this.#counts } });
    }
    // Telegram sends chosen inline results only for queries that were answered.
    if (kind === "inline_query") await this.bot.answerInlineQuery((msg as InlineQuery).id, ARTICLES);
  }

  /** The user was idle for the timeout: the counts start over with the next object. */
  override onIdle(): void {
    this.#logger.info("tracker closed", { counts: { ...this.#counts } });
  }
}

/** Builds the app: TRACKER_TIMEOUT_SECONDS sets the idle timeout. */
export function createTracker({ env, config, logger, botOptions }: AppContext): AppParts {
  const timeout = envSeconds(env, "TRACKER_TIMEOUT_SECONDS", DEFAULT_TIMEOUT);
  const bot = new DelegatorBot(config.token, [[perFromId(), createOpen(UserTracker, logger, { timeout })]], {
    ...botOptions,
    onDelegateError: logDelegateErrors(logger),
  });
  logger.info("configured", { timeout });
  return { bot, allowedUpdates: ["message", "inline_query", "chosen_inline_result"] };
}
