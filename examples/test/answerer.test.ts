import { describe, expect, it } from "vitest";
import * as global from "../src/answerer-global.ts";
import * as inHandler from "../src/answerer-handler.ts";
import type { RunningExample } from "../src/lib/example.ts";
import { Lines, world } from "./helpers.ts";

type Start = (token: string, options: global.AnswererExampleOptions) => Promise<RunningExample>;

// A lookup that never finishes on its own for texts ending in "…": only a newer query (which
// aborts it) ends it. Other texts are looked up at once, in upper case.
const lookup: global.Lookup = (text, signal) =>
  text.endsWith("…")
    ? new Promise((resolve) => signal.addEventListener("abort", () => resolve("too late"), { once: true }))
    : text.toUpperCase();

describe.each([
  ["global", global.start as Start, ""],
  ["in a handler", inHandler.start as Start, "ID : "],
])("Answerer (%s)", (_name, start, prefix) => {
  it("answers each user's latest query; a superseded answer is never sent", async () => {
    const { emu, bot, ann } = await world({ inlineFeedback: true });
    const ben = emu.driver.createUser({ firstName: "Ben" });
    const lines = new Lines();
    const example = await start(bot.token, { apiRoot: emu.apiRoot, log: lines.log, pollTimeout: 1, lookup });
    const who = (id: number) => prefix.replace("ID", String(id));
    try {
      // Ann types "pa…" and then "paris": the first computation hangs until the second aborts it.
      const chat = emu.driver.chatKey(ann.id, bot);
      const first = emu.driver.actions.inlineQuery(ann.id, bot.id, "pa…", chat);
      await lines.waitFor(`${first}: Computing for: pa…`);
      const benAnswer = await ben.inlineQuery(bot, "rome");
      const annAnswer = await ann.inlineQuery(bot, "paris");
      await lines.waitFor(`${first}: Superseded by a newer query`);

      expect(annAnswer.results).toEqual([
        { type: "article", id: "abc", title: "PARIS", input_message_content: { message_text: "PARIS" } },
      ]);
      expect(benAnswer.results).toMatchObject([{ title: "ROME" }]);
      expect(emu.driver.answer(first)).toBeUndefined();

      annAnswer.choose("abc");
      await lines.waitFor(`${who(ann.id)}Chosen Inline Result: abc ${ann.id} paris`);
      const mine = lines.lines.filter((l) => l.includes(first) || l.includes(annAnswer.queryId));
      expect(mine).toEqual([
        `${who(ann.id)}Inline Query: ${first} ${ann.id} pa…`,
        `${first}: Computing for: pa…`,
        `${who(ann.id)}Inline Query: ${annAnswer.queryId} ${ann.id} paris`,
        `${annAnswer.queryId}: Computing for: paris`,
        // The abort ends the older computation at once; the newer answer takes a round trip.
        `${first}: Superseded by a newer query`,
        `${annAnswer.queryId}: Answered`,
      ]);
    } finally {
      await example.stop();
      await emu.close();
    }
  });
});
