import { ManualClock } from "@telepot/async";
import { describe, expect, it } from "vitest";
import { start } from "../src/pairing.ts";
import { Lines, world } from "./helpers.ts";

describe("Pairing patterns", () => {
  it("routes each object to the handlers of its pairs, and closes each after its own timeout", async () => {
    const { emu, bot, ann } = await world();
    const lines = new Lines();
    const clock = new ManualClock(0);
    const example = await start(bot.token, {
      apiRoot: emu.apiRoot,
      log: lines.log,
      pollTimeout: 1,
      timerClock: clock,
    });
    const sorted = (from: number) => lines.lines.slice(from).toSorted();
    try {
      const a = ann.id;
      ann.send(bot, "hi");
      await lines.waitForCount(2);
      expect(sorted(0)).toEqual([
        `ChatHandlerSubclass ${a}: 1: normal: ["text","private",${a}]`,
        `UserHandlerSubclass ${a}: 1: normal: ["text","private",${a}]`,
      ]);

      // Adding the bot to a group is a message there too (new_chat_members).
      const group = ann.createGroup("Club", { members: [bot] });
      ann.send(group, "in the group");
      await lines.waitForCount(6);
      const of = (name: string) => lines.lines.slice(2).filter((l) => l.startsWith(`${name} `));
      expect(of("ChatHandlerSubclass")).toEqual([
        `ChatHandlerSubclass ${group.id}: 1: normal: ["new_chat_members","group",${group.id}]`,
        `ChatHandlerSubclass ${group.id}: 2: normal: ["text","group",${group.id}]`,
      ]);
      expect(of("UserHandlerSubclass")).toEqual([
        `UserHandlerSubclass ${a}: 2: normal: ["new_chat_members","group",${group.id}]`,
        `UserHandlerSubclass ${a}: 3: normal: ["text","group",${group.id}]`,
      ]);

      const query = emu.driver.actions.inlineQuery(ann.id, bot.id, "find", emu.driver.chatKey(ann.id, bot));
      await lines.waitForCount(8);
      expect(sorted(6)).toEqual([
        `UserHandlerSubclass ${a}: 4: inline_query: ["${query}",${a},"find"]`,
        `UserHandlerSubclassInlineOnly ${a}: 1: inline_query: ["${query}",${a},"find"]`,
      ]);

      // 10 s of silence close the chat and inline-only handlers; 10 more close the user handler.
      await example.bot.settled();
      clock.advance(10_000);
      await example.bot.settled();
      expect(sorted(8)).toEqual(
        [
          `ChatHandlerSubclass ${a}: closed`,
          `ChatHandlerSubclass ${group.id}: closed`,
          `UserHandlerSubclassInlineOnly ${a}: closed`,
        ].toSorted(),
      );
      clock.advance(10_000);
      await example.bot.settled();
      expect(lines.lines.slice(11)).toEqual([`UserHandlerSubclass ${a}: closed`]);
      expect(example.bot.delegates).toBe(0);

      ann.send(bot, "back");
      await lines.waitForCount(14);
      expect(sorted(12)).toEqual([
        `ChatHandlerSubclass ${a}: 1: normal: ["text","private",${a}]`,
        `UserHandlerSubclass ${a}: 1: normal: ["text","private",${a}]`,
      ]);
      // Nothing was ever sent to a chat.
      expect(ann.history(bot).filter((m) => m.from?.is_bot)).toEqual([]);
    } finally {
      await example.stop();
      await emu.close();
    }
  });
});
