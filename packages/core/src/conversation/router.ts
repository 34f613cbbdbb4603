// Router: dispatches a received object to the first matching route, by flavor, content type,
// command, a regular expression on text or callback data, or a predicate; else to the default.
import type { ContentType } from "../generated/meta.js";
import type { CallbackQuery, Message } from "../generated/types.js";
import { type ContentValue, contentType, type MessageWith } from "../message/content.js";
import { type AnyFlavor, type Flavor, type FlavorPayloads, flavor } from "../message/flavor.js";
import type { MaybePromise } from "./maybe.js";
import type { Payload } from "./seeds.js";

/** A parsed bot command: `/name@bot args`. */
export interface Command {
  /** The command name without the slash (and without `@bot`), lowercased. */
  readonly name: string;
  /** The bot username after `@`, if given. */
  readonly bot: string | undefined;
  /** The text after the command, trimmed. */
  readonly args: string;
}

/** The command at the start of a text (`/start payload`, `/help@my_bot`), or undefined. */
export function parseCommand(text: string): Command | undefined {
  const m = /^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (m === null) return undefined;
  return { name: (m[1] as string).toLowerCase(), bot: m[2], args: (m[3] ?? "").trim() };
}

/** What a route's handler returns: anything, or a promise of it. */
export type RouteResult = MaybePromise<unknown>;

type Route = (msg: Payload, kind: AnyFlavor | undefined) => (() => RouteResult) | undefined;

/** Options of a {@link Router}. */
export interface RouterOptions {
  /** The bot's username: commands addressed to another bot (`/cmd@other_bot`) are then not routed. */
  readonly username?: string;
}

/** Routes received objects to handlers; routes are tried in the order they were added. */
export class Router {
  readonly #routes: Route[] = [];
  readonly #username: string | undefined;
  #fallback: ((msg: Payload) => RouteResult) | undefined;

  /** An empty router. */
  constructor(options: RouterOptions = {}) {
    this.#username = options.username?.toLowerCase();
  }

  /** Routes objects of a flavor (e.g. "inline_query", "callback_query", or an event name). */
  onFlavor<F extends Flavor>(name: F, fn: (msg: FlavorPayloads[F]) => RouteResult): this;
  /** Routes events (`_name`) of a name. */
  onFlavor(name: `_${string}`, fn: (msg: Payload) => RouteResult): this;
  onFlavor(name: AnyFlavor, fn: (msg: never) => RouteResult): this {
    const call = fn as (msg: Payload) => RouteResult;
    this.#routes.push((msg, kind) => (kind === name ? () => call(msg) : undefined));
    return this;
  }

  /** Routes chat messages whose content type is `type`; the handler also gets the content. */
  onContent<T extends ContentType>(
    type: T,
    fn: (msg: MessageWith<T>, content: ContentValue<T>) => RouteResult,
  ): this {
    this.#routes.push((msg, kind) => {
      if (kind !== "normal") return undefined;
      let actual: ContentType;
      try {
        actual = contentType(msg as Message);
      } catch {
        return undefined;
      }
      if (actual !== type) return undefined;
      const content = (msg as Record<string, unknown>)[type] as ContentValue<T>;
      return () => fn(msg as MessageWith<T>, content);
    });
    return this;
  }

  /** Routes chat messages starting with the command `/name` (or any of `names`); gets the parsed command. */
  onCommand(
    names: string | readonly string[],
    fn: (msg: MessageWith<"text">, command: Command) => RouteResult,
  ): this {
    const wanted = new Set(
      (typeof names === "string" ? [names] : names).map((n) => n.replace(/^\//, "").toLowerCase()),
    );
    this.#routes.push((msg, kind) => {
      const text = kind === "normal" ? (msg as Message).text : undefined;
      if (text === undefined) return undefined;
      const command = parseCommand(text);
      if (command === undefined || !wanted.has(command.name)) return undefined;
      if (
        command.bot !== undefined &&
        this.#username !== undefined &&
        command.bot.toLowerCase() !== this.#username
      ) {
        return undefined;
      }
      return () => fn(msg as MessageWith<"text">, command);
    });
    return this;
  }

  /** Routes chat messages whose text matches `pattern`; gets the match. */
  onText(pattern: RegExp, fn: (msg: MessageWith<"text">, match: RegExpExecArray) => RouteResult): this {
    this.#routes.push((msg, kind) => {
      const text = kind === "normal" ? (msg as Message).text : undefined;
      if (text === undefined) return undefined;
      pattern.lastIndex = 0;
      const match = pattern.exec(text);
      return match === null ? undefined : () => fn(msg as MessageWith<"text">, match);
    });
    return this;
  }

  /** Routes callback queries whose data matches `pattern`; gets the match. */
  onData(
    pattern: RegExp,
    fn: (query: CallbackQuery & { data: string }, match: RegExpExecArray) => RouteResult,
  ): this {
    this.#routes.push((msg, kind) => {
      const data = kind === "callback_query" ? (msg as CallbackQuery).data : undefined;
      if (data === undefined) return undefined;
      pattern.lastIndex = 0;
      const match = pattern.exec(data);
      return match === null ? undefined : () => fn(msg as CallbackQuery & { data: string }, match);
    });
    return this;
  }

  /** Routes objects for which `test` holds. */
  on(test: (msg: Payload) => boolean, fn: (msg: Payload) => RouteResult): this {
    this.#routes.push((msg) => (test(msg) ? () => fn(msg) : undefined));
    return this;
  }

  /** The default route, for objects no other route takes. */
  otherwise(fn: (msg: Payload) => RouteResult): this {
    this.#fallback = fn;
    return this;
  }

  /** Whether some route (or the default) takes `msg`. */
  matches(msg: Payload): boolean {
    return this.#fallback !== undefined || this.#find(msg) !== undefined;
  }

  /**
   * Calls the first matching route's handler and returns what it returns (a promise in async code).
   * @throws TypeError when nothing matches and there is no default route.
   */
  route(msg: Payload): RouteResult {
    const run = this.#find(msg);
    if (run !== undefined) return run();
    if (this.#fallback !== undefined) return this.#fallback(msg);
    throw new TypeError("No route for this object, and no default route (add one with otherwise())");
  }

  #find(msg: Payload): (() => RouteResult) | undefined {
    let kind: AnyFlavor | undefined;
    try {
      kind = flavor(msg);
    } catch {
      kind = undefined;
    }
    for (const route of this.#routes) {
      const run = route(msg, kind);
      if (run !== undefined) return run;
    }
    return undefined;
  }
}
