// The Promise-based Bot: every Bot API method as a method (installed from the generated table),
// plus `call` for methods the table does not know, downloads, retries and optional flood control.

import type { Readable } from "node:stream";
import {
  type ApiCalls,
  type ApiRequest,
  METHODS,
  type MethodName,
  type MethodParams,
  type MethodResults,
  type Middleware,
  Pipeline,
  type RequestParams,
  type RetryPolicy,
  type RetryTally,
  type SendLimiter,
} from "@telepot/core";
import {
  bindArguments,
  callOptionsAt,
  callOptionsIndex,
  callTimeoutMs,
  decodeResponse,
  type EncodedBody,
  encodeParams,
  FloodScheduler,
  type FloodTicket,
  isFloodLimited,
  isReplayable,
  isSendLimiter,
  journalStage,
  redactError,
  retryPolicy,
  traceAsync,
} from "@telepot/core/internal";
import { INSPECT_CUSTOM } from "./builtins.js";
import {
  type DownloadOptions,
  type DownloadTarget,
  type FileRef,
  openDownload,
  resolveFilePath,
  writeDownload,
} from "./download.js";
import { type BotLogger, type BotOptions, type CallOptions, type Clock, systemClock } from "./options.js";
import {
  type MessageLoop,
  type MessageLoopOptions,
  messageLoop,
  type UpdateHandler,
} from "./receive/index.js";
import type { Transport } from "./transport/types.js";
import { DEFAULT_API_ROOT, UndiciTransport } from "./transport/undici.js";

const NO_OPTIONS: CallOptions = {};

/** Every Bot API method, typed from the spec: `bot.sendMessage(chatId, text, { parse_mode })`. */
export interface Bot extends ApiCalls<"async"> {}

/** A Telegram bot: one method per Bot API method, each returning a Promise of the result. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the static block below installs every method of ApiCalls.
export class Bot {
  /** The Bot API server this bot talks to (without the token). */
  readonly apiRoot: string;
  readonly #token: string;
  readonly #transport: Transport;
  readonly #timeout: number;
  readonly #uploadTimeout: number;
  readonly #retry: RetryPolicy;
  readonly #flood: FloodScheduler | undefined;
  readonly #limiter: SendLimiter | undefined;
  readonly #pipeline: Pipeline<"async">;
  readonly #clock: Clock;
  readonly #logger: BotLogger | undefined;

  constructor(token: string, options: BotOptions = {}) {
    this.apiRoot = options.apiRoot ?? DEFAULT_API_ROOT;
    this.#transport =
      options.transport ??
      new UndiciTransport({
        token,
        apiRoot: this.apiRoot,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        ...(options.connections ? { connections: options.connections } : {}),
      });
    this.#token = token;
    this.#timeout = options.timeoutMs ?? options.timeout ?? 30_000;
    this.#uploadTimeout = options.uploadTimeoutMs ?? options.uploadTimeout ?? 0;
    this.#retry = retryPolicy(options.retry);
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger;
    const flood = options.floodControl;
    // A shared SendLimiter paces the whole bot across processes; true or limits pace this process.
    this.#limiter = isSendLimiter(flood) ? flood : undefined;
    this.#flood =
      flood && !isSendLimiter(flood)
        ? new FloodScheduler({
            ...(flood === true ? {} : flood),
            now: () => this.#clock.now(),
          })
        : undefined;
    this.#pipeline = new Pipeline<"async">({
      trace: traceAsync,
      // Inert unless a handler runs for an inbox update whose inbox journals calls (see inbox-link).
      journal: journalStage(this.#retry),
      ...(this.#flood ? { flood: (request, next) => this.#paced(request, next) } : {}),
      retry: (request, next) => this.#retried(request, next),
      ...(this.#limiter ? { limit: (request, next) => this.#limited(request, next) } : {}),
      send: (request) => this.#send(request),
    });
  }

  /**
   * Adds middleware to the request pipeline every Bot API call runs through: `middleware(request,
   * next)` gets the method, params and call options, and returns `next(request)` (possibly with a
   * changed request, or a changed result) or an answer of its own, in which case nothing is sent.
   * Middleware runs in the order added, after tracing and before the built-in journal, flood and
   * retry stages (see the README's "The request pipeline").
   */
  use(...middleware: Middleware<"async">[]): this {
    this.#pipeline.use(...middleware);
    return this;
  }

  /**
   * Calls a Bot API method by name with a parameter object: typed for the methods of the spec,
   * untyped for a method this version does not know yet.
   */
  call<M extends MethodName>(
    method: M,
    params?: MethodParams[M],
    options?: CallOptions,
  ): Promise<MethodResults[M]>;
  call(method: string, params?: Record<string, unknown>, options?: CallOptions): Promise<unknown>;
  call(method: string, params: object = {}, options: CallOptions = NO_OPTIONS): Promise<unknown> {
    if (typeof method !== "string" || !/^[A-Za-z][A-Za-z0-9_]*$/.test(method)) {
      return Promise.reject(new TypeError(`Not a Bot API method name: ${JSON.stringify(method)}`));
    }
    if (typeof params !== "object" || params === null || Array.isArray(params)) {
      return Promise.reject(new TypeError(`${method}: the parameters must be an object`));
    }
    return this.#run({ method, params: params as RequestParams, options });
  }

  /** Downloads a file (by file_id, or a File from getFile) to a path or a writable stream. */
  async downloadFile(file: FileRef, dest: DownloadTarget, options: DownloadOptions = {}): Promise<void> {
    try {
      const source = await this.fileStream(file, options);
      await writeDownload(source, dest, options.signal);
    } catch (error) {
      throw redactError(error, this.#token);
    }
  }

  /** A file's bytes as a Node Readable, to pipe elsewhere. */
  async fileStream(file: FileRef, options: DownloadOptions = {}): Promise<Readable> {
    try {
      const path = await resolveFilePath(file, (id) => this.getFile(id));
      return await openDownload(this.#transport, path, this.#timeout, options);
    } catch (error) {
      throw redactError(error, this.#token);
    }
  }

  /** The download URL of a file. It contains the bot token: give it only to code you trust. */
  async getFileUrl(file: FileRef): Promise<string> {
    return this.#transport.fileUrl(await resolveFilePath(file, (id) => this.getFile(id)));
  }

  /**
   * Starts telepot's update loop: long polling with getUpdates, or updates from a webhook queue
   * (`options.source`). The handler gets each update's inner object; without one, the subclass's
   * `handle` method is used. See MessageLoop for stopping and the delivery guarantee.
   */
  messageLoop(handle?: UpdateHandler, options?: MessageLoopOptions): MessageLoop {
    return messageLoop(this, handle, options);
  }

  /** Closes the bot's connections; calls made afterwards fail. */
  async dispose(): Promise<void> {
    await this.#transport.close();
  }

  /** Closes the bot's connections (for `await using bot = new Bot(...)`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  /** Shows the API root only, never the token. */
  [INSPECT_CUSTOM](): string {
    return `Bot { apiRoot: ${JSON.stringify(this.apiRoot)} }`;
  }

  /** Shows the API root only, never the token. */
  toJSON(): {
    /** The API root the bot sends its requests to. */
    apiRoot: string;
  } {
    return { apiRoot: this.apiRoot };
  }

  /** Runs a request through the pipeline; a middleware throwing at once still gives a rejection. */
  #run(request: ApiRequest<"async">): Promise<unknown> {
    try {
      return Promise.resolve(this.#pipeline.run(request));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The terminal stage: encodes, sends, decodes; a failure comes out redacted. */
  async #send({ method, params, options }: ApiRequest<"async">): Promise<unknown> {
    try {
      const body = encodeParams(method, params);
      const timeout = callTimeoutMs(options) ?? this.#timeoutFor(method, params, body);
      const reply = await this.#transport.send(method, body, { timeout, signal: options.signal });
      return decodeResponse(method, reply.status, reply.body, this.#token);
    } catch (error) {
      throw redactError(error, this.#token);
    }
  }

  /** The retry stage: repeats `next` as the retry policy decides, waiting in between. */
  async #retried(request: ApiRequest<"async">, next: (request: ApiRequest<"async">) => Promise<unknown>) {
    let tally: RetryTally | undefined;
    for (;;) {
      try {
        return await next(request);
      } catch (failure) {
        tally ??= { faults: 0, floodWaited: 0 };
        const { method, params } = request;
        // Encoded again only here, on failure: a streamed upload was consumed by the attempt.
        const replayable = isReplayable(encodeParams(method, params));
        const decision = this.#retry(failure, { method, replayable }, tally);
        if (!decision) throw failure;
        if (decision.reason === "flood") {
          this.#flood?.pause(decision.delay);
          this.#limiter?.pause(decision.delay);
          tally = { faults: tally.faults, floodWaited: tally.floodWaited + decision.delay };
        } else {
          tally = { faults: tally.faults + 1, floodWaited: tally.floodWaited };
        }
        this.#logger?.warn(`${(failure as Error).message}; retrying in ${decision.delay} ms`);
        await this.#clock.sleep(decision.delay, request.options.signal);
      }
    }
  }

  /** The flood stage: a flood-limited send waits for its slot, and reports when it completed. */
  async #paced(request: ApiRequest<"async">, next: (request: ApiRequest<"async">) => Promise<unknown>) {
    const paced = await this.#floodWait(request.method, request.params, request.options.signal);
    if (!paced) return next(request);
    try {
      return await next(request);
    } finally {
      this.#flood?.completed(paced.chatId, paced.ticket);
    }
  }

  /** The shared limiter's stage: every attempt waits for its slot, released when it completes. */
  async #limited(request: ApiRequest<"async">, next: (request: ApiRequest<"async">) => Promise<unknown>) {
    const release = await this.#limiterWait(request.method, request.params, request.options.signal);
    if (!release) return next(request);
    try {
      return await next(request);
    } finally {
      release();
    }
  }

  #timeoutFor(method: string, params: RequestParams, body: EncodedBody): number {
    if (body.kind === "multipart") return this.#uploadTimeout;
    if (method === "getUpdates" && typeof params.timeout === "number" && this.#timeout > 0) {
      return this.#timeout + params.timeout * 1000;
    }
    return this.#timeout;
  }

  /** Waits for the send's turn under a shared limiter, if one is set; returns its release. */
  async #limiterWait(
    method: string,
    params: RequestParams,
    signal: AbortSignal | undefined,
  ): Promise<(() => void) | undefined> {
    const chatId = params.chat_id;
    if (
      !this.#limiter ||
      !isFloodLimited(method) ||
      (typeof chatId !== "number" && typeof chatId !== "string")
    ) {
      return undefined;
    }
    return await this.#limiter.acquire(chatId, signal);
  }

  /** Waits for the send's turn under the flood limits; returns what to report when it completes. */
  async #floodWait(
    method: string,
    params: RequestParams,
    signal: AbortSignal | undefined,
  ): Promise<{ chatId: number | string; ticket: FloodTicket } | undefined> {
    const chatId = params.chat_id;
    if (
      !this.#flood ||
      !isFloodLimited(method) ||
      (typeof chatId !== "number" && typeof chatId !== "string")
    ) {
      return undefined;
    }
    const delay = this.#flood.reserve(chatId);
    if (delay > 0) await this.#clock.sleep(delay, signal);
    for (;;) {
      const admitted = this.#flood.admitSend();
      if (typeof admitted !== "number") return { chatId, ticket: admitted };
      await this.#clock.sleep(admitted, signal);
    }
  }

  static {
    // One prototype method per Bot API method, all driven by the generated table.
    for (const name of Object.keys(METHODS) as MethodName[]) {
      if (Object.hasOwn(Bot.prototype, name)) throw new Error(`Bot already has a member named ${name}`);
      const callIndex = callOptionsIndex(name);
      Object.defineProperty(Bot.prototype, name, {
        value: {
          [name](this: Bot, ...args: unknown[]): Promise<unknown> {
            let request: ApiRequest<"async">;
            try {
              const params = bindArguments(name, args);
              const options = (callOptionsAt(name, args, callIndex) as CallOptions | undefined) ?? NO_OPTIONS;
              request = { method: name, params, options };
            } catch (error) {
              return Promise.reject(error);
            }
            return this.#run(request);
          },
        }[name],
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
  }
}
