// Sending, formatting, uploads and downloads, media groups, forwarding, copying, editing, deleting.
import type { Message, Update } from "@telepot/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHandle, type Emulator, start, type UserHandle } from "../src/index.js";
import { conforms } from "../src/spec/conforms.js";
import { call, ok, PNG } from "./helpers.js";

let emu: Emulator;
let bot: BotHandle;
let ann: UserHandle;
beforeAll(async () => {
  emu = await start({ port: 0 });
  bot = emu.driver.createBot({ username: "media_bot" });
  ann = emu.driver.createUser({ firstName: "Ann", username: "ann" });
  ann.start(bot);
});
afterAll(() => emu.close());

const send = (method: string, params: Record<string, unknown>, encoding: "json" | "multipart" = "json") =>
  ok<Message>(emu, bot.token, method, { chat_id: ann.id, ...params }, encoding);

describe("sending", () => {
  it("sends text the user sees, shaped as the spec's Message", async () => {
    const message = await send("sendMessage", { text: "hello Ann" });
    expect(conforms(message, ["Message"])).toEqual([]);
    expect(message).toMatchObject({
      from: { id: bot.id, is_bot: true },
      chat: { id: ann.id, type: "private" },
      text: "hello Ann",
    });
    expect(await ann.nextMessage(bot)).toMatchObject({ message_id: message.message_id, text: "hello Ann" });
  });

  it("turns HTML and MarkdownV2 into entities and refuses bad markup", async () => {
    const html = await send("sendMessage", {
      text: '<b>bold</b> and <a href="https://e.org">link</a> &amp; more',
      parse_mode: "HTML",
    });
    expect(html.text).toBe("bold and link & more");
    expect(html.entities).toEqual([
      { type: "bold", offset: 0, length: 4 },
      { type: "text_link", offset: 9, length: 4, url: "https://e.org" },
    ]);
    const md = await send("sendMessage", { text: "*big* _it_ `x\\.y` 1\\.0", parse_mode: "MarkdownV2" });
    expect(md.text).toBe("big it x.y 1.0");
    expect(md.entities?.map((e) => e.type)).toEqual(["bold", "italic", "code"]);
    const numeric = await send("sendMessage", { text: "&#65;&#x42;&lt;", parse_mode: "HTML" });
    expect(numeric.text).toBe("AB<");
    const bad = await call(emu, bot.token, "sendMessage", {
      chat_id: ann.id,
      text: "<b>open",
      parse_mode: "HTML",
    });
    expect(bad.description).toContain("Bad Request: can't parse entities");
    const reserved = await call(emu, bot.token, "sendMessage", {
      chat_id: ann.id,
      text: "1.0",
      parse_mode: "MarkdownV2",
    });
    expect(reserved.description).toBe(
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
  });

  it("replies to a message, and refuses a reply to a missing one", async () => {
    const mine = ann.send(bot, "question?");
    const answer = await send("sendMessage", {
      text: "answer",
      reply_parameters: { message_id: mine.message_id },
    });
    expect(answer.reply_to_message).toMatchObject({ message_id: mine.message_id, text: "question?" });
    expect(
      await call(emu, bot.token, "sendMessage", {
        chat_id: ann.id,
        text: "x",
        reply_parameters: { message_id: 9999 },
      }),
    ).toMatchObject({
      status: 400,
      description: "Bad Request: message to be replied not found",
    });
  });

  it("stores an uploaded photo, issues a file_id, serves it by getFile and download, and reuses the file_id", async () => {
    const photo = await send(
      "sendPhoto",
      { photo: new Blob([PNG], { type: "image/png" }), caption: "a <i>dot</i>", parse_mode: "HTML" },
      "multipart",
    );
    expect(conforms(photo, ["Message"])).toEqual([]);
    const size = photo.photo?.[0];
    expect(size).toMatchObject({ width: 1, height: 1, file_size: PNG.length });
    expect(photo.caption).toBe("a dot");
    const file = await ok<{ file_path: string; file_size: number }>(emu, bot.token, "getFile", {
      file_id: size?.file_id,
    });
    expect(file.file_size).toBe(PNG.length);
    const download = await fetch(`${emu.apiRoot}/file/bot${bot.token}/${file.file_path}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG);
    const again = await send("sendPhoto", { photo: size?.file_id });
    expect(again.photo?.[0]?.file_unique_id).toBe(size?.file_unique_id);
    expect(await call(emu, bot.token, "getFile", { file_id: "nonsense" })).toMatchObject({
      status: 400,
      description: "Bad Request: wrong file identifier/HTTP URL specified",
    });
    expect((await fetch(`${emu.apiRoot}/file/bot${bot.token}/photos/none.jpg`)).status).toBe(404);
  });

  it("sends a document with its name and type, and a user's upload reaches the bot", async () => {
    const doc = await send(
      "sendDocument",
      { document: new File(["report"], "report.txt", { type: "text/plain" }) },
      "multipart",
    );
    expect(doc.document).toMatchObject({ file_name: "report.txt", mime_type: "text/plain", file_size: 6 });
    const fromUser = ann.sendDocument(
      bot,
      { data: "csv,data", filename: "d.csv", contentType: "text/csv" },
      "my data",
    );
    const file = await ok<{ file_path: string }>(emu, bot.token, "getFile", {
      file_id: fromUser.document?.file_id,
    });
    const text = await (await fetch(`${emu.apiRoot}/file/bot${bot.token}/${file.file_path}`)).text();
    expect(text).toBe("csv,data");
  });

  it("sends a media group with attach:// uploads", async () => {
    const form = new FormData();
    form.set("chat_id", String(ann.id));
    form.set(
      "media",
      JSON.stringify([
        { type: "photo", media: "attach://p1", caption: "first" },
        { type: "photo", media: "attach://p2" },
      ]),
    );
    form.set("p1", new Blob([PNG], { type: "image/png" }), "1.png");
    form.set("p2", new Blob([PNG], { type: "image/png" }), "2.png");
    const res = await fetch(`${emu.apiRoot}/bot${bot.token}/sendMediaGroup`, { method: "POST", body: form });
    const body = (await res.json()) as { ok: boolean; result: Message[] };
    expect(body.ok).toBe(true);
    expect(body.result).toHaveLength(2);
    expect(body.result[0]?.media_group_id).toBe(body.result[1]?.media_group_id);
    expect(body.result[0]?.caption).toBe("first");
    const missing = await call(emu, bot.token, "sendMediaGroup", {
      chat_id: ann.id,
      media: [
        { type: "photo", media: "attach://nope" },
        { type: "photo", media: "attach://nope2" },
      ],
    });
    expect(missing.description).toBe(
      'Bad Request: can\'t find the attached file "attach://nope" of media[0].media',
    );
  });

  it("sends locations, venues, contacts, polls and dice", async () => {
    expect((await send("sendLocation", { latitude: 52.5, longitude: 13.4 })).location).toEqual({
      latitude: 52.5,
      longitude: 13.4,
    });
    expect(
      (await send("sendVenue", { latitude: 1, longitude: 2, title: "Cafe", address: "Main St" })).venue
        ?.title,
    ).toBe("Cafe");
    expect((await send("sendContact", { phone_number: "+100", first_name: "Bob" })).contact).toEqual({
      phone_number: "+100",
      first_name: "Bob",
    });
    const poll = await send("sendPoll", { question: "Tea?", options: [{ text: "yes" }, { text: "no" }] });
    expect(conforms(poll, ["Message"])).toEqual([]);
    expect(poll.poll?.options.map((o) => o.text)).toEqual(["yes", "no"]);
    const dice = await send("sendDice", { emoji: "🎯" });
    expect(dice.dice?.value).toBeGreaterThanOrEqual(1);
    expect(dice.dice?.value).toBeLessThanOrEqual(6);
  });
});

describe("forwarding, copying, editing, deleting", () => {
  it("forwards with the origin and copies without it", async () => {
    const original = ann.send(bot, "forward me");
    const forwarded = await send("forwardMessage", { from_chat_id: ann.id, message_id: original.message_id });
    expect(forwarded.text).toBe("forward me");
    expect(forwarded.forward_origin).toMatchObject({ type: "user", sender_user: { id: ann.id } });
    const copy = await ok<{ message_id: number }>(emu, bot.token, "copyMessage", {
      chat_id: ann.id,
      from_chat_id: ann.id,
      message_id: original.message_id,
    });
    const copied = ann.history(bot).find((m) => m.message_id === copy.message_id);
    expect(copied?.text).toBe("forward me");
    expect(copied?.forward_origin).toBeUndefined();
    expect(
      await call(emu, bot.token, "forwardMessage", {
        chat_id: ann.id,
        from_chat_id: ann.id,
        message_id: 424242,
      }),
    ).toMatchObject({
      description: "Bad Request: message to forward not found",
    });
  });

  it("edits text and markup, refuses a no-op edit and others' messages", async () => {
    const sent = await send("sendMessage", { text: "v1" });
    ann.skipAll(bot);
    const edited = await ok<Message>(emu, bot.token, "editMessageText", {
      chat_id: ann.id,
      message_id: sent.message_id,
      text: "v2",
    });
    expect(edited).toMatchObject({ message_id: sent.message_id, text: "v2" });
    expect(typeof edited.edit_date).toBe("number");
    expect((await ann.nextEdit(bot)).text).toBe("v2");
    expect(
      await call(emu, bot.token, "editMessageText", {
        chat_id: ann.id,
        message_id: sent.message_id,
        text: "v2",
      }),
    ).toMatchObject({
      status: 400,
      description:
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    });
    const mine = ann.send(bot, "user text");
    expect(
      await call(emu, bot.token, "editMessageText", {
        chat_id: ann.id,
        message_id: mine.message_id,
        text: "hacked",
      }),
    ).toMatchObject({
      description: "Bad Request: message can't be edited",
    });
    const markup = { inline_keyboard: [[{ text: "ok", callback_data: "ok" }]] };
    const withKeys = await ok<Message>(emu, bot.token, "editMessageReplyMarkup", {
      chat_id: ann.id,
      message_id: sent.message_id,
      reply_markup: markup,
    });
    expect(withKeys.reply_markup).toEqual(markup);
  });

  it("deletes messages and refuses a missing one", async () => {
    const sent = await send("sendMessage", { text: "temporary" });
    expect(await ok(emu, bot.token, "deleteMessage", { chat_id: ann.id, message_id: sent.message_id })).toBe(
      true,
    );
    expect(ann.history(bot).some((m) => m.message_id === sent.message_id)).toBe(false);
    expect(
      await call(emu, bot.token, "deleteMessage", { chat_id: ann.id, message_id: sent.message_id }),
    ).toMatchObject({
      description: "Bad Request: message to delete not found",
    });
  });

  it("delivers a user's edit to the bot as edited_message", async () => {
    await ok(emu, bot.token, "getUpdates", { offset: -1 });
    const last = await ok<Update[]>(emu, bot.token, "getUpdates", { offset: -1 });
    await ok(emu, bot.token, "getUpdates", { offset: (last[0]?.update_id ?? 0) + 1 });
    const original = ann.send(bot, "typo");
    ann.edit(bot, original, "fixed");
    const updates = await ok<Update[]>(emu, bot.token, "getUpdates", {});
    expect(updates.map((u) => u.edited_message?.text ?? u.message?.text)).toEqual(["typo", "fixed"]);
  });
});
