import { describe, expect, it } from "vitest";
import { start } from "../src/deep-linking.ts";
import { Lines, world } from "./helpers.ts";

describe("Deep linking", () => {
  it("serves a personal link, and the bot resolves /start <key> to the user", async () => {
    const { emu, bot, ann } = await world({ username: "linked_bot" });
    const lines = new Lines();
    const example = await start(bot.token, {
      apiRoot: emu.apiRoot,
      log: lines.log,
      keys: new Map([
        ["ghijk", 123],
        ["other-key_9", 456],
      ]),
    });
    try {
      const page = await fetch(`${example.origin}/link`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('<a href="https://t.me/linked_bot?start=ghijk">Open conversation with bot</a>');

      // Following the link and pressing START: Telegram sends "/start <payload>".
      const href = /href="([^"]+)"/.exec(html)?.[1] ?? "";
      ann.start(bot, new URL(href).searchParams.get("start") ?? "");
      await lines.waitFor(`chat_id: ${ann.id}`);
      expect(lines.lines).toEqual([
        `Normal Message: text private ${ann.id}`,
        "Text: /start ghijk",
        "Payload: ghijk",
        "User ID: 123",
        `chat_id: ${ann.id}`,
      ]);
      expect(example.chats.get(123)).toBe(ann.id);

      const from = lines.lines.length;
      ann.start(bot);
      ann.send(bot, "/start two words");
      ann.start(bot, "nokey");
      ann.send(bot, "hello");
      await lines.waitFor("Text: hello", from);
      expect(lines.lines.slice(from).filter((l) => !l.startsWith("Normal Message"))).toEqual([
        "Text: /start",
        "No payload, or more than one chunk of payload",
        "Text: /start two words",
        "No payload, or more than one chunk of payload",
        "Text: /start nokey",
        "Payload: nokey",
        "Invalid key, no corresponding User ID",
        "Text: hello",
      ]);
      expect([...example.chats]).toEqual([[123, ann.id]]);
      // The bot only listens: it never wrote into the chat.
      expect(ann.history(bot).filter((m) => m.from?.is_bot)).toEqual([]);
    } finally {
      await example.stop();
      await emu.close();
    }
  });
});
