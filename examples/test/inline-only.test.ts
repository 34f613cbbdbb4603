import { ManualClock } from "@telepot/async";
import { describe, expect, it } from "vitest";
import { start } from "../src/inline-only.ts";
import { Lines, world } from "./helpers.ts";

describe("Inline-only handler", () => {
  it("answers inline queries per user, ignores chat messages, ends after 10 idle seconds", async () => {
    const { emu, bot, ann } = await world({ inlineFeedback: true });
    const lines = new Lines();
    const clock = new ManualClock(0);
    const example = await start(bot.token, {
      apiRoot: emu.apiRoot,
      log: lines.log,
      pollTimeout: 1,
      timerClock: clock,
    });
    try {
      ann.send(bot, "hello");
      const answer = await ann.inlineQuery(bot, "news");
      expect(answer.results).toEqual([
        { type: "article", id: "abc", title: "ABC", input_message_content: { message_text: "Good morning" } },
      ]);
      await lines.waitForCount(2);
      answer.choose("abc");
      await lines.waitForCount(3);
      expect(lines.lines).toEqual([
        `${ann.id} : Inline Query: ${answer.queryId} ${ann.id} news`,
        `${ann.id} : Answers sent.`,
        `${ann.id} : Chosen Inline Result: abc ${ann.id} news`,
      ]);
      // The chat message and the chosen result's message (sent via the bot) started nothing more.
      await example.bot.settled();
      expect(example.bot.delegates).toBe(1);
      clock.advance(9_999);
      await example.bot.settled();
      expect(example.bot.delegates).toBe(1);
      clock.advance(1);
      await example.bot.settled();
      expect(example.bot.delegates).toBe(0);
      expect(ann.history(bot).filter((m) => m.from?.is_bot)).toEqual([]);
    } finally {
      await example.stop();
      await emu.close();
    }
  });
});
