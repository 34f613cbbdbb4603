// The request pipeline both Bots share: every Bot API call (the generated methods and `call`)
// runs through one chain of stages, `stage(request, next)`. Its order is fixed here, once:
//
//   0. trace   (built in): publishes the call's start, end or error on node:diagnostics_channel;
//   1. the user's middleware, in the order of `bot.use(...)` calls (the first is outermost);
//   2. journal (built in, async): while a handler handles an inbox update whose inbox has a call
//      journal, a call recorded as done returns its recorded result here (no flood wait, no send);
//      a fresh one is recorded as started, then as finished once the stages below succeeded;
//   3. flood   (built in, only with floodControl): waits once for the send's slot under the limits;
//   4. retry   (built in): repeats a failed `next` as the retry policy decides (a 429 also pauses
//      flood control's other sends);
//   5. limit   (built in, only with a shared SendLimiter, e.g. @telepot/redis's): waits for every
//      attempt's slot under the limits of the whole bot (a repeat is one more send to Telegram);
//   6. send    (the driver's terminal): encodes, sends, decodes.
//
// A middleware may log, time, rewrite the request, change or cache the result, or answer without
// calling `next` (then nothing is sent). The drivers supply the stages' code (awaiting or
// blocking); the composition and the order are this module's.
import type { CallMode, Returned } from "../generated/methods.js";
import type { RequestParams } from "./arguments.js";
import type { CallOptionsFor } from "./call-options.js";

/** One Bot API call as it travels through the pipeline. */
export interface ApiRequest<Mode extends CallMode = "async"> {
  /** The Bot API method name. */
  readonly method: string;
  /** The parameters by wire name (an upload stays an InputFile-like value until the send stage). */
  readonly params: RequestParams;
  /** The call's own options (signal, timeout). */
  readonly options: CallOptionsFor<Mode>;
}

/** The rest of the chain: resolves to the method's result (or returns it, in blocking mode). */
export type NextStage<Mode extends CallMode = "async"> = (
  request: ApiRequest<Mode>,
) => Returned<Mode, unknown>;

/** A stage of the pipeline: gets the request and the rest of the chain. */
export type Middleware<Mode extends CallMode = "async"> = (
  request: ApiRequest<Mode>,
  next: NextStage<Mode>,
) => Returned<Mode, unknown>;

/** The built-in stages a driver supplies (absent ones are skipped). */
export interface BuiltInStages<Mode extends CallMode> {
  /** Outermost: sees every call once, whatever the middleware does. */
  readonly trace?: Middleware<Mode> | undefined;
  /** Answers calls its journal recorded as done; records the others (after the user's middleware, before flood). */
  readonly journal?: Middleware<Mode> | undefined;
  /** Paces sends under the flood limits (once per call: its repeats keep the slot). */
  readonly flood?: Middleware<Mode> | undefined;
  /** Repeats failed requests. */
  readonly retry?: Middleware<Mode> | undefined;
  /** Paces each attempt under limits shared with other processes. */
  readonly limit?: Middleware<Mode> | undefined;
  /** The terminal: sends the request to the Bot API and returns the decoded result. */
  readonly send: NextStage<Mode>;
}

/** The order of the built-in stages after the user's middleware (documentation and tests). */
export const BUILT_IN_STAGE_ORDER = [
  "trace",
  "(user middleware)",
  "journal",
  "flood",
  "retry",
  "limit",
  "send",
] as const;

/** `stages` in order (the first outermost) in front of `last`, as one function. */
export function composeStages<Mode extends CallMode>(
  stages: readonly Middleware<Mode>[],
  last: NextStage<Mode>,
): NextStage<Mode> {
  let next = last;
  for (let i = stages.length - 1; i >= 0; i--) {
    const stage = stages[i] as Middleware<Mode>;
    const after = next;
    next = (request) => stage(request, after);
  }
  return next;
}

/**
 * A driver's pipeline: the user's middleware, then the built-in stages in their fixed order. The
 * chain is composed when middleware is added, not per call.
 */
export class Pipeline<Mode extends CallMode> {
  readonly #user: Middleware<Mode>[] = [];
  readonly #outer: readonly Middleware<Mode>[];
  readonly #builtIn: readonly Middleware<Mode>[];
  readonly #send: NextStage<Mode>;
  #run: NextStage<Mode>;

  constructor(stages: BuiltInStages<Mode>) {
    this.#outer = stages.trace === undefined ? [] : [stages.trace];
    this.#builtIn = [stages.journal, stages.flood, stages.retry, stages.limit].filter(
      (stage) => stage !== undefined,
    );
    this.#send = stages.send;
    this.#run = composeStages([...this.#outer, ...this.#builtIn], this.#send);
  }

  /** Adds middleware after those added before (so it runs inside them, before journal, flood and retry). */
  use(...middleware: Middleware<Mode>[]): void {
    for (const stage of middleware) {
      if (typeof stage !== "function")
        throw new TypeError("bot.use() takes middleware functions (request, next)");
    }
    this.#user.push(...middleware);
    this.#run = composeStages([...this.#outer, ...this.#user, ...this.#builtIn], this.#send);
  }

  /** Runs one request through the whole chain. */
  run(request: ApiRequest<Mode>): Returned<Mode, unknown> {
    return this.#run(request);
  }
}

/**
 * The node:diagnostics_channel channels each call publishes to (the drivers publish; core only
 * names them). Messages carry the method and, at the end, the duration; never the token or the
 * parameters.
 */
export const CALL_CHANNELS = {
  /** A call entered the pipeline: {@link CallStartMessage}. */
  start: "telepot:call:start",
  /** A call returned its result: {@link CallEndMessage}. */
  end: "telepot:call:end",
  /** A call failed: {@link CallErrorMessage}. */
  error: "telepot:call:error",
} as const;

/** Published on `telepot:call:start`. */
export interface CallStartMessage {
  /** The Bot API method. */
  readonly method: string;
  /** Tells this call's messages apart from other calls' (unique per process and thread). */
  readonly callId: number;
}

/** Published on `telepot:call:end`. */
export interface CallEndMessage extends CallStartMessage {
  /** Milliseconds from start to end (fractional). */
  readonly durationMs: number;
}

/** Published on `telepot:call:error`. */
export interface CallErrorMessage extends CallEndMessage {
  /** What the call threw (telepot's errors never hold the token). */
  readonly error: unknown;
}
