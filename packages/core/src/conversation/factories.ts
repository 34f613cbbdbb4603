// Ready-made delegate factories (telepot's create_open, create_run and call), written against the
// public delegation protocol: a user's own factory can do anything these do.
import type { ApiCalls, CallMode } from "../generated/methods.js";
import { type Done, NOT_TRACKED } from "./completion.js";
import { Conversation, isNormalEnd } from "./conversation.js";
import type { Delegate, DelegateFactory, SpawnContext } from "./delegate.js";
import type { Handler, HandlerContext } from "./handler.js";
import { type Backlog, Listener } from "./listener.js";
import { attempt, isPromiseLike, type MaybePromise } from "./maybe.js";
import type { ALWAYS, Payload, SeedKey } from "./seeds.js";

/** A handler class whose constructor takes the context and then `Args`. */
export type HandlerClass<Mode extends CallMode, Args extends unknown[]> = new (
  ctx: HandlerContext<Mode>,
  ...args: Args
) => Handler<Mode>;

/**
 * Spawns a conversation running a new `Cls(ctx, ...args)`: `open(msg, seed)` with the first message,
 * then `onMessage` for each later one, until it closes (e.g. `createOpen(Counter, { timeout: 10 })`).
 * A resumed spawn (`ctx.resume`) handles no message: it loads the saved state (and runs an idle
 * timeout that passed meanwhile).
 */
export function createOpen<Mode extends CallMode, Args extends unknown[]>(
  Cls: HandlerClass<Mode, Args>,
  ...args: Args
): DelegateFactory<Mode> {
  return (ctx) => {
    const conversation = new Conversation<Mode>(ctx);
    const handler = new Cls(
      { bot: ctx.bot, msg: ctx.msg, seed: ctx.seed, runtime: ctx.runtime, control: conversation },
      ...args,
    );
    conversation.attach(handler, ctx.resume === true ? undefined : ctx.msg);
    return conversation;
  };
}

/** What a function run by {@link call} (or a class run by {@link createRun}) receives. */
export interface RunContext<Mode extends CallMode = "async"> {
  /** The bot. */
  readonly bot: ApiCalls<Mode>;
  /** The object that spawned the run. */
  readonly msg: Payload;
  /** Its seed. */
  readonly seed: SeedKey | typeof ALWAYS;
  /** Later objects for the same seed, while the run lasts (captures all unless narrowed). */
  readonly listener: Listener<Mode>;
}

/**
 * A delegate that runs a function once; later objects for its seed wait in its inbox until its
 * listener takes them. The first object counts as processed (see Delegate.reportsDone) when the
 * run ends or first waits on its listener; a later one when the listener hands it to a wait.
 */
class RunDelegate<Mode extends CallMode> implements Delegate, Backlog {
  readonly reportsDone = true;
  readonly listener: Listener<Mode>;
  readonly #ctx: SpawnContext<Mode>;
  readonly #firstDone: Done;
  readonly #run: (delegate: RunDelegate<Mode>) => void;
  #inbox: { readonly msg: Payload; readonly done: Done }[] = [];
  #done = false;

  constructor(ctx: SpawnContext<Mode>, run: (delegate: RunDelegate<Mode>) => void) {
    this.#ctx = ctx;
    this.#run = run;
    const firstDone = ctx.done ?? NOT_TRACKED;
    this.#firstDone = firstDone;
    const host = { clock: ctx.runtime.clock, pump: ctx.runtime.pump, onWait: firstDone };
    this.listener = new Listener<Mode>(host, this).capture({ _: () => true });
  }

  start(): void {
    this.#run(this);
  }

  accept(msg: Payload, done: Done = NOT_TRACKED): boolean {
    if (this.#done) return false;
    const listener = this.listener;
    if (listener.waiting && listener.offer(msg)) done();
    else if (listener.accepts(msg)) this.#inbox.push({ msg, done });
    else done(); // Not captured: dropped, as telepot's listener drops it.
    return true;
  }

  /** Hands the listener the first inbox object it accepts (see {@link Backlog}). */
  take(accept: (msg: Payload) => boolean): Payload | undefined {
    const i = this.#inbox.findIndex((e) => accept(e.msg));
    if (i < 0) return undefined;
    const entry = this.#inbox.splice(i, 1)[0] as { readonly msg: Payload; readonly done: Done };
    entry.done();
    return entry.msg;
  }

  /** Ends the run: what the inbox still holds goes back to the engine. */
  finish(): void {
    this.#done = true;
    this.#firstDone();
    const leftovers = this.#inbox;
    this.#inbox = [];
    this.listener.close();
    this.#ctx.ended(
      leftovers.map((e) => e.msg),
      leftovers.map((e) => e.done),
    );
  }
}

/**
 * Spawns a delegate that runs `fn(ctx, ...args)` once (telepot's `call`); it lives until `fn`
 * returns (or its promise settles). An error is reported, and the delegate ends.
 */
export function call<Mode extends CallMode, Args extends unknown[]>(
  fn: (ctx: RunContext<Mode>, ...args: Args) => MaybePromise<unknown>,
  ...args: Args
): DelegateFactory<Mode> {
  return (ctx) => {
    return new RunDelegate<Mode>(ctx, (delegate) => {
      const run = attempt(
        () => fn({ bot: ctx.bot, msg: ctx.msg, seed: ctx.seed, listener: delegate.listener }, ...args),
        (error) => {
          if (!isNormalEnd(error)) {
            ctx.runtime.report(error, {
              phase: "delegate",
              seed: ctx.seed,
              pair: ctx.pair,
              delegate: fn.name || "call",
            });
          }
        },
      );
      if (isPromiseLike(run)) {
        ctx.runtime.track(Promise.resolve(run).then(() => delegate.finish()));
      } else {
        delegate.finish();
      }
    });
  };
}

/** An object run by {@link createRun}. */
export interface Runnable {
  /** Runs the delegate's whole life. */
  run(): MaybePromise<unknown>;
}

/** Spawns `new Cls(ctx, ...args)` and runs its `run()` once (telepot's `create_run`). */
export function createRun<Mode extends CallMode, Args extends unknown[]>(
  Cls: new (ctx: RunContext<Mode>, ...args: Args) => Runnable,
  ...args: Args
): DelegateFactory<Mode> {
  const runner = (ctx: RunContext<Mode>, ...rest: Args) => new Cls(ctx, ...rest).run();
  Object.defineProperty(runner, "name", { value: Cls.name });
  return call<Mode, Args>(runner, ...args);
}
