// Keyboards, callback and inline queries, groups and channels, chat queries, commands, flood
// control and persistence.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message, Update } from "@telepot/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Emulator, start } from "../src/index.js";
import { conforms } from "../src/spec/conforms.js";
import { call, drain as drainUpdates, ok } from "./helpers.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await start({ port: 0 });
});
afterAll(() => emu.close());

let n = 0;
const newBot = (opts: { privacy?: boolean; inlineFeedback?: boolean } = {}) =>
  emu.driver.createBot({ username: `i${++n}_bot`, ...opts });
const drain = (token: string) => drainUpdates(emu, token);

describe("keyboards and callback queries", () => {
  it("delivers a button press as callback_query and returns the bot's answer to the presser", async () => {
    const bot = newBot();
    const ann = emu.driver.createUser({ firstName: "Ann" });
    ann.start(bot);
    await drain(bot.token);
    const markup = {
      inline_keyboard: [
        [
          { text: "Yes", callback_data: "yes" },
          { text: "No", callback_data: "no" },
        ],
      ],
    };
    const sent = await ok<Message>(emu, bot.token, "sendMessage", {
      chat_id: ann.id,
      text: "Sure?",
      reply_markup: markup,
    });
    const shown = await ann.nextMessage(bot);
    expect(shown.reply_markup).toEqual(markup);
    const answer = ann.press(shown, "yes");
    const [update] = await ok<Update[]>(emu, bot.token, "getUpdates", { timeout: 5 });
    expect(update?.callback_query).toMatchObject({
      from: { id: ann.id },
      data: "yes",
      message: { message_id: sent.message_id },
    });
    expect(conforms(update?.callback_query, ["CallbackQuery"])).toEqual([]);
    await ok(emu, bot.token, "answerCallbackQuery", {
      callback_query_id: update?.callback_query?.id,
      text: "Done",
      show_alert: true,
    });
    expect(await answer).toEqual({ text: "Done", show_alert: true });
    expect(
      await call(emu, bot.token, "answerCallbackQuery", { callback_query_id: update?.callback_query?.id }),
    ).toMatchObject({
      description: "Bad Request: query is too old and response timeout expired or query ID is invalid",
    });
    await expect(ann.press(shown, "maybe")).rejects.toThrow(
      'has no inline button with callback_data "maybe" (it has: "yes", "no")',
    );
  });

  it("fails a press with a clear message when the bot never answers", async () => {
    const bot = newBot();
    const ann = emu.driver.createUser({ firstName: "Ann" });
    ann.start(bot);
    await ok(emu, bot.token, "sendMessage", {
      chat_id: ann.id,
      text: "k",
      reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "a" }]] },
    });
    const shown = await ann.nextMessage(bot);
    await expect(ann.press(shown, "a", { timeout: 50 })).rejects.toThrow(
      /did not answer the callback query for button "a".*waited 50 ms/,
    );
  });

  it("fails nextMessage with what happened in the chat instead", async () => {
    const bot = newBot();
    const ann = emu.driver.createUser({ firstName: "Ann" });
    ann.send(bot, "anyone there?");
    await expect(ann.nextMessage(bot, { timeout: 30 })).rejects.toThrow(
      /no new message from a bot in the private chat of Ann with @i\d+_bot; recent in this chat:\n {2}message #1 from Ann: "anyone there\?"/,
    );
  });

  it("waits driverTimeoutMs where a call names no timeout, else TELEPOT_EMULATOR_DRIVER_TIMEOUT_MS, else 5 s", async () => {
    const waited = async (emulator: Emulator) => {
      try {
        const bot = emulator.driver.createBot({ username: "quiet_bot" });
        const ann = emulator.driver.createUser({ firstName: "Ann" });
        return emulator.driver.defaultTimeout === 5000 // a real 5 s wait is not worth a test's time
          ? 5000
          : await ann.nextMessage(bot).then(
              () => Number.NaN,
              (error: Error) => Number(/waited (\d+) ms/.exec(error.message)?.[1]),
            );
      } finally {
        await emulator.close();
      }
    };
    vi.stubEnv("TELEPOT_EMULATOR_DRIVER_TIMEOUT_MS", "40");
    try {
      expect(await waited(await start({ port: 0, web: false }))).toBe(40);
      expect(await waited(await start({ port: 0, web: false, driverTimeoutMs: 30 }))).toBe(30);
      expect(await waited(await start({ port: 0, web: false, driverTimeout: 20 }))).toBe(20);
      vi.stubEnv("TELEPOT_EMULATOR_DRIVER_TIMEOUT_MS", "");
      expect(await waited(await start({ port: 0, web: false }))).toBe(5000);
      vi.stubEnv("TELEPOT_EMULATOR_DRIVER_TIMEOUT_MS", "soon");
      await expect(start({ port: 0, web: false })).rejects.toThrow(
        "TELEPOT_EMULATOR_DRIVER_TIMEOUT_MS must be a positive number of milliseconds, got soon",
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("inline mode", () => {
  it("shows the bot's inline results and sends the chosen one via the bot", async () => {
    const bot = newBot({ inlineFeedback: true });
    const ann = emu.driver.createUser({ firstName: "Ann" });
    const friendBot = newBot();
    const pending = ann.inlineQuery(bot, "cats", { from: friendBot });
    const [update] = await ok<Update[]>(emu, bot.token, "getUpdates", { timeout: 5 });
    expect(update?.inline_query).toMatchObject({
      query: "cats",
      from: { id: ann.id },
      offset: "",
      chat_type: "private",
    });
    const results = [
      {
        type: "article",
        id: "a1",
        title: "Cat fact",
        input_message_content: { message_text: "Cats <b>purr</b>", parse_mode: "HTML" },
      },
      {
        type: "article",
        id: "a2",
        title: "Other",
        input_message_content: { message_text: "meh" },
        reply_markup: { inline_keyboard: [[{ text: "like", callback_data: "like" }]] },
      },
    ];
    await ok(emu, bot.token, "answerInlineQuery", {
      inline_query_id: update?.inline_query?.id,
      results,
      cache_time: 0,
    });
    const answer = await pending;
    expect(answer.results.map((r) => r.id)).toEqual(["a1", "a2"]);
    const chosen = answer.choose("a1");
    expect(chosen).toMatchObject({
      text: "Cats purr",
      via_bot: { id: bot.id },
      entities: [{ type: "bold", offset: 5, length: 4 }],
    });
    const withKeys = answer.choose("a2");
    const feedback = await ok<Update[]>(emu, bot.token, "getUpdates", {
      offset: (update?.update_id as number) + 1,
    });
    const inlineId = feedback[1]?.chosen_inline_result?.inline_message_id;
    expect(feedback.map((u) => u.chosen_inline_result?.result_id)).toEqual(["a1", "a2"]);
    expect(inlineId).toBeTypeOf("string");
    expect(
      await ok(emu, bot.token, "editMessageText", { inline_message_id: inlineId, text: "edited inline" }),
    ).toBe(true);
    expect(ann.history(friendBot).find((m) => m.message_id === withKeys.message_id)?.text).toBe(
      "edited inline",
    );
    const invalid = await call(emu, bot.token, "answerInlineQuery", {
      inline_query_id: "x",
      results: [{ type: "article", id: "1", title: "t" }],
    });
    expect(invalid).toMatchObject({
      status: 400,
      description: "Bad Request: Can't parse inline query result: Can't find field \"message_text\"",
    });
  });
});

describe("groups and channels", () => {
  it("adds a bot to a group (my_chat_member + service message) and shows group messages", async () => {
    const bot = newBot();
    const ann = emu.driver.createUser({ firstName: "Ann" });
    const bob = emu.driver.createUser({ firstName: "Bob" });
    const group = ann.createGroup("Friends", { members: [bob, bot] });
    bob.send(group, "hi all");
    const updates = await drain(bot.token);
    const kinds = updates.map((u) =>
      u.my_chat_member ? "my_chat_member" : u.message?.new_chat_members ? "joined" : u.message?.text,
    );
    expect(kinds).toEqual(["my_chat_member", "joined", "hi all"]);
    expect(updates[0]?.my_chat_member?.new_chat_member.status).toBe("member");
    expect(updates[2]?.message?.chat).toEqual({ id: group.id, type: "group", title: "Friends" });
    await ok(emu, bot.token, "sendMessage", { chat_id: group.id, text: "hello group" });
    expect((await bob.nextMessage(group)).text).toBe("hello group");
    expect(await ok(emu, bot.token, "getChatMemberCount", { chat_id: group.id })).toBe(3);
    const member = await ok(emu, bot.token, "getChatMember", { chat_id: group.id, user_id: ann.id });
    expect(member).toMatchObject({ status: "creator", user: { id: ann.id } });
    const chat = await ok(emu, bot.token, "getChat", { chat_id: group.id });
    expect(conforms(chat, ["ChatFullInfo"])).toEqual([]);
    expect(chat).toMatchObject({ id: group.id, type: "group", title: "Friends" });
  });

  it("in privacy mode, a bot sees only commands, replies to it and mentions", async () => {
    const bot = newBot({ privacy: true });
    const ann = emu.driver.createUser({ firstName: "Ann" });
    const group = ann.createGroup("Quiet", { members: [bot] });
    await drain(bot.token);
    ann.send(group, "just chatting");
    ann.command(group, "help");
    ann.send(group, `hey @${bot.username}`);
    const seen = await drain(bot.token);
    expect(seen.map((u) => u.message?.text)).toEqual(["/help", `hey @${bot.username}`]);
  });

  it("refuses a group the bot is not in and one it left", async () => {
    const bot = newBot();
    const ann = emu.driver.createUser({ firstName: "Ann" });
    const group = ann.createGroup("Closed", { type: "supergroup" });
    expect(await call(emu, bot.token, "sendMessage", { chat_id: group.id, text: "x" })).toMatchObject({
      status: 403,
      description: "Forbidden: bot is not a member of the supergroup chat",
    });
    ann.addToGroup(group, bot);
    expect(await ok(emu, bot.token, "leaveChat", { chat_id: group.id })).toBe(true);
    expect((await call(emu, bot.token, "sendMessage", { chat_id: group.id, text: "x" })).status).toBe(403);
  });

  it("posts to a channel as the channel when the bot is an administrator", async () => {
    const bot = newBot();
    const ann = emu.driver.createUser({ firstName: "Ann" });
    const channel = ann.createGroup("News", { type: "channel", username: "news_chan", members: [bot] });
    const post = await ok<Message>(emu, bot.token, "sendMessage", {
      chat_id: "@news_chan",
      text: "breaking",
    });
    expect(post.sender_chat).toMatchObject({ id: channel.id, type: "channel", title: "News" });
    expect(post.from).toBeUndefined();
    ann.send(channel, "owner's post");
    const updates = await drain(bot.token);
    expect(updates.at(-1)?.channel_post?.text).toBe("owner's post");
  });

  it("bans and unbans members when the bot is an administrator", async () => {
    const bot = newBot();
    const ann = emu.driver.createUser({ firstName: "Ann" });
    const bob = emu.driver.createUser({ firstName: "Bob" });
    const group = ann.createGroup("Mods", { type: "supergroup", members: [bob, bot] });
    expect(await call(emu, bot.token, "banChatMember", { chat_id: group.id, user_id: bob.id })).toMatchObject(
      { description: "Bad Request: not enough rights" },
    );
    const admins = ann.createGroup("Mods2", { type: "supergroup", members: [bob, bot], admins: [bot] });
    expect(await ok(emu, bot.token, "banChatMember", { chat_id: admins.id, user_id: bob.id })).toBe(true);
    expect(await ok(emu, bot.token, "getChatMember", { chat_id: admins.id, user_id: bob.id })).toMatchObject({
      status: "kicked",
    });
    expect(() => bob.join(admins)).toThrow("banned");
    const list = await ok<unknown[]>(emu, bot.token, "getChatAdministrators", { chat_id: admins.id });
    expect(list.map((m) => (m as { status: string }).status).sort()).toEqual(["administrator", "creator"]);
  });
});

describe("bot settings", () => {
  it("stores commands per scope and language", async () => {
    const bot = newBot();
    const commands = [
      { command: "start", description: "Start" },
      { command: "help", description: "Help" },
    ];
    expect(await ok(emu, bot.token, "setMyCommands", { commands })).toBe(true);
    await ok(emu, bot.token, "setMyCommands", {
      commands: [{ command: "hilfe", description: "Hilfe" }],
      language_code: "de",
    });
    expect(await ok(emu, bot.token, "getMyCommands")).toEqual(commands);
    expect(await ok(emu, bot.token, "getMyCommands", { language_code: "de" })).toEqual([
      { command: "hilfe", description: "Hilfe" },
    ]);
    expect(await ok(emu, bot.token, "getMyCommands", { scope: { type: "all_group_chats" } })).toEqual([]);
    expect(
      (
        await call(emu, bot.token, "setMyCommands", {
          commands: [{ command: "Bad Command", description: "x" }],
        })
      ).status,
    ).toBe(400);
    await ok(emu, bot.token, "deleteMyCommands");
    expect(await ok(emu, bot.token, "getMyCommands")).toEqual([]);
  });

  it("reports sendChatAction to the user side and checks the action", async () => {
    const bot = newBot();
    const ann = emu.driver.createUser({ firstName: "Ann" });
    ann.start(bot);
    const actions: string[] = [];
    emu.runtime.world.events.on("action", (_chat, _bot, action) => actions.push(action));
    expect(await ok(emu, bot.token, "sendChatAction", { chat_id: ann.id, action: "typing" })).toBe(true);
    expect(actions).toEqual(["typing"]);
    expect(
      (await call(emu, bot.token, "sendChatAction", { chat_id: ann.id, action: "dancing" })).status,
    ).toBe(400);
  });
});

describe("flood control", () => {
  it("answers 429 with retry_after past 1 message/s to a chat and 30/s overall", async () => {
    let now = 1_000_000;
    const limited = await start({ port: 0, rateLimits: true, now: () => now });
    try {
      const bot = limited.driver.createBot({ username: "fast_bot" });
      const users = Array.from({ length: 31 }, (_, i) => limited.driver.createUser({ firstName: `U${i}` }));
      for (const u of users) u.start(bot);
      const first = users[0]?.id;
      expect((await call(limited, bot.token, "sendMessage", { chat_id: first, text: "1" })).ok).toBe(true);
      expect(await call(limited, bot.token, "sendMessage", { chat_id: first, text: "2" })).toMatchObject({
        status: 429,
        error_code: 429,
        description: "Too Many Requests: retry after 1",
        parameters: { retry_after: 1 },
      });
      now += 1000;
      expect((await call(limited, bot.token, "sendMessage", { chat_id: first, text: "3" })).ok).toBe(true);
      for (const u of users.slice(1, 30))
        expect((await call(limited, bot.token, "sendMessage", { chat_id: u.id, text: "x" })).ok).toBe(true);
      expect(
        (await call(limited, bot.token, "sendMessage", { chat_id: users[30]?.id, text: "x" })).status,
      ).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it("allows 20 messages a minute to a group", async () => {
    let now = 5_000_000;
    const limited = await start({ port: 0, rateLimits: { perChatPerSecond: 100 }, now: () => now });
    try {
      const bot = limited.driver.createBot({ username: "group_fast_bot" });
      const group = limited.driver.createUser({ firstName: "Owner" }).createGroup("G", { members: [bot] });
      for (let i = 0; i < 20; i++) {
        now += 100;
        expect((await call(limited, bot.token, "sendMessage", { chat_id: group.id, text: `m${i}` })).ok).toBe(
          true,
        );
      }
      const refused = await call(limited, bot.token, "sendMessage", { chat_id: group.id, text: "too many" });
      expect(refused.status).toBe(429);
      // The first of the 20 went out 1.9 s before: 58.1 s are left, rounded up.
      expect(refused.parameters?.retry_after).toBe(59);
    } finally {
      await limited.close();
    }
  });
});

describe("persistence", () => {
  it("keeps bots, chats, messages, files and pending updates across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-"));
    const file = join(dir, "state.json");
    try {
      const first = await start({ port: 0, persist: file });
      const bot = first.driver.createBot({ username: "kept_bot" });
      const ann = first.driver.createUser({ firstName: "Ann" });
      ann.sendDocument(bot, { data: "keep me", filename: "k.txt" });
      await first.close();
      const second = await start({ port: 0, persist: file });
      try {
        const updates = await ok<Update[]>(second, bot.token, "getUpdates");
        expect(updates.map((u) => u.message?.document?.file_name)).toEqual(["k.txt"]);
        const path = (
          await ok<{ file_path: string }>(second, bot.token, "getFile", {
            file_id: updates[0]?.message?.document?.file_id,
          })
        ).file_path;
        expect(await (await fetch(`${second.apiRoot}/file/bot${bot.token}/${path}`)).text()).toBe("keep me");
        const sent = await ok<Message>(second, bot.token, "sendMessage", {
          chat_id: ann.id,
          text: "still here",
        });
        expect(sent.message_id).toBe(2);
        const newcomer = second.driver.createUser({ firstName: "New" });
        expect(newcomer.id).not.toBe(ann.id);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
