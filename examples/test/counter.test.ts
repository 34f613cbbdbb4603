import { ManualClock } from "@telepot/async";
import { describe, expect, it } from "vitest";
import { start } from "../src/counter.ts";
import { until, world } from "./helpers.ts";

describe("Message Counter", () => {
  it("counts per chat and starts over after the idle timeout", async () => {
    const { emu, bot, ann } = await world();
    const ben = emu.driver.createUser({ firstName: "Ben" });
    const clock = new ManualClock(0);
    const example = await start(bot.token, {
      apiRoot: emu.apiRoot,
      pollTimeout: 1,
      timeout: 10,
      timerClock: clock,
    });
    try {
      const replies = async (user: typeof ann, n: number) => {
        const texts: (string | undefined)[] = [];
        for (let i = 0; i < n; i++) texts.push((await user.nextMessage(bot)).text);
        return texts;
      };
      ann.send(bot, "a");
      ann.sendLocation(bot, 1, 2);
      ben.send(bot, "x");
      ann.send(bot, "b");
      expect(await replies(ann, 3)).toEqual(["1", "2", "3"]);
      expect(await replies(ben, 1)).toEqual(["1"]);

      // 9.999 s of silence keeps the count; then 10 s end both conversations.
      await example.bot.settled();
      clock.advance(9_999);
      ann.send(bot, "c");
      expect(await replies(ann, 1)).toEqual(["4"]);
      await example.bot.settled();
      clock.advance(10_000);
      await example.bot.settled();
      expect(example.bot.delegates).toBe(0);

      ann.send(bot, "d");
      ben.send(bot, "y");
      expect(await replies(ann, 1)).toEqual(["1"]);
      expect(await replies(ben, 1)).toEqual(["1"]);
    } finally {
      await example.stop();
      await emu.close();
    }
  });

  it("ends conversations on a short real timeout too", async () => {
    const { emu, bot, ann } = await world();
    const example = await start(bot.token, { apiRoot: emu.apiRoot, pollTimeout: 1, timeout: 0.05 });
    try {
      ann.send(bot, "a");
      expect((await ann.nextMessage(bot)).text).toBe("1");
      // Waits for the delegate to end (no fixed sleep): the next message then counts from 1 again.
      await until(() => example.bot.delegates === 0, "the conversation did not end");
      ann.send(bot, "b");
      expect((await ann.nextMessage(bot)).text).toBe("1");
    } finally {
      await example.stop();
      await emu.close();
    }
  });
});
