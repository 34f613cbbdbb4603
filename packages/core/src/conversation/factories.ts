// Ready-made delegate factories (telepot's create_open, create_run and call), written against the
// public delegation protocol: a user's own factory can do anything these do.
import type { ApiCalls, CallMode } from "../generated/methods.js";
import { Conversation, isNormalEnd } from "./conversation.js";
import type { Delegate, DelegateFactory, SpawnContext } from "./delegate.js";
import type { Handler, HandlerContext } from "./handler.js";
import { Listener } from "./listener.js";
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
    conversation.attach(handler, ctx.msg);
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

/** A delegate that runs a function once; later objects for its seed wait in its listener. */
class RunDelegate<Mode extends CallMode> implements Delegate {
  readonly #listener: Listener<Mode>;
  readonly #run: () => void;
  #done = false;

  constructor(listener: Listener<Mode>, run: () => void) {
    this.#listener = listener;
    this.#run = run;
  }

  start(): void {
    this.#run();
  }

  accept(msg: Payload): boolean {
    if (this.#done) return false;
    this.#listener.offer(msg);
    return true;
  }

  /** Ends the run: what the listener still holds goes back to the engine. */
  finish(ctx: SpawnContext<Mode>): void {
    this.#done = true;
    const leftovers: Payload[] = [];
    for (let m = this.#listener.take(); m !== undefined; m = this.#listener.take()) leftovers.push(m);
    this.#listener.close();
    ctx.ended(leftovers);
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
    const listener = new Listener<Mode>(ctx.runtime).capture({ _: () => true });
    const delegate = new RunDelegate<Mode>(listener, () => {
      const run = attempt(
        () => fn({ bot: ctx.bot, msg: ctx.msg, seed: ctx.seed, listener }, ...args),
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
        ctx.runtime.track(Promise.resolve(run).then(() => delegate.finish(ctx)));
      } else {
        delegate.finish(ctx);
      }
    });
    return delegate;
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
