// An in-memory bot for the conversation tests: every API method records its call; in async mode it
// returns a promise (resolved at once, or held until released), in blocking mode the value itself.
import type { ApiCalls, CallMode } from "../../src/index.js";

/** One recorded API call. */
export interface RecordedCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

/** A fake bot plus its call log. */
export interface FakeBot<Mode extends CallMode> {
  readonly bot: ApiCalls<Mode>;
  readonly calls: RecordedCall[];
  /** The texts of every sendMessage, in order, as [chatId, text]. */
  sent(): [unknown, unknown][];
}

/** A fake bot whose methods resolve (async) or return (blocking) `{ ok: true }`-ish results. */
export function fakeBot<Mode extends CallMode = "async">(mode: Mode = "async" as Mode): FakeBot<Mode> {
  const calls: RecordedCall[] = [];
  const bot = new Proxy(
    {},
    {
      get(_target, name) {
        if (typeof name !== "string" || name === "then") return undefined;
        return (...args: unknown[]) => {
          calls.push({ method: name, args });
          const result = name.startsWith("send") ? { message_id: calls.length } : true;
          return mode === "async" ? Promise.resolve(result) : result;
        };
      },
    },
  ) as ApiCalls<Mode>;
  return {
    bot,
    calls,
    sent: () => calls.filter((c) => c.method === "sendMessage").map((c) => [c.args[0], c.args[1]]),
  };
}

let nextId = 1;

/** A private-chat text message. */
export function text(chatId: number, body: string, extra: Record<string, unknown> = {}) {
  const id = nextId++;
  return {
    message_id: id,
    date: 1_700_000_000 + id,
    chat: { id: chatId, type: chatId < 0 ? "group" : "private" },
    from: { id: chatId > 0 ? chatId : 42, is_bot: false, first_name: "U" },
    text: body,
    ...extra,
  };
}

/** An inline query from a user. */
export function inlineQuery(userId: number, query: string, id = `q${nextId++}`) {
  return { id, from: { id: userId, is_bot: false, first_name: "U" }, query, offset: "" };
}

/** A chosen inline result. */
export function chosen(userId: number, resultId = "abc") {
  return { result_id: resultId, from: { id: userId, is_bot: false, first_name: "U" }, query: "q" };
}

/** A callback query from a chat message. */
export function callbackQuery(chatId: number, messageId: number, data: string) {
  return {
    id: `cb${nextId++}`,
    from: { id: 7, is_bot: false, first_name: "U" },
    chat_instance: "ci",
    data,
    message: { message_id: messageId, date: 1, chat: { id: chatId, type: "private" } },
  };
}

/** A promise with its resolve function exposed. */
export function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
