// The traditional (blocking) examples. A blocking bot waits for each call with Atomics.wait, which
// would also stop an emulator on the same thread, so each runs as its own process here.
import { describe, expect, it } from "vitest";
import { run, world } from "./helpers.ts";

/** What an example printed, without the command line's own lines. */
function printedLines(output: string): string[] {
  return output.split("\n").filter((l) => l !== "" && l !== "Listening ..." && l !== "Stopping ...");
}

describe.each(["skeleton-blocking", "skeleton-blocking-extend"])("Traditional skeleton (%s)", (name) => {
  it("glances at messages, answers inline queries with blocking calls, sees the chosen result", async () => {
    const { emu, bot, ann } = await world({ inlineFeedback: true });
    const example = run(name, { TELEGRAM_BOT_TOKEN: bot.token, TELEGRAM_API_ROOT: emu.apiRoot });
    try {
      await example.printed("Listening ...");
      ann.send(bot, "hello");
      await example.printed(`Normal Message: text private ${ann.id}`);
      ann.sendLocation(bot, 48.85, 2.35);
      await example.printed(`Normal Message: location private ${ann.id}`);
      const answer = await ann.inlineQuery(bot, "cats");
      expect(answer.results).toEqual([
        { type: "article", id: "abc", title: "ABC", input_message_content: { message_text: "Good morning" } },
      ]);
      answer.choose("abc");
      await example.printed(`Chosen Inline Result: abc ${ann.id} cats`);
      example.child.kill("SIGINT");
      expect(await example.exited).toBe(0);
      const lines = printedLines(example.output());
      expect(lines.slice(0, 3)).toEqual([
        `Normal Message: text private ${ann.id}`,
        `Normal Message: location private ${ann.id}`,
        `Inline Query: ${answer.queryId} ${ann.id} cats`,
      ]);
      // The chosen result is also a message in the chat (sent by Ann via the bot).
      expect(lines.slice(3).toSorted()).toEqual(
        [`Chosen Inline Result: abc ${ann.id} cats`, `Normal Message: text private ${ann.id}`].toSorted(),
      );
    } finally {
      example.child.kill();
      await emu.close();
    }
  });
});

describe("Traditional Message Counter (counter-blocking)", () => {
  it("counts per chat, and after a short idle timeout starts over", async () => {
    const { emu, bot, ann } = await world();
    const ben = emu.driver.createUser({ firstName: "Ben" });
    const example = run("counter-blocking", {
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_API_ROOT: emu.apiRoot,
      IDLE_TIMEOUT: "1",
    });
    try {
      await example.printed("Listening ...");
      ann.send(bot, "a");
      ann.send(bot, "b");
      ben.send(bot, "x");
      expect((await ann.nextMessage(bot)).text).toBe("1");
      expect((await ann.nextMessage(bot)).text).toBe("2");
      expect((await ben.nextMessage(bot)).text).toBe("1");
      // The conversations end on their own after 1 s of silence (no sleep here: we wait for it).
      await example.printed(`Chat ${ann.id}: ended after 2 messages`);
      await example.printed(`Chat ${ben.id}: ended after 1 message`);
      ann.send(bot, "c");
      expect((await ann.nextMessage(bot)).text).toBe("1");
      example.child.kill("SIGINT");
      expect(await example.exited).toBe(0);
      // Stopping ends the conversation still open.
      expect(printedLines(example.output()).at(-1)).toBe(`Chat ${ann.id}: ended after 1 message`);
    } finally {
      example.child.kill();
      await emu.close();
    }
  });
});
