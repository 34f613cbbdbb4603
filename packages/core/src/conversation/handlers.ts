// The ready-made handlers: per chat, per user, inline-only, per callback-query origin, per invoice,
// and the Monitor. Each keeps only its seed and lazily made helpers, so idle ones stay small.
import type { CallMode } from "../generated/methods.js";
import type { Message } from "../generated/types.js";
import { type AnyFlavor, eventName, flavor } from "../message/flavor.js";
import { Answerer } from "./answerer.js";
import { Administrator, Editor, Sender } from "./bind.js";
import { type CaptureTemplate, matchesAny } from "./capture.js";
import type { DelegationPair, Runtime } from "./delegate.js";
import { Handler, type HandlerContext, type HandlerOptions } from "./handler.js";
import {
  type ChatTypes,
  chain,
  DEFAULT_FROM_FLAVORS,
  type Flavors,
  fieldOf,
  INLINE_FLAVORS,
  isSeedTuple,
  type Payload,
  perCallbackQueryChatId,
} from "./seeds.js";

function flavorOf(msg: Payload): AnyFlavor | undefined {
  try {
    return flavor(msg);
  } catch {
    return undefined;
  }
}

function isEventObject(msg: Payload): boolean {
  return eventName(msg) !== undefined;
}

function chatIdOf(ctx: HandlerContext<CallMode>): number | string {
  const seed = ctx.seed;
  if (typeof seed === "number" || typeof seed === "string") return seed;
  const chat = fieldOf(ctx.msg, "chat") ?? fieldOf(fieldOf(ctx.msg, "message"), "chat");
  const id = fieldOf(chat, "id");
  if (typeof id === "number" || typeof id === "string") return id;
  throw new TypeError("A ChatHandler needs a chat id: seed it with perChatId() or a seed that is a chat id");
}

/** Options of a {@link ChatHandler}. */
export interface ChatHandlerOptions extends HandlerOptions {
  /**
   * Also take callback queries from messages in this chat (telepot's include_callback_query), to
   * {@link Handler.onCallbackQuery}. Off by default: callback queries routed here are dropped. The
   * pair's seed must route them here: wrap the pair with {@link includeCallbackQueryChatId}.
   */
  readonly includeCallbackQuery?: boolean;
}

/** One conversation per chat (pair with perChatId): `this.sender` and `this.administrator` target the chat. */
export class ChatHandler<Mode extends CallMode = "async"> extends Handler<Mode> {
  /** The chat of this conversation. */
  readonly chatId: number | string;
  /** Whether callback queries from this chat's messages are taken (see {@link ChatHandlerOptions}). */
  readonly includeCallbackQuery: boolean;
  #sender: Sender<Mode> | undefined;
  #administrator: Administrator<Mode> | undefined;

  /** See {@link Handler}; the chat id is the seed (or the first message's chat). */
  constructor(ctx: HandlerContext<Mode>, options: ChatHandlerOptions = {}) {
    super(ctx, options);
    this.chatId = chatIdOf(ctx as HandlerContext<CallMode>);
    this.includeCallbackQuery = options.includeCallbackQuery === true;
  }

  /** Takes everything routed here, except callback queries unless {@link includeCallbackQuery} (and from this chat). */
  override accepts(msg: Payload): boolean {
    if (flavorOf(msg) !== "callback_query") return true;
    if (!this.includeCallbackQuery) return false;
    return fieldOf(fieldOf(fieldOf(msg, "message"), "chat"), "id") === this.chatId;
  }

  /** The bot's send methods with `chat_id` bound to this chat. */
  get sender(): Sender<Mode> {
    this.#sender ??= new Sender<Mode>(this.bot, this.chatId);
    return this.#sender;
  }

  /** The bot's chat-administration methods with `chat_id` bound to this chat. */
  get administrator(): Administrator<Mode> {
    this.#administrator ??= new Administrator<Mode>(this.bot, this.chatId);
    return this.#administrator;
  }
}

/**
 * `pair` with its seed extended to callback queries (telepot's include_callback_query_chat_id):
 * a query from a message in a chat of `types` goes to the delegate of that chat. Use it with a
 * ChatHandler made with `{ includeCallbackQuery: true }`, e.g.
 * `includeCallbackQueryChatId([perChatId(), createOpen(Game, { includeCallbackQuery: true })])`.
 */
export function includeCallbackQueryChatId<Mode extends CallMode>(
  pair: DelegationPair<Mode>,
  types: ChatTypes = "all",
): DelegationPair<Mode> {
  return [chain(pair[0], perCallbackQueryChatId(types)), pair[1]];
}

/** Options of a {@link UserHandler}. */
export interface UserHandlerOptions extends HandlerOptions {
  /** The flavors it takes (default: chat messages, inline queries, chosen inline results). */
  readonly flavors?: Flavors;
}

/** One conversation per user (pair with perFromId): takes the user's objects of its flavors. */
export class UserHandler<Mode extends CallMode = "async"> extends Handler<Mode> {
  /** The user of this conversation. */
  readonly userId: number;
  /** The flavors this handler takes. */
  readonly flavors: Flavors;
  #sender: Sender<Mode> | undefined;
  #answerer: Answerer<Mode> | undefined;
  readonly #runtime: Runtime;

  /** See {@link Handler}; the user id is the seed (or the first object's `from.id`). */
  constructor(ctx: HandlerContext<Mode>, options: UserHandlerOptions = {}) {
    super(ctx, options);
    this.#runtime = ctx.runtime;
    this.flavors = options.flavors ?? DEFAULT_FROM_FLAVORS;
    const id = typeof ctx.seed === "number" ? ctx.seed : fieldOf(fieldOf(ctx.msg, "from"), "id");
    if (typeof id !== "number")
      throw new TypeError("A UserHandler needs a user id: seed it with perFromId()");
    this.userId = id;
  }

  /** Takes events and objects of its flavors. */
  override accepts(msg: Payload): boolean {
    if (this.flavors === "all" || isEventObject(msg)) return true;
    const kind = flavorOf(msg);
    return kind !== undefined && this.flavors.includes(kind);
  }

  /** The bot's send methods bound to the private chat with this user. */
  get sender(): Sender<Mode> {
    this.#sender ??= new Sender<Mode>(this.bot, this.userId);
    return this.#sender;
  }

  /** An {@link Answerer} for this user's inline queries (do not await it, so newer queries get through). */
  get answerer(): Answerer<Mode> {
    const isSuperseded = this.#runtime.isSuperseded;
    this.#answerer ??= new Answerer<Mode>(this.bot, {
      track: (work) => this.#runtime.track(work),
      ...(isSuperseded ? { isSuperseded } : {}),
    });
    return this.#answerer;
  }
}

/** A {@link UserHandler} for inline queries and chosen inline results only (pair with perInlineFromId). */
export class InlineUserHandler<Mode extends CallMode = "async"> extends UserHandler<Mode> {
  /** See {@link UserHandler}; the flavors are fixed to the inline ones. */
  constructor(ctx: HandlerContext<Mode>, options: HandlerOptions = {}) {
    super(ctx, { ...options, flavors: INLINE_FLAVORS });
  }
}

/** One conversation per message with an inline keyboard (pair with perCallbackQueryOrigin). */
export class CallbackQueryOriginHandler<Mode extends CallMode = "async"> extends Handler<Mode> {
  /** The bot's edit methods bound to the message the queries come from. */
  readonly editor: Editor<Mode>;

  /** See {@link Handler}; the seed must be an origin (seedKey(inline_message_id) or seedKey(chat_id, message_id)). */
  constructor(ctx: HandlerContext<Mode>, options: HandlerOptions = {}) {
    super(ctx, options);
    if (!isSeedTuple(ctx.seed))
      throw new TypeError("A CallbackQueryOriginHandler needs an origin seed: use perCallbackQueryOrigin()");
    this.editor = new Editor<Mode>(this.bot, ctx.seed.parts);
  }

  /** Takes callback queries and events only. */
  override accepts(msg: Payload): boolean {
    return isEventObject(msg) || flavorOf(msg) === "callback_query";
  }
}

/** One conversation per invoice payload (pair with perInvoicePayload): shipping, pre-checkout, payment. */
export class InvoiceHandler<Mode extends CallMode = "async"> extends Handler<Mode> {
  /** Takes shipping and pre-checkout queries, successful-payment messages and events. */
  override accepts(msg: Payload): boolean {
    if (isEventObject(msg)) return true;
    const kind = flavorOf(msg);
    return (
      kind === "shipping_query" ||
      kind === "pre_checkout_query" ||
      (kind === "normal" && (msg as Message).successful_payment !== undefined)
    );
  }
}

/** Watches every object routed to it that matches its capture templates (pair with perApplication). */
export class Monitor<Mode extends CallMode = "async"> extends Handler<Mode> {
  readonly #capture: readonly CaptureTemplate[];

  /** See {@link Handler}; `capture` is one template or a list (any matching is enough). No idle timeout unless given. */
  constructor(
    ctx: HandlerContext<Mode>,
    capture: CaptureTemplate | readonly CaptureTemplate[],
    options: HandlerOptions = {},
  ) {
    super(ctx, options);
    this.#capture = Array.isArray(capture) ? [...capture] : [capture as CaptureTemplate];
  }

  /** Takes events and the objects that match a capture template. */
  override accepts(msg: Payload): boolean {
    return isEventObject(msg) || matchesAny(this.#capture, msg);
  }
}
