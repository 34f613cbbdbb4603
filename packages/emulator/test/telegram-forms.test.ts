// The emulator reads requests as Telegram's own Bot API server does: where that server is liberal
// (legacy names, string forms, numbers and booleans as text, JSON inside forms), the emulator is
// too; where it refuses, the emulator answers the same status and description. One test per row of
// the table in issue 18, then the general cases.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "@telepot/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHandle, type Emulator, start, type UserHandle } from "../src/index.js";
import { conforms } from "../src/spec/conforms.js";
import { call, type Encoding, ok, PNG } from "./helpers.js";

let emu: Emulator;
let bot: BotHandle;
let ann: UserHandle;
beforeAll(async () => {
  emu = await start({ port: 0 });
  bot = emu.driver.createBot({ username: "forms_bot" });
  ann = emu.driver.createUser({ firstName: "Ann" });
  ann.start(bot);
});
afterAll(() => emu.close());

const send = (params: Record<string, unknown>, encoding: Encoding = "json") =>
  call(emu, bot.token, "sendMessage", { chat_id: ann.id, text: "hi", ...params }, encoding);

/** The tiny PNG with a header that claims other dimensions. */
const png = (width: number, height: number) => {
  const data = new Uint8Array(PNG);
  const view = new DataView(data.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return data;
};

/** The reply keyboard or removal the user was shown with a message. */
const keyboardOf = (message: Message) =>
  emu.runtime.world.chats.get(`p${bot.id}_${ann.id}`)?.messages.get(message.message_id)?.keyboard;

describe("the table of issue 18", () => {
  it("takes a string keyboard button as a text button, in every encoding", async () => {
    for (const encoding of ["json", "form", "query", "multipart"] as const) {
      const answer = await send({ reply_markup: { keyboard: [["Yes", "No"]] } }, encoding);
      expect(answer).toMatchObject({ status: 200, ok: true });
      expect(keyboardOf(answer.result as Message)).toEqual({
        keyboard: [[{ text: "Yes" }, { text: "No" }]],
      });
    }
  });

  it("takes hide_keyboard as remove_keyboard, and {} as no markup", async () => {
    const hidden = await send({ reply_markup: { hide_keyboard: true } });
    expect(hidden).toMatchObject({ status: 200, ok: true });
    expect(keyboardOf(hidden.result as Message)).toEqual({ remove_keyboard: true });
    const none = await send({ reply_markup: {} }, "form");
    expect(none).toMatchObject({ status: 200, ok: true });
    expect(keyboardOf(none.result as Message)).toBeUndefined();
    expect((none.result as Message).reply_markup).toBeUndefined();
  });

  it("replies by reply_to_message_id, and refuses a missing target as Telegram does", async () => {
    const first = ann.send(bot, "question");
    for (const encoding of ["json", "form"] as const) {
      const reply = await send({ reply_to_message_id: first.message_id }, encoding);
      expect((reply.result as Message).reply_to_message?.message_id).toBe(first.message_id);
    }
    expect(await send({ reply_to_message_id: 99_999 })).toMatchObject({
      status: 400,
      ok: false,
      description: "Bad Request: message to be replied not found",
    });
    const allowed = await send({ reply_to_message_id: 99_999, allow_sending_without_reply: "true" }, "form");
    expect(allowed).toMatchObject({ status: 200, ok: true });
    expect((allowed.result as Message).reply_to_message).toBeUndefined();
  });

  it("decodes a percent-encoded download path", async () => {
    ann.sendPhoto(bot, { data: PNG, filename: "p.png", contentType: "image/png" });
    const photo = ann.history(bot).at(-1)?.photo?.at(-1);
    const file = await ok<{ file_path: string }>(emu, bot.token, "getFile", { file_id: photo?.file_id });
    const encodedToken = bot.token.replace(":", "%3A");
    const res = await fetch(`${emu.apiRoot}/file/bot${encodedToken}/${file.file_path}`);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
    const api = await fetch(`${emu.apiRoot}/bot${encodedToken}/getMe`);
    expect(api.status).toBe(200);
  });

  it("goes on without parameters when a JSON body is null", async () => {
    const res = await fetch(`${emu.apiRoot}/bot${bot.token}/getMe`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "null",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, result: { id: bot.id } });
  });

  it("takes an inline article's top-level message_text (the legacy form)", async () => {
    const answer = ann.inlineQuery(bot, "legacy");
    const updates = await ok<{ inline_query?: { id: string } }[]>(emu, bot.token, "getUpdates");
    const id = updates.find((u) => u.inline_query)?.inline_query?.id;
    const result = await call(emu, bot.token, "answerInlineQuery", {
      inline_query_id: id,
      results: [{ type: "Article", id: "1", title: "t", message_text: "<b>hi</b>", parse_mode: "HTML" }],
    });
    expect(result).toMatchObject({ status: 200, ok: true });
    const chosen = (await answer).choose("1");
    expect(chosen).toMatchObject({ text: "hi", entities: [{ type: "bold", offset: 0, length: 2 }] });
  });

  it("words a malformed HTML error as Telegram does", async () => {
    expect(await send({ text: "<b>open", parse_mode: "HTML" })).toMatchObject({
      status: 400,
      description: "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
    });
    expect(await send({ text: "<x>a</x>", parse_mode: "HTML" })).toMatchObject({
      status: 400,
      description: 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0',
    });
    expect(await send({ text: "<b>a</i>", parse_mode: "HTML" })).toMatchObject({
      description:
        'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"',
    });
    expect(await send({ text: "a</b>", parse_mode: "HTML" })).toMatchObject({
      description: "Bad Request: can't parse entities: Unexpected end tag at byte offset 1",
    });
    expect(await send({ text: "hi", parse_mode: "Klingon" })).toMatchObject({
      status: 400,
      description: "Bad Request: Unsupported parse_mode",
    });
  });

  it("answers a malformed percent escape with a 4xx, never a 500", async () => {
    const res = await fetch(`${emu.apiRoot}/file/bot1:wrong/%E0%A4%A`);
    expect(res.status).toBe(401);
    const own = await fetch(`${emu.apiRoot}/file/bot${bot.token}/%E0%A4%A`);
    expect(own.status).toBe(404);
  });

  it("refuses one bot's token for another bot's file", async () => {
    const other = emu.driver.createBot({ username: "other_forms_bot" });
    ann.start(other);
    ann.sendPhoto(bot, { data: PNG, filename: "mine.png", contentType: "image/png" });
    const fileId = ann.history(bot).at(-1)?.photo?.at(-1)?.file_id;
    const file = await ok<{ file_path: string }>(emu, bot.token, "getFile", { file_id: fileId });
    const theirs = await fetch(`${emu.apiRoot}/file/bot${other.token}/${file.file_path}`);
    expect(theirs.status).toBe(404);
    expect(await call(emu, other.token, "getFile", { file_id: fileId })).toMatchObject({
      status: 400,
      description: "Bad Request: wrong file identifier/HTTP URL specified",
    });
    const mine = await fetch(`${emu.apiRoot}/file/bot${bot.token}/${file.file_path}`);
    expect(mine.status).toBe(200);
  });
});

describe("the general forms of Telegram's server", () => {
  it("reads booleans as Telegram does: true, yes and 1 in any case; any other text is false", async () => {
    for (const [text, expected] of [
      ["true", true],
      ["YES", true],
      ["1", true],
      ["false", false],
      ["no", false],
      ["whatever", false],
    ] as const) {
      const answer = await send({ protect_content: text }, "form");
      expect(answer).toMatchObject({ status: 200 });
      expect((answer.result as Message).has_protected_content === true).toBe(expected);
    }
  });

  it("reads numbers sent as text, and treats an empty parameter as absent", async () => {
    const first = ann.send(bot, "q");
    const reply = await send(
      { chat_id: String(ann.id), reply_to_message_id: ` ${first.message_id}` },
      "form",
    );
    expect((reply.result as Message).reply_to_message?.message_id).toBe(first.message_id);
    const empty = await send({ reply_markup: "", reply_parameters: "", parse_mode: "" }, "form");
    expect(empty).toMatchObject({ status: 200, ok: true });
  });

  it("takes JSON objects inside urlencoded and multipart bodies, refusing bad JSON in Telegram's words", async () => {
    for (const encoding of ["form", "multipart", "query"] as const) {
      const first = ann.send(bot, "q");
      const answer = await send(
        {
          reply_parameters: JSON.stringify({ message_id: first.message_id }),
          reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "a", callback_data: "a" }]] }),
        },
        encoding,
      );
      expect(answer.result as Message).toMatchObject({
        reply_to_message: { message_id: first.message_id },
        reply_markup: { inline_keyboard: [[{ text: "a", callback_data: "a" }]] },
      });
    }
    expect(await send({ reply_markup: "{nope" }, "form")).toMatchObject({
      status: 400,
      description: "Bad Request: Can't parse reply keyboard markup JSON object",
    });
    expect(await send({ reply_markup: "[1]" }, "form")).toMatchObject({
      description: "Bad Request: Object expected as reply markup",
    });
    expect(await send({ reply_parameters: "{nope" }, "form")).toMatchObject({
      description: "Bad Request: Can't parse reply parameters JSON object",
    });
    expect(await send({ reply_markup: { keyboard: [[1]] } })).toMatchObject({
      description: "Bad Request: Can't parse keyboard button: KeyboardButton must be a String or an Object",
    });
    expect(await send({ reply_markup: { inline_keyboard: [["a"]] } })).toMatchObject({
      description: "Bad Request: Can't parse inline keyboard button: InlineKeyboardButton must be an Object",
    });
    expect(await send({ reply_markup: { inline_keyboard: [[{ text: "a" }]] } })).toMatchObject({
      description:
        "Bad Request: Can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    });
  });

  it("takes the legacy names personal_keyboard, force_reply_keyboard and disable_web_page_preview", async () => {
    const forced = await send({ reply_markup: { force_reply_keyboard: true, personal_keyboard: true } });
    expect(keyboardOf(forced.result as Message)).toEqual({ force_reply: true, selective: true });
    const plain = await send({ text: "see https://example.org", disable_web_page_preview: "true" }, "form");
    expect((plain.result as Message).link_preview_options).toEqual({ is_disabled: true });
  });

  it("takes the method from a 'method' parameter when the path has none", async () => {
    const res = await fetch(`${emu.apiRoot}/bot${bot.token}/?method=getMe`);
    expect(await res.json()).toMatchObject({ ok: true, result: { id: bot.id } });
  });

  it("gives a photo Telegram's sizes, none larger than the original", async () => {
    const sizes = async (width: number, height: number) => {
      const form = new FormData();
      form.set("chat_id", String(ann.id));
      form.set("photo", new Blob([png(width, height)], { type: "image/png" }), "p.png");
      const message = (await (
        await fetch(`${emu.apiRoot}/bot${bot.token}/sendPhoto`, { method: "POST", body: form })
      ).json()) as { result: Message };
      return message.result.photo?.map((p) => [p.width, p.height]);
    };
    expect(await sizes(1, 1)).toEqual([[1, 1]]);
    expect(await sizes(1000, 500)).toEqual([
      [90, 45],
      [320, 160],
      [800, 400],
      [1000, 500],
    ]);
    expect(await sizes(600, 3000)).toEqual([
      [18, 90],
      [64, 320],
      [160, 800],
      [256, 1280],
      [512, 2560],
    ]);
  });

  it("keeps only the fields the spec knows, as Telegram does (Telegraf's buttons carry a 'hide' flag)", async () => {
    const answer = await send({
      reply_markup: { inline_keyboard: [[{ text: "a", callback_data: "a", hide: false }]] },
    });
    expect((answer.result as Message).reply_markup).toEqual({
      inline_keyboard: [[{ text: "a", callback_data: "a" }]],
    });
    // The tests' strict check (on for every call in these tests) would have refused the flag.
    expect(conforms(answer.result, ["Message"], "result", { strict: true })).toEqual([]);
    expect(
      conforms(
        { inline_keyboard: [[{ text: "a", callback_data: "a", hide: false }]] },
        ["InlineKeyboardMarkup"],
        "m",
        {
          strict: true,
        },
      ),
    ).toEqual(["m.inline_keyboard[0][0].hide: not a field of InlineKeyboardButton"]);
  });

  it("keeps a photo's sizes across a restart, their bytes stored once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-"));
    const file = join(dir, "state.json");
    try {
      const first = await start({ port: 0, persist: file });
      const kept = first.driver.createBot({ username: "sizes_bot" });
      const bea = first.driver.createUser({ firstName: "Bea" });
      const sent = bea.sendPhoto(kept, {
        data: png(1000, 500),
        filename: "big.png",
        contentType: "image/png",
      });
      await first.close();
      const stored = readFileSync(file, "utf8");
      expect(stored.split(Buffer.from(png(1000, 500)).toString("base64")).length - 1).toBe(1);
      const second = await start({ port: 0, persist: file });
      try {
        for (const size of sent.photo ?? []) {
          const { file_path } = await ok<{ file_path: string }>(second, kept.token, "getFile", {
            file_id: size.file_id,
          });
          const res = await fetch(`${second.apiRoot}/file/bot${kept.token}/${file_path}`);
          expect(new Uint8Array(await res.arrayBuffer())).toEqual(png(1000, 500));
        }
        expect(sent.photo).toHaveLength(4);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
