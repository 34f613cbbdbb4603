import { describe, expect, it } from "vitest";
import type { ExampleOptions, RunningExample } from "../src/lib/example.ts";
import * as extend from "../src/skeleton-extend.ts";
import * as global from "../src/skeleton-global.ts";
import { Lines, world } from "./helpers.ts";

const skeletons: [string, (token: string, options: ExampleOptions) => Promise<RunningExample>][] = [
  ["global handler", global.start],
  ["extending Bot", extend.start],
];

describe.each(skeletons)("Skeleton (%s)", (_name, start) => {
  it("glances at messages, answers inline queries and sees the chosen result", async () => {
    const { emu, bot, ann } = await world({ inlineFeedback: true });
    const lines = new Lines();
    const example = await start(bot.token, { apiRoot: emu.apiRoot, log: lines.log, pollTimeout: 1 });
    try {
      ann.send(bot, "hello");
      expect(await lines.waitForCount(1)).toEqual([`Normal Message: text private ${ann.id}`]);
      ann.sendLocation(bot, 48.85, 2.35);
      await lines.waitForCount(2);
      expect(lines.lines[1]).toBe(`Normal Message: location private ${ann.id}`);

      const answer = await ann.inlineQuery(bot, "cats");
      expect(lines.lines[2]).toBe(`Inline Query: ${answer.queryId} ${ann.id} cats`);
      expect(answer.results).toEqual([
        { type: "article", id: "abc", title: "ABC", input_message_content: { message_text: "Good morning" } },
      ]);
      const sent = answer.choose("abc");
      expect(sent.text).toBe("Good morning");
      // The chosen result is a message in the chat too (sent via the bot), and a chosen_inline_result.
      await lines.waitFor(`Chosen Inline Result: abc ${ann.id} cats`);
      await lines.waitFor(`Normal Message: text private ${ann.id}`, 3);
      expect(lines.lines).toHaveLength(5);
    } finally {
      await example.stop();
      await emu.close();
    }
  });
});
