// The conversation every interop bot is put through, whatever library it is written with. Each bot
// implements the same small behaviour (see the bots beside this file):
//   /start   -> "Hi <first name>" with a reply keyboard given in the string form [["Yes", "No"]]
//   /menu    -> "menu" with an inline button "Ping" (callback "ping"); the press is answered
//               "pong" and the message edited to "pinged"
//   /bold    -> "<b>bold</b> move" sent with parse_mode HTML
//   /photo   -> a PNG sent from bytes with the caption "png"
//   /album   -> two PNGs from bytes as one media group
//   /typing  -> the chat action "typing", then "typed"
//   /delete  -> "temp", deleted, then "deleted"
//   /hide    -> "hidden" with {"remove_keyboard": true}
//   a photo  -> getFile, the download, then "got <n> bytes"
//   an inline query q -> one article "echo: q"
//   other text -> "you said: <text>" as a reply to it
import type { Message } from "@telepot/core";
import { expect } from "vitest";
import type { BotHandle, Emulator, UserHandle } from "../../src/index.js";
import { PNG } from "../helpers.js";

/** What a step needs. */
export interface StepContext {
  emu: Emulator;
  bot: BotHandle;
  user: UserHandle;
}

/** One checked step of the conversation. */
export interface Step {
  name: string;
  run(ctx: StepContext): Promise<void>;
}

const keyboardOf = ({ emu, bot, user }: StepContext, message: Message) =>
  emu.runtime.world.chats.get(`p${bot.id}_${user.id}`)?.messages.get(message.message_id)?.keyboard;

/** The steps, in order (later ones do not depend on earlier ones' results, only on the bot running). */
export const STEPS: readonly Step[] = [
  {
    name: "command with a reply keyboard in the string form",
    async run(ctx) {
      ctx.user.start(ctx.bot);
      const hello = await ctx.user.nextMessage(ctx.bot);
      expect(hello.text).toBe(`Hi ${ctx.user.user.first_name}`);
      expect(keyboardOf(ctx, hello)).toMatchObject({ keyboard: [[{ text: "Yes" }, { text: "No" }]] });
    },
  },
  {
    name: "echo as a reply",
    async run({ bot, user }) {
      const mine = user.send(bot, "hello there");
      const echo = await user.nextMessage(bot);
      expect(echo).toMatchObject({
        text: "you said: hello there",
        reply_to_message: { message_id: mine.message_id },
      });
    },
  },
  {
    name: "inline keyboard, callback answer and edit",
    async run({ bot, user }) {
      user.command(bot, "menu");
      const menu = await user.nextMessage(bot);
      expect(menu.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({
        text: "Ping",
        callback_data: "ping",
      });
      expect(await user.press(menu, "ping")).toMatchObject({ text: "pong" });
      expect(await user.nextEdit(bot)).toMatchObject({ message_id: menu.message_id, text: "pinged" });
    },
  },
  {
    name: "parse mode",
    async run({ bot, user }) {
      user.command(bot, "bold");
      const bold = await user.nextMessage(bot);
      expect(bold).toMatchObject({ text: "bold move", entities: [{ type: "bold", offset: 0, length: 4 }] });
    },
  },
  {
    name: "photo upload from bytes",
    async run({ bot, user }) {
      user.command(bot, "photo");
      const photo = await user.nextMessage(bot);
      expect(photo.caption).toBe("png");
      expect(photo.photo?.at(-1)).toMatchObject({ width: 1, height: 1, file_size: PNG.length });
    },
  },
  {
    name: "getFile and download",
    async run({ bot, user }) {
      user.sendPhoto(bot, { data: PNG, filename: "in.png", contentType: "image/png" });
      expect((await user.nextMessage(bot)).text).toBe(`got ${PNG.length} bytes`);
    },
  },
  {
    name: "media group",
    async run({ bot, user }) {
      user.command(bot, "album");
      const first = await user.nextMessage(bot);
      const second = await user.nextMessage(bot);
      expect(first.media_group_id).toBeTypeOf("string");
      expect(second.media_group_id).toBe(first.media_group_id);
      expect([first.photo?.length, second.photo?.length]).toEqual([1, 1]);
    },
  },
  {
    name: "chat action",
    async run({ emu, bot, user }) {
      const actions: string[] = [];
      const listener = (_chat: unknown, botId: number, action: string) => {
        if (botId === bot.id) actions.push(action);
      };
      emu.runtime.world.events.on("action", listener);
      try {
        user.command(bot, "typing");
        expect((await user.nextMessage(bot)).text).toBe("typed");
        expect(actions).toContain("typing");
      } finally {
        emu.runtime.world.events.off("action", listener);
      }
    },
  },
  {
    name: "deleting",
    async run({ bot, user }) {
      user.command(bot, "delete");
      const temp = await user.nextMessage(bot);
      expect(temp.text).toBe("temp");
      expect((await user.nextMessage(bot)).text).toBe("deleted");
      expect(user.history(bot).some((m) => m.message_id === temp.message_id)).toBe(false);
    },
  },
  {
    name: "removing the reply keyboard",
    async run(ctx) {
      ctx.user.command(ctx.bot, "hide");
      const hidden = await ctx.user.nextMessage(ctx.bot);
      expect(hidden.text).toBe("hidden");
      expect(keyboardOf(ctx, hidden)).toMatchObject({ remove_keyboard: true });
    },
  },
  {
    name: "inline query",
    async run({ bot, user }) {
      const answer = await user.inlineQuery(bot, "abc");
      expect(answer.results).toHaveLength(1);
      expect(answer.choose(String(answer.results[0]?.id))).toMatchObject({
        text: "echo: abc",
        via_bot: { username: bot.username },
      });
      // The chosen result arrives as a message the bot echoes.
      expect((await user.nextMessage(bot)).text).toBe("you said: echo: abc");
    },
  },
];

/** A bot token no bot has, shaped like a real one. */
export const WRONG_TOKEN = "123456:wrong-token-for-the-interop-test";
