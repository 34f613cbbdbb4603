// The base of conversation handlers (telepot's helper classes, minus the thread): a plain object
// whose methods the engine calls one message at a time. Methods may return a value (blocking
// mode) or a promise (async mode).
import { StopListening } from "../errors.js";
import type { ApiCalls, CallMode } from "../generated/methods.js";
import type {
  CallbackQuery,
  ChosenInlineResult,
  InlineQuery,
  Message,
  PreCheckoutQuery,
  ShippingQuery,
} from "../generated/types.js";
import { type AnyFlavor, flavor, isEvent } from "../message/flavor.js";
import type { Runtime } from "./delegate.js";
import type { Scheduler } from "./event-scheduler.js";
import type { Listener } from "./listener.js";
import type { MaybePromise } from "./maybe.js";
import type { ALWAYS, Payload, SeedKey } from "./seeds.js";

/** The event a handler's {@link Handler.onIdle} receives. */
export interface IdleEvent {
  /** The idle timeout that expired, in seconds. */
  readonly seconds: number;
}

/** How a handler reaches the conversation that runs it (implemented by the engine). */
export interface HandlerControl<Mode extends CallMode = CallMode> {
  /** Ends the conversation once the current message is handled (at once if none is). */
  close(reason: unknown): void;
  /** The conversation's listener (created on first use). */
  listener(): Listener<Mode>;
  /** The conversation's event scheduler (created on first use). */
  scheduler(): Scheduler;
  /** Whether the conversation is still open. */
  readonly open: boolean;
}

/** What a handler's constructor receives from createOpen. */
export interface HandlerContext<Mode extends CallMode = "async"> {
  /** The bot. */
  readonly bot: ApiCalls<Mode>;
  /** The message that spawned the conversation. */
  readonly msg: Payload;
  /** The seed of the conversation. */
  readonly seed: SeedKey | typeof ALWAYS;
  /** The engine's runtime (clock, reporting). */
  readonly runtime: Runtime;
  /** The conversation running this handler. */
  readonly control: HandlerControl<Mode>;
}

/** Options every handler takes. */
export interface HandlerOptions {
  /** Seconds without a message after which the conversation ends (onIdle, then onClose). None by default. */
  readonly timeout?: number;
}

/**
 * A conversation handler. Override {@link onMessage} to see everything, or the per-flavor methods
 * it routes to. Return true from {@link open} to keep the first message from reaching onMessage.
 */
export class Handler<Mode extends CallMode = "async"> {
  /** The bot, in the driver's call mode. */
  readonly bot: ApiCalls<Mode>;
  /** The seed of this conversation (a chat id, a user id, an origin tuple ... or ALWAYS). */
  readonly id: SeedKey | typeof ALWAYS;
  /** The idle timeout in seconds (undefined: none). Read when each message has been handled. */
  timeout: number | undefined;
  readonly #control: HandlerControl<Mode>;

  /** Called by createOpen; subclasses pass `ctx` through and may add their own arguments. */
  constructor(ctx: HandlerContext<Mode>, options: HandlerOptions = {}) {
    this.bot = ctx.bot;
    this.id = ctx.seed;
    this.timeout = options.timeout;
    this.#control = ctx.control;
  }

  /** A listener over this conversation's later messages (captures all of them unless narrowed). */
  get listener(): Listener<Mode> {
    return this.#control.listener();
  }

  /** Delayed events to this handler (`{_name: data}`, delivered to {@link onEvent}). */
  get scheduler(): Scheduler {
    return this.#control.scheduler();
  }

  /** Whether the conversation is still open. */
  get isOpen(): boolean {
    return this.#control.open;
  }

  /** Whether this handler takes `msg` (routed to it by the seed); dropped otherwise. */
  accepts(_msg: Payload): boolean {
    return true;
  }

  /** Called with the first message; return true to keep it from {@link onMessage}. */
  open(_msg: Payload, _seed: SeedKey | typeof ALWAYS): MaybePromise<boolean | undefined> {
    return undefined;
  }

  /** Called for each message (and event); routes by flavor to the on* methods below. */
  onMessage(msg: Payload): MaybePromise<unknown> {
    const kind: AnyFlavor = flavor(msg);
    switch (kind) {
      case "normal":
        return this.onChatMessage(msg as Message);
      case "inline_query":
        return this.onInlineQuery(msg as InlineQuery);
      case "chosen_inline_result":
        return this.onChosenInlineResult(msg as ChosenInlineResult);
      case "callback_query":
        return this.onCallbackQuery(msg as CallbackQuery);
      case "shipping_query":
        return this.onShippingQuery(msg as ShippingQuery);
      case "pre_checkout_query":
        return this.onPreCheckoutQuery(msg as PreCheckoutQuery);
      default:
        if (isEvent(kind)) return this.onEvent(kind, (msg as Record<string, unknown>)[kind], msg);
        return this.onOther(kind, msg);
    }
  }

  /** A chat message (flavor `normal`). */
  onChatMessage(_msg: Message): MaybePromise<unknown> {
    return undefined;
  }

  /** An inline query. */
  onInlineQuery(_query: InlineQuery): MaybePromise<unknown> {
    return undefined;
  }

  /** A chosen inline result. */
  onChosenInlineResult(_result: ChosenInlineResult): MaybePromise<unknown> {
    return undefined;
  }

  /** A callback query. */
  onCallbackQuery(_query: CallbackQuery): MaybePromise<unknown> {
    return undefined;
  }

  /** A shipping query. */
  onShippingQuery(_query: ShippingQuery): MaybePromise<unknown> {
    return undefined;
  }

  /** A pre-checkout query. */
  onPreCheckoutQuery(_query: PreCheckoutQuery): MaybePromise<unknown> {
    return undefined;
  }

  /** Any other flavor (polls, chat members, reactions ...). */
  onOther(_flavor: AnyFlavor, _msg: Payload): MaybePromise<unknown> {
    return undefined;
  }

  /** An event from {@link scheduler}: its name (`_name`), its data, and the event object. */
  onEvent(_name: `_${string}`, _data: unknown, _event: Payload): MaybePromise<unknown> {
    return undefined;
  }

  /** The idle timeout expired; the conversation closes (IdleTerminate) after this returns. */
  onIdle(_event: IdleEvent): MaybePromise<unknown> {
    return undefined;
  }

  /**
   * The conversation ended: `reason` is an IdleTerminate (idle timeout), a StopListening
   * ({@link close}), a WaitTooLong (a listener wait timed out) or the error the handler threw.
   */
  onClose(_reason: unknown): MaybePromise<unknown> {
    return undefined;
  }

  /** Ends the conversation after the current message (a StopListening reason by default). */
  close(reason: unknown = new StopListening()): void {
    this.#control.close(reason);
  }
}
