import { describe, expect, it } from "vitest";
import { Answerer, type InlineQueryResult } from "../../src/index.js";
import { deferred, fakeBot, inlineQuery } from "./fake-bot.js";

const article = (title: string) =>
  ({ type: "article", id: "abc", title, message_text: title }) as unknown as InlineQueryResult;

describe("Answerer", () => {
  it("sends only the newest answer per user; the older computation is aborted", async () => {
    const { bot, calls } = fakeBot();
    const answerer = new Answerer(bot);
    const gates = [deferred(), deferred(), deferred()];
    const signals: AbortSignal[] = [];
    const compute = (i: number) => async (q: { query: string }, signal: AbortSignal) => {
      signals.push(signal);
      await gates[i]?.promise;
      return [article(q.query)];
    };
    const first = answerer.answer(inlineQuery(1, "a", "q1"), compute(0));
    const second = answerer.answer(inlineQuery(1, "ab", "q2"), compute(1));
    const other = answerer.answer(inlineQuery(2, "zz", "q3"), compute(2));
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
    expect(signals[2]?.aborted).toBe(false);
    // The stale computation finishes last, but its result is dropped.
    gates[1]?.resolve();
    gates[2]?.resolve();
    expect(await second).toBe(true);
    expect(await other).toBe(true);
    gates[0]?.resolve();
    expect(await first).toBe(false);
    expect(calls.map((c) => [c.args[0], (c.args[1] as { title: string }[])[0]?.title])).toEqual([
      ["q2", "ab"],
      ["q3", "zz"],
    ]);
    expect(answerer.running).toBe(0);
  });

  it("passes the other answerInlineQuery options through", async () => {
    const { bot, calls } = fakeBot();
    const answerer = new Answerer(bot);
    await answerer.answer(inlineQuery(1, "x", "q"), () => ({
      results: [article("x")],
      cache_time: 60,
      is_personal: true,
    }));
    expect(calls[0]?.args).toEqual(["q", [article("x")], { cache_time: 60, is_personal: true }]);
  });

  it("an abort surfacing as an error is not an error; other errors are", async () => {
    const { bot, calls } = fakeBot();
    const answerer = new Answerer(bot);
    const gate = deferred();
    const aborted = answerer.answer(inlineQuery(1, "a"), async (_q, signal) => {
      await gate.promise;
      signal.throwIfAborted();
      return [];
    });
    void answerer.answer(inlineQuery(1, "b"), () => [article("b")]);
    gate.resolve();
    expect(await aborted).toBe(false);
    await expect(
      answerer.answer(inlineQuery(3, "c"), async () => {
        throw new Error("compute failed");
      }),
    ).rejects.toThrow("compute failed");
    // A synchronous compute fails synchronously (as it must in blocking mode).
    expect(() => answerer.answer(inlineQuery(4, "d"), () => "nope" as never)).toThrow(
      /Invalid answer format/,
    );
    expect(calls).toHaveLength(1);
    expect(answerer.running).toBe(0);
  });

  it("works synchronously in blocking mode", () => {
    const { bot, calls } = fakeBot("blocking");
    const answerer = new Answerer<"blocking">(bot);
    const sent = answerer.answer(inlineQuery(1, "x", "q"), (q) => [article(q.query)]);
    expect(sent).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it("blocking: skips a query a newer one superseded, before computing and before sending", () => {
    const { bot, calls } = fakeBot("blocking");
    const waiting = new Set<number>();
    const answerer = new Answerer<"blocking">(bot, { isSuperseded: (q) => waiting.has(q.from.id) });
    const computed: string[] = [];
    waiting.add(1);
    const skipped = answerer.answer(inlineQuery(1, "a", "q1"), (q) => {
      computed.push(q.query);
      return [article(q.query)];
    });
    expect(skipped).toBe(false);
    waiting.clear();
    // A newer query arrives while this one is computed: its result is not sent.
    const late = answerer.answer(inlineQuery(1, "ab", "q2"), (q) => {
      computed.push(q.query);
      waiting.add(1);
      return [article(q.query)];
    });
    expect(late).toBe(false);
    waiting.clear();
    expect(answerer.answer(inlineQuery(1, "abc", "q3"), (q) => [article(q.query)])).toBe(true);
    expect(computed).toEqual(["ab"]);
    expect(calls.map((c) => c.args[0])).toEqual(["q3"]);
    expect(answerer.running).toBe(0);
  });
});
