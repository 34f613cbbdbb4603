// The blocking Bot's request pipeline: bot.use() middleware runs synchronously on the calling
// thread, in order, for generated methods and call() alike; it can rewrite the parameters or
// answer without a request; generated methods take the per-call options; each call publishes
// diagnostics_channel events on this thread.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiRequest, Bot, CALL_CHANNELS } from "../dist/index.js";
import { type FakeApi, startFakeApi, TOKEN } from "./helpers/fake-api.js";

let api: FakeApi;

beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(async () => {
  await api.close();
});

function withBot(run: (bot: Bot) => void | Promise<void>): () => Promise<void> {
  return async () => {
    const bot = new Bot(TOKEN, { apiRoot: api.apiRoot });
    try {
      await run(bot);
    } finally {
      bot.dispose();
    }
  };
}

describe("blocking middleware", () => {
  it(
    "runs in order on this thread, around generated methods and call()",
    withBot((bot) => {
      const log: string[] = [];
      bot.use((request, next) => {
        log.push(`a>${request.method}`);
        const result = next(request);
        log.push("a<");
        return result;
      });
      bot.use((request, next) => {
        log.push(`b>${request.method}`);
        const result = next(request);
        log.push("b<");
        return result;
      });
      expect(bot.getMe()).toMatchObject({ username: "YourBot" });
      bot.call("sendMessage", { chat_id: 3, text: "x" });
      expect(log).toEqual(["a>getMe", "b>getMe", "b<", "a<", "a>sendMessage", "b>sendMessage", "b<", "a<"]);
    }),
  );

  it(
    "rewrites parameters and changes results",
    withBot(async (bot) => {
      bot.use((request, next) => next({ ...request, params: { ...request.params, text: "rewritten" } }));
      bot.use((request, next) => ({ sent: next(request) }));
      expect(bot.sendMessage(7, "original")).toHaveProperty("sent");
      const { calls } = await api.seen();
      expect(calls.at(-1)).toMatchObject({
        method: "sendMessage",
        params: { chat_id: 7, text: "rewritten" },
      });
    }),
  );

  it(
    "answers without a request when it does not call next",
    withBot(async (bot) => {
      bot.use((request, next) =>
        request.method === "getMe" ? { id: 1, is_bot: true, first_name: "Cached" } : next(request),
      );
      const before = (await api.seen()).calls.length;
      expect(bot.getMe()).toEqual({ id: 1, is_bot: true, first_name: "Cached" });
      expect((await api.seen()).calls.length).toBe(before);
    }),
  );

  it(
    "generated methods take the per-call options last; the middleware sees them",
    withBot((bot) => {
      const seen: ApiRequest<"blocking">[] = [];
      bot.use((request, next) => {
        seen.push(request);
        return next(request);
      });
      bot.sendMessage(1, "x", { parse_mode: "HTML" }, { timeout: 5_000 });
      bot.getMe({ timeout: 4_000 });
      expect(seen.map((request) => request.options)).toEqual([{ timeout: 5_000 }, { timeout: 4_000 }]);
      expect(seen[0]?.params).toEqual({ chat_id: 1, text: "x", parse_mode: "HTML" });
    }),
  );

  it(
    "publishes start and end on diagnostics_channel, never the token",
    withBot((bot) => {
      const events: [string, Record<string, unknown>][] = [];
      const listeners = Object.entries(CALL_CHANNELS).map(([kind, name]) => {
        const listener = (message: unknown) => events.push([kind, message as Record<string, unknown>]);
        subscribe(name, listener);
        return [name, listener] as const;
      });
      try {
        bot.getMe();
        expect(() => bot.call("sendMessage", { chat_id: 404, text: "x" })).toThrow();
      } finally {
        for (const [name, listener] of listeners) unsubscribe(name, listener);
      }
      expect(events.map(([kind, message]) => [kind, message.method])).toEqual([
        ["start", "getMe"],
        ["end", "getMe"],
        ["start", "sendMessage"],
        ["error", "sendMessage"],
      ]);
      expect(typeof events[1]?.[1].durationMs).toBe("number");
      expect(JSON.stringify(events.map(([, m]) => ({ ...m, error: String(m.error) })))).not.toContain(
        TOKEN.split(":")[1],
      );
    }),
  );
});
