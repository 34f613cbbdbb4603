// Sender, Administrator and Editor: the bot's methods with a chat or message identifier bound.
// Which methods each offers (the generated traits: METHODS at run time, BoundMethods for the types)
// and how an argument is dropped (MethodRequired/MethodParams) come from the generated tables.
import {
  type ApiCalls,
  type BoundMethods,
  type CallMode,
  METHODS,
  type MethodName,
  type MethodParams,
  type MethodResults,
  type Returned,
} from "../generated/methods.js";
import type { MethodRequired } from "../generated/required.js";

/** The positional argument types of method K after dropping the parameters named in Bound. */
type BoundArgs<
  K extends MethodName,
  Names extends readonly string[],
  Bound extends string,
> = Names extends readonly [infer Head extends string, ...infer Rest extends readonly string[]]
  ? Head extends Bound
    ? BoundArgs<K, Rest, Bound>
    : [MethodParams[K][Head & keyof MethodParams[K]], ...BoundArgs<K, Rest, Bound>]
  : [];

/** The options object of method K without the bound parameters. */
type BoundOptions<K extends MethodName, Bound extends string> = Omit<
  MethodParams[K],
  MethodRequired[K][number] | Bound
>;

/** The trailing options argument, when the method has optional parameters left after binding. */
type OptionsArg<K extends MethodName, Bound extends string> = [keyof BoundOptions<K, Bound>] extends [never]
  ? []
  : [options?: BoundOptions<K, Bound> | undefined];

/** One method of ApiCalls with the parameters named in Bound taken from the binding. */
export type BoundCall<Mode extends CallMode, K extends MethodName, Bound extends string> = (
  ...args: [...BoundArgs<K, MethodRequired[K], Bound>, ...OptionsArg<K, Bound>]
) => Returned<Mode, MethodResults[K]>;

/** The methods named in Names, each with the parameters named in Bound bound. */
export type BoundCalls<Mode extends CallMode, Names extends MethodName, Bound extends string> = {
  /** The Bot API method of this name with the bound parameters filled in (see ApiCalls for its documentation). */
  [K in Names]: BoundCall<Mode, K, Bound>;
};

/** Methods of a {@link Sender}: the send/forward/copy methods that require `chat_id` (generated: MethodTraits.boundBy). */
export type SenderMethod = BoundMethods["sender"];

/** Methods of an {@link Administrator}: the chat and forum-topic methods that require `chat_id` (generated: MethodTraits.boundBy). */
export type AdministratorMethod = BoundMethods["administrator"];

/** Methods of an {@link Editor}: edit/delete/stop methods addressing one message (generated: MethodTraits.boundBy). */
export type EditorMethod = BoundMethods["editor"];

/** The parameters an Editor binds. */
export type EditorBound = "chat_id" | "message_id" | "inline_message_id";

// The lists are computed at load time, but marked pure: a bundle that never uses them drops them.
const NAMES = /* @__PURE__ */ Object.keys(METHODS) as MethodName[];

/** The run-time list of {@link SenderMethod}. */
export const SENDER_METHODS: readonly SenderMethod[] = /* @__PURE__ */ NAMES.filter(
  (n) => METHODS[n].traits.boundBy === "sender",
) as SenderMethod[];

/** The run-time list of {@link AdministratorMethod}. */
export const ADMINISTRATOR_METHODS: readonly AdministratorMethod[] = /* @__PURE__ */ NAMES.filter(
  (n) => METHODS[n].traits.boundBy === "administrator",
) as AdministratorMethod[];

/** The run-time list of {@link EditorMethod}. */
export const EDITOR_METHODS: readonly EditorMethod[] = /* @__PURE__ */ NAMES.filter(
  (n) => METHODS[n].traits.boundBy === "editor",
) as EditorMethod[];

type AnyCall = (...args: unknown[]) => unknown;

/**
 * Calls `name` on `bot` with `bound` parameters filled in: bound required parameters take their
 * positional slot, bound optional ones go into the options object (over the caller's).
 */
export function callBound(
  bot: object,
  name: MethodName,
  bound: Readonly<Record<string, unknown>>,
  args: readonly unknown[],
): unknown {
  const info = METHODS[name];
  const positional: unknown[] = [];
  let next = 0;
  for (const param of info.required) positional.push(param in bound ? bound[param] : args[next++]);
  const userOptions = args[next];
  if (args.length > next + 1) {
    throw new TypeError(
      `${name} takes ${next} positional argument(s) and an options object here; got ${args.length}`,
    );
  }
  if (userOptions !== undefined && (typeof userOptions !== "object" || userOptions === null)) {
    throw new TypeError(`${name}: the argument after the positional ones must be an options object`);
  }
  let options: Record<string, unknown> | undefined = userOptions as Record<string, unknown> | undefined;
  for (const key of Object.keys(bound)) {
    if (info.required.includes(key) || !info.params.includes(key)) continue;
    options = { ...options, [key]: bound[key] };
  }
  if (options !== undefined && info.params.length > info.required.length) positional.push(options);
  const fn = (bot as Record<string, AnyCall | undefined>)[name];
  if (typeof fn !== "function") throw new TypeError(`the bot has no method ${name}`);
  return fn.apply(bot, positional);
}

// The prototypes get their methods when the first instance is made, not at load time: patching a
// prototype at the top level is a side effect that keeps the whole module (and the METHODS table)
// in every bundle that imports anything from the package.
const installed = /* @__PURE__ */ new WeakSet<object>();

/**
 * Installs, once per prototype, one forwarding method per name; each calls {@link callBound}
 * with `this.binding()`.
 */
function install(
  proto: { binding(name: MethodName): Record<string, unknown> },
  names: readonly MethodName[],
) {
  if (installed.has(proto)) return;
  installed.add(proto);
  for (const name of names) {
    Object.defineProperty(proto, name, {
      value: function (
        this: { bot: object; binding(n: MethodName): Record<string, unknown> },
        ...args: unknown[]
      ) {
        return callBound(this.bot, name, this.binding(name), args);
      },
      writable: true,
      configurable: true,
    });
  }
}

/** What a {@link Sender} and an {@link Administrator} share: a bot, and the chat whose id they bind. */
export class ChatBinding<Mode extends CallMode = "async"> {
  /** The bot the calls go to. */
  readonly bot: ApiCalls<Mode>;
  /** The chat whose id is bound (`chat_id`). */
  readonly chatId: number | string;

  /** Binds `chatId` to the calls made through `bot`. */
  constructor(bot: ApiCalls<Mode>, chatId: number | string) {
    this.bot = bot;
    this.chatId = chatId;
  }

  /** The bound parameters. */
  binding(): Record<string, unknown> {
    return { chat_id: this.chatId };
  }
}

/** The send methods of the bot with `chat_id` bound: `sender.sendMessage("hi")`. */
export interface Sender<Mode extends CallMode = "async"> extends BoundCalls<Mode, SenderMethod, "chat_id"> {}

/** The send methods of the bot with `chat_id` bound: `sender.sendMessage("hi")`. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: install() puts every method of the interface on the prototype (on first construction).
export class Sender<Mode extends CallMode = "async"> extends ChatBinding<Mode> {
  /** Binds `chatId` to the send methods of `bot`. */
  constructor(bot: ApiCalls<Mode>, chatId: number | string) {
    install(Sender.prototype, SENDER_METHODS);
    super(bot, chatId);
  }
}

/** The chat-administration methods of the bot with `chat_id` bound: `administrator.getChat()`. */
export interface Administrator<Mode extends CallMode = "async">
  extends BoundCalls<Mode, AdministratorMethod, "chat_id"> {}

/** The chat-administration methods of the bot with `chat_id` bound: `administrator.getChat()`. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: install() puts every method of the interface on the prototype (on first construction).
export class Administrator<Mode extends CallMode = "async"> extends ChatBinding<Mode> {
  /** Binds `chatId` to the chat-administration methods of `bot`. */
  constructor(bot: ApiCalls<Mode>, chatId: number | string) {
    install(Administrator.prototype, ADMINISTRATOR_METHODS);
    super(bot, chatId);
  }
}

/** Which message an Editor edits: a chat message or an inline message. */
export type MessageIdentifier =
  | {
      /** The chat the message is in. */
      readonly chat_id: number | string;
      /** The message's id in that chat. */
      readonly message_id: number;
    }
  | {
      /** The id of a message sent via the bot in inline mode. */
      readonly inline_message_id: string;
    };

/**
 * The identifier of a message: from a Message (`chat.id`, `message_id`), an inline message id, a
 * `{chat_id, message_id}` / `{inline_message_id}` object, or an origin seed's parts.
 */
export function messageIdentifier(target: unknown): MessageIdentifier {
  if (typeof target === "string") return { inline_message_id: target };
  if (Array.isArray(target)) {
    if (target.length === 1 && typeof target[0] === "string") return { inline_message_id: target[0] };
    if (target.length === 2 && typeof target[1] === "number") {
      return { chat_id: target[0] as number | string, message_id: target[1] };
    }
  }
  if (typeof target === "object" && target !== null) {
    const t = target as Record<string, unknown>;
    if (typeof t.inline_message_id === "string") return { inline_message_id: t.inline_message_id };
    if (typeof t.message_id === "number") {
      const chat = t.chat as Record<string, unknown> | undefined;
      const chatId = t.chat_id ?? chat?.id;
      if (typeof chatId === "number" || typeof chatId === "string")
        return { chat_id: chatId, message_id: t.message_id };
    }
    if (Array.isArray(t.parts)) return messageIdentifier(t.parts);
  }
  throw new TypeError(
    "Not a message identifier: expected a Message, an inline_message_id or {chat_id, message_id}",
  );
}

/** The edit/delete/stop methods of the bot bound to one message: `editor.editMessageText("new")`. */
export interface Editor<Mode extends CallMode = "async">
  extends BoundCalls<Mode, EditorMethod, EditorBound> {}

/** The edit/delete/stop methods of the bot bound to one message: `editor.editMessageText("new")`. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: install() puts every method of the interface on the prototype (on first construction).
export class Editor<Mode extends CallMode = "async"> {
  /** The bot the calls go to. */
  readonly bot: ApiCalls<Mode>;
  /** The message edited. */
  readonly identifier: MessageIdentifier;

  /** Binds a message (see {@link messageIdentifier} for the accepted forms) to the edit methods of `bot`. */
  constructor(bot: ApiCalls<Mode>, message: unknown) {
    install(Editor.prototype, EDITOR_METHODS);
    this.bot = bot;
    this.identifier = messageIdentifier(message);
  }

  /** The bound parameters for `name`; an inline message cannot be used where only chat messages are. */
  binding(name: MethodName): Record<string, unknown> {
    if ("inline_message_id" in this.identifier && !METHODS[name].params.includes("inline_message_id")) {
      throw new TypeError(`${name} works on chat messages only; this Editor is bound to an inline message`);
    }
    return this.identifier;
  }
}
