// Answerer: at most one answer computation per user. A newer inline query from the same user
// aborts the older computation (its AbortSignal fires) and the older result is never sent.

import { TelepotError } from "../errors.js";
import type { AnswerInlineQueryOptions, ApiCalls, CallMode, Returned } from "../generated/methods.js";
import type { InlineQuery, InlineQueryResult } from "../generated/types.js";
import { andThen, attempt, isPromiseLike, type MaybePromise } from "./maybe.js";

/** Results plus the other answerInlineQuery options (cache_time, is_personal, next_offset, button). */
export interface InlineAnswer extends AnswerInlineQueryOptions {
  /** The results to show. */
  readonly results: readonly InlineQueryResult[];
}

/** What a compute function returns: the results array, or an {@link InlineAnswer}. */
export type ComputedAnswer = readonly InlineQueryResult[] | InlineAnswer;

/** Computes the answer to an inline query; should stop early when `signal` aborts. */
export type ComputeAnswer = (query: InlineQuery, signal: AbortSignal) => MaybePromise<ComputedAnswer>;

/** Options of an {@link Answerer}. */
export interface AnswererOptions {
  /** Told about every asynchronous answer in flight (the conversation engine waits for them). */
  readonly track?: (work: PromiseLike<unknown>) => void;
  /**
   * Blocking mode: whether a newer inline query from the same user is already waiting. Such a
   * query is answered instead: this one is skipped before its computation and, if one arrived
   * meanwhile, its result is not sent (answer returns false).
   */
  readonly isSuperseded?: (query: InlineQuery) => boolean;
}

/** The reason an older computation's signal aborts with. */
export class SupersededQuery extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.SupersededQuery";
  /** The id of the newer query that took over. */
  readonly newerQueryId: string;

  constructor(newerQueryId: string) {
    super(`Superseded by inline query ${newerQueryId}`);
    this.name = "SupersededQuery";
    this.newerQueryId = newerQueryId;
  }
}

function split(answer: ComputedAnswer): [InlineQueryResult[], AnswerInlineQueryOptions | undefined] {
  if (Array.isArray(answer)) return [answer as InlineQueryResult[], undefined];
  if (typeof answer === "object" && answer !== null && Array.isArray((answer as InlineAnswer).results)) {
    const { results, ...options } = answer as InlineAnswer;
    return [results as InlineQueryResult[], Object.keys(options).length > 0 ? options : undefined];
  }
  throw new TypeError(
    "Invalid answer format: compute must return an array of results or an object with `results`",
  );
}

/** Answers inline queries, one computation per user at a time, newest wins. */
export class Answerer<Mode extends CallMode = "async"> {
  readonly #bot: Pick<ApiCalls<Mode>, "answerInlineQuery">;
  readonly #running = new Map<number, AbortController>();
  readonly #track: ((work: PromiseLike<unknown>) => void) | undefined;
  readonly #isSuperseded: ((query: InlineQuery) => boolean) | undefined;

  /** An answerer sending through `bot`. */
  constructor(bot: Pick<ApiCalls<Mode>, "answerInlineQuery">, options: AnswererOptions = {}) {
    this.#bot = bot;
    this.#track = options.track;
    this.#isSuperseded = options.isSuperseded;
  }

  /** The number of users with a computation running. */
  get running(): number {
    return this.#running.size;
  }

  /**
   * Computes and sends the answer to `query`, aborting the same user's older computation.
   * Resolves to true when the answer was sent, false when a newer query superseded it; rejects
   * when compute or the send fails (throws, when compute itself returned or threw synchronously).
   */
  answer(query: InlineQuery, compute: ComputeAnswer): Returned<Mode, boolean> {
    const user = query.from.id;
    if (this.#isSuperseded?.(query)) return false as Returned<Mode, boolean>;
    this.#running.get(user)?.abort(new SupersededQuery(query.id));
    const controller = new AbortController();
    this.#running.set(user, controller);
    const release = () => {
      if (this.#running.get(user) === controller) this.#running.delete(user);
    };
    const computed = attempt<ComputedAnswer | undefined>(
      () => compute(query, controller.signal),
      (error) => {
        release();
        // An abort that surfaces as an error (e.g. a cancelled fetch) is the expected way out.
        if (controller.signal.aborted) return undefined;
        throw error;
      },
    );
    const sent = andThen(computed, (answer): MaybePromise<boolean> => {
      if (controller.signal.aborted || answer === undefined || this.#isSuperseded?.(query)) {
        release();
        return false;
      }
      let args: [InlineQueryResult[], AnswerInlineQueryOptions | undefined];
      try {
        args = split(answer);
      } catch (error) {
        release();
        throw error;
      }
      const call = attempt(
        () => this.#bot.answerInlineQuery(query.id, args[0], args[1]) as MaybePromise<true>,
        (error) => {
          release();
          throw error;
        },
      );
      return andThen(call, () => {
        release();
        return true;
      });
    });
    if (isPromiseLike(sent)) this.#track?.(sent);
    return sent as Returned<Mode, boolean>;
  }
}
