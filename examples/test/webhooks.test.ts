import { Bot, ManualClock } from "@telepot/async";
import type { InlineAnswer } from "@telepot/emulator";
import { describe, expect, it } from "vitest";
import type { RunningExample } from "../src/lib/example.ts";
import * as honoCounter from "../src/webhook-hono-counter.ts";
import * as honoSkeleton from "../src/webhook-hono-skeleton.ts";
import * as httpCounter from "../src/webhook-http-counter.ts";
import * as httpSkeleton from "../src/webhook-http-skeleton.ts";
import { Lines, world } from "./helpers.ts";

/** The webhook URL the example registered, read through a second client of the same bot. */
async function webhookUrl(token: string, apiRoot: string): Promise<string> {
  const probe = new Bot(token, { apiRoot });
  try {
    return (await probe.getWebhookInfo()).url;
  } finally {
    await probe.dispose();
  }
}

describe.each([
  ["node:http", httpSkeleton.start],
  ["Hono", honoSkeleton.start],
])("Webhook skeleton (%s)", (_name, start) => {
  it("receives updates through the webhook and removes it on stop", async () => {
    const { emu, bot, ann } = await world({ inlineFeedback: true });
    const lines = new Lines();
    const example: RunningExample = await start(bot.token, { apiRoot: emu.apiRoot, log: lines.log });
    let answer: InlineAnswer | undefined;
    try {
      const url = await webhookUrl(bot.token, emu.apiRoot);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook$/);

      ann.send(bot, "hello");
      await lines.waitFor(`Normal Message: text private ${ann.id}`);
      answer = await ann.inlineQuery(bot, "tea");
      expect(answer.results).toMatchObject([{ id: "abc", title: "ABC" }]);
      answer.choose("abc");
      await lines.waitFor(`Chosen Inline Result: abc ${ann.id} tea`);

      // Only Telegram knows the secret token: a forged update is refused and never handled.
      const forged = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "guess" },
        body: JSON.stringify({
          update_id: 999,
          message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: "forged" },
        }),
      });
      expect(forged.status).toBe(401);
      expect((await fetch(url.replace(/webhook$/, "other"), { method: "POST" })).status).toBe(404);
    } finally {
      await example.stop();
    }
    expect(await webhookUrl(bot.token, emu.apiRoot)).toBe("");
    expect(lines.lines.toSorted()).toEqual(
      [
        `Normal Message: text private ${ann.id}`,
        `Inline Query: ${answer?.queryId} ${ann.id} tea`,
        // The chosen result is a message in the chat too, sent by Ann via the bot.
        `Normal Message: text private ${ann.id}`,
        `Chosen Inline Result: abc ${ann.id} tea`,
      ].toSorted(),
    );
    await emu.close();
  });
});

describe.each([
  ["node:http", httpCounter.start],
  ["Hono", honoCounter.start],
])("Webhook Message Counter (%s)", (_name, start) => {
  it("counts per chat and starts over after the idle timeout", async () => {
    const { emu, bot, ann } = await world();
    const clock = new ManualClock(0);
    const example = await start(bot.token, { apiRoot: emu.apiRoot, timeout: 10, timerClock: clock });
    try {
      for (const text of ["a", "b", "c"]) ann.send(bot, text);
      const replies = [];
      for (let i = 0; i < 3; i++) replies.push((await ann.nextMessage(bot)).text);
      expect(replies).toEqual(["1", "2", "3"]);
      await example.bot.settled();
      clock.advance(10_000);
      await example.bot.settled();
      ann.send(bot, "d");
      expect((await ann.nextMessage(bot)).text).toBe("1");
    } finally {
      await example.stop();
      await emu.close();
    }
  });
});
