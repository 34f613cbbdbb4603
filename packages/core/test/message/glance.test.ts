import { describe, expect, expectTypeOf, it } from "vitest";
import {
  BadFlavor,
  type ChatType,
  type ContentType,
  type Flance,
  flance,
  type Glance,
  glance,
  type InlineQuery,
  type Message,
} from "../../src/index.js";
import {
  animationMessage,
  callbackQuery,
  channelPost,
  chosenInlineResult,
  gameCallbackQuery,
  inlineQuery,
  joinMessage,
  photoMessage,
  preCheckoutQuery,
  shippingQuery,
  textMessage,
  venueMessage,
} from "../fixtures/messages.js";
import { updates } from "../fixtures/updates.js";

describe("glance of messages", () => {
  it("reads [contentType, chatType, chatId]", () => {
    expect(glance(textMessage)).toEqual(["text", "private", 123456789]);
    expect(glance(photoMessage)).toEqual(["photo", "group", -4012345678]);
    expect(glance(animationMessage)).toEqual(["animation", "supergroup", -1001234567890]);
    expect(glance(venueMessage)).toEqual(["venue", "private", 123456789]);
    expect(glance(joinMessage)).toEqual(["new_chat_members", "group", -4012345678]);
    expect(glance(channelPost)).toEqual(["text", "channel", -1009876543210]);
  });

  it("adds date and message_id when long", () => {
    expect(glance(textMessage, undefined, { long: true })).toEqual([
      "text",
      "private",
      123456789,
      1790000000,
      101,
    ]);
    expect(glance(photoMessage, "normal", { long: true })).toEqual([
      "photo",
      "group",
      -4012345678,
      1790000060,
      102,
    ]);
    expect(glance(photoMessage, "normal", { long: false })).toEqual(["photo", "group", -4012345678]);
  });

  it("reads a community_chat_joined service message (Bot API 10.3) by its content type", () => {
    const { text: _text, ...envelope } = textMessage;
    const joined: Message = {
      ...envelope,
      community_chat_joined: { community: { id: 77, name: "Readers" } },
    };
    expect(glance(joined)).toEqual(["community_chat_joined", textMessage.chat.type, textMessage.chat.id]);
  });

  it("reads every Message-carrying update kind as a message", () => {
    for (const kind of [
      "message",
      "edited_message",
      "channel_post",
      "edited_channel_post",
      "business_message",
      "edited_business_message",
      "guest_message",
    ] as const) {
      const msg = updates[kind][kind]!;
      expect(glance(msg)).toEqual([expect.any(String), msg.chat.type, msg.chat.id]);
    }
  });
});

describe("glance of queries", () => {
  it("inline query: [id, from.id, query], long adds offset", () => {
    expect(glance(inlineQuery, "inline_query")).toEqual(["4613720651532619111", 123456789, "cats"]);
    expect(glance(inlineQuery, "inline_query", { long: true })).toEqual([
      "4613720651532619111",
      123456789,
      "cats",
      "20",
    ]);
  });

  it("chosen inline result: [result_id, from.id, query], nothing more when long", () => {
    expect(glance(chosenInlineResult, "chosen_inline_result")).toEqual(["cat-3", 123456789, "cats"]);
    expect(glance(chosenInlineResult, "chosen_inline_result", { long: true })).toEqual([
      "cat-3",
      123456789,
      "cats",
    ]);
  });

  it("callback query: [id, from.id, data], data undefined for a game", () => {
    expect(glance(callbackQuery, "callback_query")).toEqual(["4613720651532619222", 987654321, "vote:yes"]);
    expect(glance(gameCallbackQuery)).toEqual(["4613720651532619333", 123456789, undefined]);
  });

  it("shipping query: [id, from.id, invoice_payload]", () => {
    expect(glance(shippingQuery, "shipping_query", { long: true })).toEqual([
      "shq-5521",
      123456789,
      "order-42",
    ]);
  });

  it("pre-checkout query: [id, from.id, invoice_payload], long adds currency and total_amount", () => {
    expect(glance(preCheckoutQuery, "pre_checkout_query")).toEqual(["pcq-7781", 123456789, "order-42"]);
    expect(glance(preCheckoutQuery, "pre_checkout_query", { long: true })).toEqual([
      "pcq-7781",
      123456789,
      "order-42",
      "EUR",
      1299,
    ]);
  });

  it("detects the flavor when it is not given", () => {
    expect(glance(inlineQuery)).toEqual(glance(inlineQuery, "inline_query"));
    expect(glance(preCheckoutQuery, undefined, { long: true })).toHaveLength(5);
  });
});

describe("flance", () => {
  it("pairs the flavor with the glance", () => {
    expect(flance(textMessage)).toEqual(["normal", ["text", "private", 123456789]]);
    expect(flance(inlineQuery, { long: true })).toEqual([
      "inline_query",
      ["4613720651532619111", 123456789, "cats", "20"],
    ]);
    expect(flance(shippingQuery)).toEqual(["shipping_query", ["shq-5521", 123456789, "order-42"]]);
  });
});

describe("glance refuses what it cannot read", () => {
  function offenderOf(run: () => unknown): unknown {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(BadFlavor);
      return (error as BadFlavor).offender;
    }
    throw new Error("did not throw");
  }

  it("throws BadFlavor carrying the object for flavors it does not read", () => {
    for (const kind of [
      "poll",
      "chat_member",
      "message_reaction",
      "subscription",
      "managed_bot",
      "stopped_message_generation",
    ] as const) {
      const payload = updates[kind][kind];
      expect(offenderOf(() => glance(payload))).toBe(payload);
      expect(offenderOf(() => flance(payload))).toBe(payload);
    }
  });

  it("throws BadFlavor for an event", () => {
    const event = { _idle: { seconds: 10 } };
    expect(offenderOf(() => glance(event))).toBe(event);
    expect(() => flance(event)).toThrow(/_idle/);
  });

  it("throws BadFlavor when the object is not of the flavor given", () => {
    expect(offenderOf(() => glance(textMessage, "inline_query"))).toBe(textMessage);
    expect(() => glance(callbackQuery, "inline_query")).toThrow(
      "Expected flavor inline_query, got callback_query",
    );
  });

  it("throws BadFlavor for an object of no flavor", () => {
    const junk = { hello: "world" };
    expect(offenderOf(() => glance(junk))).toBe(junk);
  });

  it("throws BadFlavor naming the missing field, never returning undefined for it", () => {
    const noChatId = { ...textMessage, chat: { type: "private" } };
    expect(offenderOf(() => glance(noChatId))).toBe(noChatId);
    expect(() => glance(noChatId)).toThrow("This normal has no chat.id");
    const noFromId = { ...inlineQuery, from: {} };
    expect(() => glance(noFromId)).toThrow("This inline_query has no from.id");
  });
});

describe("types", () => {
  it("narrow glance and flance by flavor and length", () => {
    const msg: Message = textMessage;
    expectTypeOf(glance(msg)).toEqualTypeOf<[contentType: ContentType, chatType: ChatType, chatId: number]>();
    expectTypeOf(glance(msg, undefined, { long: true })).toEqualTypeOf<
      [contentType: ContentType, chatType: ChatType, chatId: number, date: number, messageId: number]
    >();
    const query: InlineQuery = inlineQuery;
    expectTypeOf(glance(query, "inline_query")).toEqualTypeOf<
      [queryId: string, fromId: number, query: string]
    >();
    expectTypeOf(glance(query, "inline_query", { long: true })).toEqualTypeOf<
      [queryId: string, fromId: number, query: string, offset: string]
    >();
    expectTypeOf(glance(callbackQuery, "callback_query")[2]).toEqualTypeOf<string | undefined>();
    expectTypeOf(glance(preCheckoutQuery, "pre_checkout_query", { long: true })[4]).toEqualTypeOf<number>();
    const something: unknown = query;
    expectTypeOf(glance(something)).toEqualTypeOf<Glance>();
    const pair = flance(something);
    expectTypeOf(pair).toEqualTypeOf<Flance>();
    if (pair[0] === "callback_query") expectTypeOf(pair[1][2]).toEqualTypeOf<string | undefined>();
    expect(pair[0]).toBe("inline_query");
  });
});
