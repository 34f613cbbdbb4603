// The inline section of the root README: flance on each flavor, and an answer mixing a
// hand-written and a built result, as the emulator's user sees it.
import { hasFlavor } from "@telepot/async";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerWithArticles, headline } from "../snippets/inline.ts";
import { eventually, type World, world } from "./helpers.ts";

let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(async () => {
  await w.close();
});

describe("answering an inline query", () => {
  it("sends both articles, and the user's choice comes back as a chosen_inline_result", async () => {
    const seen: string[] = [];
    const loop = w.bot.messageLoop(
      async (msg) => {
        seen.push(headline(msg));
        if (hasFlavor(msg, "inline_query")) await answerWithArticles(w.bot, msg.id);
      },
      { timeout: 1 },
    );
    const answer = await w.nick.inlineQuery(w.account, "abc");
    expect(answer.results).toEqual([
      { type: "article", id: "abc", title: "ABC", input_message_content: { message_text: "Good morning" } },
      { type: "article", id: "xyz", title: "ZZZZZ", input_message_content: { message_text: "Good night" } },
    ]);
    const chosen = answer.choose("xyz");
    expect(chosen.text).toBe("Good night");
    // Choosing sends the article's message to the chat (the bot sees it too), and tells the bot.
    const feedback = `chosen_inline_result xyz from ${w.nick.id}: abc`;
    await eventually(() => (seen.includes(feedback) ? true : undefined), `only saw ${JSON.stringify(seen)}`);
    expect(seen[0]).toMatch(new RegExp(`^inline_query \\S+ from ${w.nick.id}: abc$`));
    await loop.stop();
  });
});

describe("headline (flance)", () => {
  it("describes a message and a callback query", async () => {
    const seen: string[] = [];
    const loop = w.bot.messageLoop(
      async (msg) => {
        seen.push(headline(msg));
        if (hasFlavor(msg, "callback_query")) await w.bot.answerCallbackQuery(msg.id);
      },
      { timeout: 1 },
    );
    const chatId = w.nick.send(w.account, "hi").chat.id;
    const message = await w.bot.sendMessage(chatId, "Press", {
      reply_markup: { inline_keyboard: [[{ text: "Press", callback_data: "pressed" }]] },
    });
    await w.nick.press(message, "pressed");
    await eventually(() => (seen.length >= 2 ? true : undefined), `only saw ${JSON.stringify(seen)}`);
    expect(seen[0]).toBe(`text message in private chat ${chatId}`);
    expect(seen[1]).toMatch(new RegExp(`^callback_query \\S+ from ${w.nick.id}$`));
    await loop.stop();
  });
});
