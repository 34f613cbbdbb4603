// What a bot can see of Bot API 10.3 in the emulator, driven as a user would: ephemeral sends,
// disabled buttons, force_reply on keyboards, and drafts the user stops.
import type { Message, Update } from "@telepot/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, start } from "../src/index.js";
import { conforms } from "../src/spec/conforms.js";
import { call, drain as drainUpdates, ok, SOLD_OUT_KEYBOARD } from "./helpers.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await start({ port: 0, driverTimeoutMs: 1000 });
});
afterAll(() => emu.close());

let n = 0;
const newBot = () => emu.driver.createBot({ username: `v103_${++n}_bot` });
const drain = (token: string) => drainUpdates(emu, token);

/** A new bot and a user Ann who started it, with the bot's updates so far taken. */
async function annWithBot() {
  const bot = newBot();
  const ann = emu.driver.createUser({ firstName: "Ann" });
  ann.start(bot);
  await drain(bot.token);
  return { bot, ann };
}

describe("ephemeral_message_parameters", () => {
  it("a send reaches only the named user of the group", async () => {
    const bot = newBot();
    const ann = emu.driver.createUser({ firstName: "Ann" });
    const ben = emu.driver.createUser({ firstName: "Ben" });
    const group = ann.createGroup("Ephemeral", { members: [ben, bot] });
    const sent = await ok<Message>(emu, bot.token, "sendMessage", {
      chat_id: group.id,
      text: "only for Ben",
      ephemeral_message_parameters: { receiver_user_id: ben.id },
    });
    expect(sent).toMatchObject({ receiver_user: { id: ben.id }, ephemeral_message_id: sent.message_id });
    expect(conforms(sent, ["Message"])).toEqual([]);
    await ok(emu, bot.token, "sendMessage", { chat_id: group.id, text: "for everyone" });

    expect((await ben.nextMessage(group)).text).toBe("only for Ben");
    expect((await ann.nextMessage(group)).text).toBe("for everyone");
    expect(ann.history(group).map((m) => m.text)).not.toContain("only for Ben");
    expect(ben.history(group).map((m) => m.text)).toContain("only for Ben");
    const view = async (user: number) =>
      (await (await fetch(`${emu.apiRoot}/emulator/chat?user=${user}&key=${group.key}`)).json()) as {
        messages: Message[];
      };
    expect((await view(ann.id)).messages.map((m) => m.text)).not.toContain("only for Ben");
    expect((await view(ben.id)).messages.map((m) => m.text)).toContain("only for Ben");
  });

  it("refuses a receiver who is not in the chat, and a callback query that is not open", async () => {
    const bot = newBot();
    const ann = emu.driver.createUser({ firstName: "Ann" });
    const outsider = emu.driver.createUser({ firstName: "Out" });
    const group = ann.createGroup("Closed", { members: [bot] });
    expect(
      await call(emu, bot.token, "sendMessage", {
        chat_id: group.id,
        text: "x",
        ephemeral_message_parameters: { receiver_user_id: outsider.id },
      }),
    ).toMatchObject({ ok: false, error_code: 400, description: expect.stringContaining("receiver") });
    expect(
      await call(emu, bot.token, "sendMessage", {
        chat_id: group.id,
        text: "x",
        ephemeral_message_parameters: { receiver_user_id: ann.id, callback_query_id: "nope" },
      }),
    ).toMatchObject({ ok: false, error_code: 400 });
    expect(ann.history(group).map((m) => m.text)).not.toContain("x");
  });
});

describe("InlineKeyboardButton.disabled", () => {
  it("is shown but pressing it sends the bot nothing", async () => {
    const { bot, ann } = await annWithBot();
    await ok(emu, bot.token, "sendMessage", {
      chat_id: ann.id,
      text: "Pick",
      reply_markup: SOLD_OUT_KEYBOARD,
    });
    const shown = await ann.nextMessage(bot);
    expect(shown.reply_markup?.inline_keyboard[0]?.[0]?.disabled).toEqual({});
    await expect(ann.press(shown, "sold")).rejects.toThrow('the button "Sold out" of message');
    expect(await drain(bot.token)).toEqual([]);
    void ann.press(shown, "buy").catch(() => undefined);
    const [update] = await ok<Update[]>(emu, bot.token, "getUpdates", { timeout: 5 });
    expect(update?.callback_query?.data).toBe("buy");
  });
});

describe("force_reply on a keyboard markup", () => {
  it.each([
    [
      "an inline keyboard",
      { inline_keyboard: [[{ text: "Skip", callback_data: "skip" }]], force_reply: true },
    ],
    ["a reply keyboard", { keyboard: [[{ text: "Red" }]], force_reply: true }],
    ["ForceReply itself", { force_reply: true }],
  ])("%s makes the user's next message a reply", async (_, markup) => {
    const { bot, ann } = await annWithBot();
    const asked = await ok<Message>(emu, bot.token, "sendMessage", {
      chat_id: ann.id,
      text: "Your name?",
      reply_markup: markup,
    });
    expect(ann.send(bot, "Ann").reply_to_message?.message_id).toBe(asked.message_id);
    const [update] = await drain(bot.token);
    expect(update?.message?.reply_to_message?.message_id).toBe(asked.message_id);
    // answered: the next message is an ordinary one
    expect(ann.send(bot, "and more").reply_to_message).toBeUndefined();
  });

  it("does not force a reply without force_reply", async () => {
    const bot = newBot();
    const ann = emu.driver.createUser({ firstName: "Ann" });
    ann.start(bot);
    await ok(emu, bot.token, "sendMessage", {
      chat_id: ann.id,
      text: "Hi",
      reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "a" }]] },
    });
    expect(ann.send(bot, "hello").reply_to_message).toBeUndefined();
  });
});

describe("drafts with can_stop", () => {
  it("the user stops the draft through the driver, and the bot gets stopped_message_generation", async () => {
    const { bot, ann } = await annWithBot();
    await ok(emu, bot.token, "sendMessageDraft", {
      chat_id: ann.id,
      draft_id: 7,
      text: "Thinking",
      can_stop: true,
    });
    expect(await ann.nextDraft(bot, { canStop: true })).toEqual({
      draftId: 7,
      text: "Thinking",
      canStop: true,
    });
    const stopped = ann.stopGeneration(bot);
    expect(stopped).toEqual({ chat: expect.objectContaining({ id: ann.id }), draft_id: 7 });
    const [update] = await drain(bot.token);
    expect(update?.stopped_message_generation).toEqual(stopped);
    expect(conforms(update, ["Update"])).toEqual([]);
    // stopped without keep_on_stop: the draft is gone, nothing left to stop
    expect(() => ann.stopGeneration(bot)).toThrow("no draft with a stop button");
  });

  it("the web chat shows the stop button and its press reaches the bot; keep_on_stop keeps the draft", async () => {
    const { bot, ann } = await annWithBot();
    const key = `p${bot.id}_${ann.id}`;
    await ok(emu, bot.token, "sendMessageDraft", {
      chat_id: ann.id,
      draft_id: 3,
      text: "Half an answer",
      can_stop: true,
      keep_on_stop: true,
    });
    const view = async () =>
      (await (await fetch(`${emu.apiRoot}/emulator/chat?user=${ann.id}&key=${key}`)).json()) as {
        drafts: { draft_id: number; can_stop: boolean; stopped: boolean }[];
      };
    expect((await view()).drafts).toEqual([
      { draft_id: 3, text: "Half an answer", can_stop: true, stopped: false },
    ]);
    const res = await fetch(`${emu.apiRoot}/emulator/stop`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: ann.id, chat: key, draft_id: 3 }),
    });
    expect(res.status).toBe(200);
    const [update] = await drain(bot.token);
    expect(update?.stopped_message_generation).toMatchObject({ chat: { id: ann.id }, draft_id: 3 });
    expect((await view()).drafts).toEqual([
      { draft_id: 3, text: "Half an answer", can_stop: false, stopped: true },
    ]);
    // the bot's message ends the generation: the draft goes
    await ok(emu, bot.token, "sendMessage", { chat_id: ann.id, text: "Half an answer." });
    expect((await view()).drafts).toEqual([]);
  });

  it("a draft without can_stop cannot be stopped", async () => {
    const { bot, ann } = await annWithBot();
    await ok(emu, bot.token, "sendMessageDraft", { chat_id: ann.id, draft_id: 1, text: "..." });
    expect((await ann.nextDraft(bot)).canStop).toBe(false);
    expect(() => ann.stopGeneration(bot)).toThrow("no draft with a stop button");
    expect(await drain(bot.token)).toEqual([]);
  });
});
