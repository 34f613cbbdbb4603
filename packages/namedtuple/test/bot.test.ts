// Builder output and hand-written objects are the same plain objects: the seed's inline-query
// examples, sent through the async Bot to a server on 127.0.0.1, give byte-identical requests.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot } from "@telepot/async";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  InlineKeyboardMarkup,
  InlineQueryResultArticle,
  InlineQueryResultPhoto,
  InputTextMessageContent,
  ReplyKeyboardMarkup,
} from "../src/index.js";

interface Received {
  path: string;
  contentType: string | undefined;
  body: string;
}

const received: Received[] = [];
const server = createServer((req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    received.push({
      path: req.url ?? "",
      contentType: req.headers["content-type"],
      body: Buffer.concat(chunks).toString("utf8"),
    });
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({ ok: true, result: req.url?.endsWith("/sendMessage") ? { message_id: 1 } : true }),
    );
  });
});
let bot: Bot;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  bot = new Bot("123:TEST", { apiRoot: `http://127.0.0.1:${port}` });
});
afterAll(async () => {
  await bot.dispose();
  await new Promise((resolve) => server.close(resolve));
});

/** The request a call made, as the server saw it. */
async function requestOf(call: () => Promise<unknown>): Promise<Received> {
  const before = received.length;
  await call();
  expect(received).toHaveLength(before + 1);
  return received[before] as Received;
}

describe("builders through the async Bot", () => {
  it("send the seed's articles exactly as the dict form does", async () => {
    const dicts = [
      { type: "article", id: "abc", title: "ABC", input_message_content: { message_text: "Good morning" } },
      { type: "article", id: "xyz", title: "ZZZZZ", input_message_content: { message_text: "Good night" } },
    ] as const;
    const built = [
      InlineQueryResultArticle({
        id: "abc",
        title: "ABC",
        input_message_content: InputTextMessageContent({ message_text: "Good morning" }),
      }),
      InlineQueryResultArticle({
        id: "xyz",
        title: "ZZZZZ",
        input_message_content: InputTextMessageContent({ message_text: "Good night" }),
      }),
    ];

    const fromDicts = await requestOf(() => bot.answerInlineQuery("q1", [...dicts]));
    const fromBuilders = await requestOf(() => bot.answerInlineQuery("q1", built));
    // the seed mixes the two forms in one list (written as in the README)
    const fromMixed = await requestOf(() =>
      bot.answerInlineQuery("q1", [
        { type: "article", id: "abc", title: "ABC", input_message_content: { message_text: "Good morning" } },
        InlineQueryResultArticle({
          id: "xyz",
          title: "ZZZZZ",
          input_message_content: InputTextMessageContent({ message_text: "Good night" }),
        }),
      ]),
    );
    expect(fromDicts.path).toBe("/bot123:TEST/answerInlineQuery");
    expect(fromBuilders).toStrictEqual(fromDicts);
    expect(fromMixed).toStrictEqual(fromDicts);
    expect(fromDicts.body).toContain("Good night");
  });

  it("send the seed's photos exactly as the dict form does", async () => {
    const dict = {
      type: "photo",
      id: "123",
      photo_url: "https://e.com/p.jpg",
      thumbnail_url: "https://e.com/t.jpg",
    } as const;
    const built = InlineQueryResultPhoto({
      id: "123",
      photo_url: "https://e.com/p.jpg",
      thumbnail_url: "https://e.com/t.jpg",
    });

    const fromDict = await requestOf(() => bot.answerInlineQuery("q2", [dict], { cache_time: 0 }));
    const fromBuilder = await requestOf(() => bot.answerInlineQuery("q2", [built], { cache_time: 0 }));
    expect(fromBuilder).toStrictEqual(fromDict);
  });

  it("send keyboards built by the helpers as the objects written out", async () => {
    const written = { keyboard: [[{ text: "Yes" }, { text: "No" }]], one_time_keyboard: true };
    const fromObject = await requestOf(() => bot.sendMessage(1, "?", { reply_markup: written }));
    const fromHelper = await requestOf(() =>
      bot.sendMessage(1, "?", {
        reply_markup: ReplyKeyboardMarkup([["Yes", "No"]], { one_time_keyboard: true }),
      }),
    );
    expect(fromHelper).toStrictEqual(fromObject);

    const inline = { inline_keyboard: [[{ text: "A", callback_data: "a" }]] };
    const fromInline = await requestOf(() => bot.sendMessage(1, "?", { reply_markup: inline }));
    const fromFluent = await requestOf(() =>
      bot.sendMessage(1, "?", { reply_markup: InlineKeyboardMarkup.row().callback("A", "a").build() }),
    );
    expect(fromFluent).toStrictEqual(fromInline);
  });
});
