// The blocking Bot: every Bot API method returns its result directly. Each call is bound to its
// parameters here (core's bindArguments), its uploads made cloneable, and then run by an async Bot
// in a worker thread while this thread waits (SyncWorker: Atomics.wait with a deadline).
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { Readable, type Writable } from "node:stream";
import { inspect } from "node:util";
import type { FileRef, UpdateHandler } from "@telepot/async";
import {
  type ApiCalls,
  type ApiRequest,
  type Inbox,
  logError,
  METHODS,
  type MethodName,
  type MethodParams,
  type MethodResults,
  type Middleware,
  Pipeline,
  type RequestParams,
  ServerOnThisThreadError,
  type SyncInbox,
} from "@telepot/core";
import {
  bindArguments,
  callOptionsAt,
  callOptionsIndex,
  callTimeoutMs,
  InboxLink,
  type InboxStatesHost,
  journalStage,
  linkedStates,
  maxHoldMs,
  PollCycle,
  pollSettings,
  resolveRetryOptions,
  retryPolicy,
  serverOnThisThread,
  stopTimeoutMs,
  traceBlocking,
} from "@telepot/core/internal";
import type {
  BlockingLoopOptions,
  BlockingPollingOptions,
  BlockingWebhookOptions,
  BotOptions,
  CallOptions,
  DownloadOptions,
} from "./options.js";
import { WORKER_OPTIONS } from "./options.js";
import { type LoopChannel, LoopDriver, type LoopParts } from "./receive/driver.js";
import { LiveClock } from "./receive/live-clock.js";
import { BlockingMessageLoop } from "./receive/loop-handle.js";
import { SyncWorker } from "./sync/channel.js";
import type { WireError } from "./sync/protocol.js";
import { reviveError } from "./wire/errors.js";
import { closeConsumed, uploadsToWire } from "./wire/uploads.js";
import type { BotBoot, CallRequest, PollAnswer, PollRequest, WorkerEvent } from "./worker/ops.js";

const NO_OPTIONS: CallOptions = {};
// Used where a timeout of 0 means "no limit" (uploads): the blocking wait still needs an end.
const UNLIMITED_ATTEMPT = 10 * 60_000;
// Slack on every deadline: the worker's own timeouts should always fire first.
const SLACK = 5_000;
// Once a flood-controlled send waits for its slot, it may wait up to a group's minute.
const FLOOD_WAIT = 60_000;
// Starting or cancelling a poll only hands it to the worker: past this, the worker is stuck.
const POLL_OP_DEADLINE = 30_000;

/**
 * How long a call spins before it sleeps, by default, on a machine with `cores` cores: 300 µs with
 * 4 or more, else none. The spin is for fast (loopback) replies, whose server needs a core while
 * the call waits, as does the worker; with fewer than 4 cores the spinning thread takes the core
 * they wait for, and a call is slower than with no spin (measured on 2 cores: 1.55-1.7x an async
 * call without the spin, 2.2-3.4x with 300 µs, 1.8x with 50 µs).
 */
export function defaultSpinMicros(cores: number): number {
  return cores >= 4 ? 300 : 0;
}

/** Where the worker entry and the ops module are (next to this module in dist). */
const WORKER_URL = new URL("./sync-worker.js", import.meta.url);
const OPS_MODULE = new URL("./bot-ops.js", import.meta.url).href;

/** Every Bot API method, typed from the spec, each returning its result directly. */
export interface Bot extends ApiCalls<"blocking"> {}

/** A Telegram bot whose methods block until Telegram answers: `bot.getMe()` returns the User. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the static block below installs every method of ApiCalls.
export class Bot {
  /** The Bot API server this bot talks to (without the token). */
  readonly apiRoot: string;
  /** The clock of conversation timers (idle timeouts, listener waits), fired by the blocking waits. */
  readonly timerClock: LiveClock = new LiveClock();
  readonly #sync: SyncWorker;
  readonly #deadlines: { json: number; upload: number; perSecondOfPoll: number };
  readonly #fixedDeadline: number | undefined;
  readonly #logger: BotOptions["logger"];
  readonly #driver: LoopDriver;
  readonly #pipeline: Pipeline<"blocking">;

  constructor(token: string, options: BotOptions = {}) {
    if (typeof token !== "string" || token === "")
      throw new TypeError("A bot needs its token (a non-empty string)");
    const { spinMicros, logger } = options;
    const deadline = options.deadlineMs ?? options.deadline;
    const forWorker: Record<string, unknown> = {};
    for (const key of WORKER_OPTIONS) if (options[key] !== undefined) forWorker[key] = options[key];
    this.apiRoot = options.apiRoot ?? "https://api.telegram.org";
    this.#logger = logger;
    if (deadline !== undefined && !(deadline > 0))
      throw new RangeError(`deadlineMs must be > 0, got ${deadline}`);
    this.#fixedDeadline = deadline;
    this.#deadlines = deadlinesFor(options);
    this.#pipeline = new Pipeline<"blocking">({
      trace: traceBlocking,
      // The worker retries; here the policy only says whether a call interrupted by a crash is resent.
      journal: journalStage(retryPolicy(options.retry), "blocking"),
      send: (request) => this.#send(request),
    });
    const boot: BotBoot = { token, options: forWorker };
    this.#sync = new SyncWorker({
      opsModule: OPS_MODULE,
      workerUrl: WORKER_URL,
      spinMicros: spinMicros ?? defaultSpinMicros(availableParallelism()),
      reviveError,
      data: boot,
      onEvent: (event) => this.#onEvent(event as WorkerEvent),
      onLost: () => this.#driver.onLost(),
    });
    const channel: LoopChannel = {
      startPoll: (id, params) => {
        this.#sync.call("poll", { id, params } satisfies PollRequest, POLL_OP_DEADLINE, [], "getUpdates");
      },
      cancelPoll: (id) => {
        if (this.#sync.started) this.#sync.call("cancelPoll", { id }, POLL_OP_DEADLINE, [], "getUpdates");
      },
      getUpdates: (params) =>
        this.#sync.call(
          "call",
          {
            method: "getUpdates",
            params: params as Record<string, unknown>,
            timeout: undefined,
            uploads: false,
          } satisfies CallRequest,
          this.#deadlineFor("getUpdates", params as RequestParams, false, undefined),
          [],
          "getUpdates",
        ),
      waitEvents: (waitMs) => this.#answers(this.#sync.waitEvents(waitMs) as WorkerEvent[]),
      holdOpen: (hold) => this.#sync.holdOpen(hold),
      revive: (error: WireError) => reviveError(error),
    };
    this.#driver = new LoopDriver(channel, this.timerClock);
  }

  /**
   * Adds middleware to the request pipeline every Bot API call runs through, on this thread:
   * `middleware(request, next)` gets the method, params and call options and returns
   * `next(request)` (possibly with a changed request or result) or an answer of its own, in which
   * case nothing is sent. The built-in retry and flood stages run after it, in the worker.
   */
  use(...middleware: Middleware<"blocking">[]): this {
    this.#pipeline.use(...middleware);
    return this;
  }

  /**
   * Calls a Bot API method by name with a parameter object: typed for the methods of the spec,
   * untyped for a method this version does not know yet.
   */
  call<M extends MethodName>(method: M, params?: MethodParams[M], options?: CallOptions): MethodResults[M];
  call(method: string, params?: Record<string, unknown>, options?: CallOptions): unknown;
  call(method: string, params: object = {}, options: CallOptions = {}): unknown {
    if (typeof method !== "string" || !/^[A-Za-z][A-Za-z0-9_]*$/.test(method)) {
      throw new TypeError(`Not a Bot API method name: ${JSON.stringify(method)}`);
    }
    if (typeof params !== "object" || params === null || Array.isArray(params)) {
      throw new TypeError(`${method}: the parameters must be an object`);
    }
    return this.#pipeline.run({ method, params: params as RequestParams, options });
  }

  /** Downloads a file (by file_id, or a File from getFile) to a path or a writable stream. */
  downloadFile(
    file: FileRef,
    dest: string | Writable | WritableStream<Uint8Array>,
    options: DownloadOptions = {},
  ): void {
    if (typeof dest === "string") {
      this.#refuseServerOnThisThread("downloadFile");
      this.#sync.call(
        "download",
        { file, dest: resolve(dest), timeout: callTimeoutMs(options) },
        this.#downloadDeadline(),
        [],
        "downloadFile",
      );
      return;
    }
    const bytes = this.#fetchBytes(file, options);
    // The bytes are handed over now and written out when this thread is idle; the target stays open.
    if (dest instanceof WritableStream) {
      const writer = dest.getWriter();
      // A failed write leaves the stream errored, which its owner sees; the lock is given back either way.
      const release = () => writer.releaseLock();
      writer.write(bytes).then(release, release);
    } else {
      dest.write(bytes);
    }
  }

  /** A file's bytes as a Node Readable (downloaded whole first: this thread cannot stream while it waits). */
  fileStream(file: FileRef, options: DownloadOptions = {}): Readable {
    return Readable.from([this.#fetchBytes(file, options)]);
  }

  /** The download URL of a file. It contains the bot token: give it only to code you trust. */
  getFileUrl(file: FileRef): string {
    return this.#sync.call<string>("fileUrl", { file }, this.#deadlines.json, [], "getFileUrl");
  }

  /**
   * telepot's notifyOnMessage: handles every update with `handle` (or the subclass's `handle`
   * method). Returns at once, and updates are handled on this thread whenever it is idle (between
   * REPL commands; the process keeps running meanwhile). With `runForever: true` it blocks and
   * handles them here until the loop stops (the `signal` option, or a fatal error, which it throws).
   */
  notifyOnMessage(handle?: UpdateHandler, options: BlockingLoopOptions = {}): BlockingMessageLoop {
    const handler = resolveHandler(this as HandlerHost, handle);
    const parts = this.#loopParts(handler, options);
    this.#driver.start(parts);
    const loop = new BlockingMessageLoop(this.#driver);
    if (options.runForever) this.#driver.runForever();
    return loop;
  }

  /** The same as {@link notifyOnMessage} (the async package's spelling). */
  messageLoop(handle?: UpdateHandler, options?: BlockingLoopOptions): BlockingMessageLoop {
    return this.notifyOnMessage(handle, options);
  }

  /**
   * Handles updates until `ready()` holds or the clock reaches `deadline` (ms), firing conversation
   * timers meanwhile: how a blocking listener.wait() waits. Needs a running message loop.
   */
  pump(ready: () => boolean, deadline: number | undefined): void {
    this.#driver.pump(ready, deadline);
  }

  /** Whether an inline query from this user is already waiting to be handled (a newer one). */
  hasWaitingInlineQuery(userId: number): boolean {
    return this.#driver.hasWaitingInlineQuery(userId);
  }

  /** Stops the message loop (if any) and the worker thread; a later call starts a new worker. */
  dispose(): void {
    this.#driver.stop();
    if (this.#sync.started) {
      try {
        this.#sync.call("dispose", {}, this.#deadlines.json, [], "dispose");
      } catch {
        // Closing anyway.
      }
    }
    this.#sync.close();
  }

  /** Closes the bot (for `using bot = new Bot(...)`). */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Closes the bot (for `await using bot = new Bot(...)`, as with the async Bot). */
  [Symbol.asyncDispose](): Promise<void> {
    this.dispose();
    return Promise.resolve();
  }

  /** Shows the API root only, never the token. */
  [inspect.custom](): string {
    return `Bot { apiRoot: ${JSON.stringify(this.apiRoot)} }`;
  }

  /** Shows the API root only, never the token. */
  toJSON(): {
    /** The API root the bot sends its requests to. */
    apiRoot: string;
  } {
    return { apiRoot: this.apiRoot };
  }

  // A server on this thread cannot answer while this thread waits: say so now, not at the deadline.
  #refuseServerOnThisThread(method: string): void {
    const server = serverOnThisThread(this.apiRoot);
    if (server !== undefined) throw new ServerOnThisThreadError(method, server);
  }

  /** The terminal stage: hands the call to the worker (whose async Bot retries and paces it) and waits. */
  #send({ method, params, options }: ApiRequest<"blocking">): unknown {
    this.#refuseServerOnThisThread(method);
    const timeout = callTimeoutMs(options);
    const { params: wire, consumed } = uploadsToWire(method, params);
    const upload = wire !== params;
    try {
      return this.#sync.call(
        "call",
        { method, params: wire, timeout, uploads: upload } satisfies CallRequest,
        this.#deadlineFor(method, params, upload, timeout),
        [],
        method,
      );
    } catch (error) {
      if (error instanceof DOMException && error.name === "DataCloneError") {
        throw new TypeError(`${method}: a parameter cannot be sent (${error.message})`);
      }
      throw error;
    } finally {
      closeConsumed(consumed);
      // Retry warnings of this call reach the logger now, not only once this thread is idle.
      if (this.#logger !== undefined) this.#flushLogs();
    }
  }

  #fetchBytes(file: FileRef, options: DownloadOptions): Buffer {
    this.#refuseServerOnThisThread("downloadFile");
    const bytes = this.#sync.call<Uint8Array>(
      "download",
      { file, dest: undefined, timeout: callTimeoutMs(options) },
      this.#downloadDeadline(),
      [],
      "downloadFile",
    );
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  #deadlineFor(method: string, params: RequestParams, upload: boolean, timeout: number | undefined): number {
    if (this.#fixedDeadline !== undefined) return this.#fixedDeadline;
    const d = this.#deadlines;
    let deadline = upload ? d.upload : d.json;
    if (timeout !== undefined) deadline += timeout > 0 ? timeout : UNLIMITED_ATTEMPT;
    if (method === "getUpdates" && typeof params.timeout === "number")
      deadline += params.timeout * d.perSecondOfPoll;
    return deadline;
  }

  #downloadDeadline(): number {
    return this.#fixedDeadline ?? this.#deadlines.upload;
  }

  // A poll answer taken here waits for the loop: this may run inside a handler, or a REPL command.
  #flushLogs(): void {
    for (const answer of this.#answers(this.#sync.takeEvents() as WorkerEvent[]))
      this.#driver.keepAnswer(answer);
  }

  // Warnings go to the logger now; the poll answers are returned for the loop.
  #answers(events: readonly WorkerEvent[]): PollAnswer[] {
    const answers: PollAnswer[] = [];
    for (const event of events) {
      if (event.type === "log") this.#logger?.warn(event.message);
      else answers.push(event);
    }
    return answers;
  }

  #onEvent(event: WorkerEvent): void {
    if (event.type === "log") this.#logger?.warn(event.message);
    else this.#driver.onAnswer(event);
  }

  // The loop's parts from its options: checked now (a RangeError names a bad option).
  #loopParts(handler: UpdateHandler, options: BlockingLoopOptions): LoopParts {
    const { onError, onEnd, signal } = options;
    const common = {
      handler,
      onError: onError ?? logError,
      onEnd,
      signal,
    };
    const source = (options as BlockingWebhookOptions).source;
    if (source !== undefined) {
      const webhook = options as BlockingWebhookOptions;
      // Checked as every loop's is (polling's by pollSettings), though unused here: a blocking stop
      // runs the handlers on this thread to the end, with no time limit to give up at.
      stopTimeoutMs(webhook);
      const inbox = source.inbox;
      return {
        ...common,
        feed: { source, ordered: webhook.ordered !== false, maxHoldMs: maxHoldMs(webhook) },
        link: inbox === undefined ? undefined : this.#linkTo(inbox),
      };
    }
    const polling = options as BlockingPollingOptions;
    // A DelegatorBot made with an inbox lends it to a loop given none (its SyncInbox).
    const inbox = polling.inbox ?? ((this as InboxStatesHost).inboxStates?.inbox as SyncInbox | undefined);
    // Handlers run one at a time here.
    const settings = pollSettings(inbox === polling.inbox ? polling : { ...polling, inbox }, 1);
    this.#refuseServerOnThisThread("getUpdates");
    return {
      ...common,
      feed: { cycle: new PollCycle(settings) },
      link: inbox === undefined ? undefined : this.#linkTo(inbox),
    };
  }

  // Each handled update is committed as its handler returns, with the state its handling changed.
  #linkTo(inbox: Inbox): (report: (error: unknown) => void) => InboxLink {
    return (report) =>
      // Committed at once (no group to wait for): nothing is left to flush when the loop waits or ends.
      new InboxLink(inbox, linkedStates(this as InboxStatesHost, inbox), report, (run) => run());
  }

  static {
    // One prototype method per Bot API method, all driven by the generated table.
    for (const name of Object.keys(METHODS) as MethodName[]) {
      if (Object.hasOwn(Bot.prototype, name)) throw new Error(`Bot already has a member named ${name}`);
      const callIndex = callOptionsIndex(name);
      Object.defineProperty(Bot.prototype, name, {
        value: {
          [name](this: Bot, ...args: unknown[]): unknown {
            const params = bindArguments(name, args);
            const options = (callOptionsAt(name, args, callIndex) as CallOptions | undefined) ?? NO_OPTIONS;
            return this.#pipeline.run({ method: name, params, options });
          },
        }[name],
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
  }
}

/** An object whose `handle` method serves as the handler when none is given (class-based bots). */
interface HandlerHost {
  handle?: UpdateHandler | ((payload: never, context: never) => unknown);
}

function resolveHandler(host: HandlerHost, handle: UpdateHandler | undefined): UpdateHandler {
  if (handle !== undefined) {
    if (typeof handle !== "function") throw new TypeError("notifyOnMessage: the handler must be a function");
    return handle;
  }
  if (typeof host.handle === "function") return host.handle.bind(host) as UpdateHandler;
  throw new TypeError(
    "notifyOnMessage needs a handler: pass one (bot.notifyOnMessage(handle)), or subclass Bot and define handle(msg)",
  );
}

// How long a call may legitimately take in the worker: every attempt timing out, every backoff,
// the longest flood wait, plus slack. Past that, the worker is taken to be stuck.
function deadlinesFor(options: BotOptions): { json: number; upload: number; perSecondOfPoll: number } {
  const retry = resolveRetryOptions(options.retry);
  const attempts = retry.maxRetries + 1;
  const waits =
    retry.maxRetries * retry.backoffMax + retry.maxFloodWait + (options.floodControl ? FLOOD_WAIT : 0);
  const timeout = options.timeoutMs ?? options.timeout ?? 30_000;
  const uploadTimeout = options.uploadTimeoutMs ?? options.uploadTimeout ?? 0;
  const attempt = timeout > 0 ? timeout : UNLIMITED_ATTEMPT;
  const uploadAttempt = uploadTimeout > 0 ? uploadTimeout : UNLIMITED_ATTEMPT;
  return {
    json: attempts * attempt + waits + SLACK,
    upload: attempts * uploadAttempt + waits + SLACK,
    perSecondOfPoll: 1000 * attempts,
  };
}
