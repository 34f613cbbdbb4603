import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatLocalTime, start } from "../src/dicey-clock.ts";
import type { RunningExample } from "../src/lib/example.ts";
import { Lines, type World, world } from "./helpers.ts";

let w: World;
let example: RunningExample;
const lines = new Lines();
const rolls = [0, 0.999, 0.5];

beforeAll(async () => {
  w = await world();
  example = await start(w.bot.token, {
    apiRoot: w.emu.apiRoot,
    log: lines.log,
    pollTimeout: 1,
    now: () => new Date(2016, 1, 6, 12, 34, 56, 789),
    random: () => rolls.shift() ?? 0,
  });
});
afterAll(async () => {
  await example.stop();
  await w.emu.close();
});

describe("Dicey Clock", () => {
  it("answers /roll with 1-6 and /time with the local time", async () => {
    const { ann, bot } = w;
    ann.command(bot, "roll");
    expect((await ann.nextMessage(bot)).text).toBe("1");
    ann.command(bot, "roll");
    expect((await ann.nextMessage(bot)).text).toBe("6");
    ann.command(bot, "time");
    expect((await ann.nextMessage(bot)).text).toBe("2016-02-06 12:34:56.789000");
  });

  it("ignores other text and non-text messages", async () => {
    const { ann, bot } = w;
    const from = lines.lines.length;
    ann.send(bot, "hello");
    ann.sendLocation(bot, 1, 2);
    ann.command(bot, "roll");
    // The reply to /roll comes after the two others were handled (one chat: in order).
    expect((await ann.nextMessage(bot)).text).toBe("4");
    expect(lines.lines.slice(from)).toEqual([
      "Got command: hello",
      "Not a command: a location message",
      "Got command: /roll",
    ]);
  });

  it("prints the time as Python's str(datetime) did", () => {
    expect(formatLocalTime(new Date(2016, 1, 6, 7, 8, 9, 5))).toBe("2016-02-06 07:08:09.005000");
    expect(formatLocalTime(new Date(2016, 11, 31, 23, 59, 59, 0))).toBe("2016-12-31 23:59:59");
  });
});
