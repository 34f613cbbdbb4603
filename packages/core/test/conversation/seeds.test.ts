import { describe, expect, it } from "vitest";
import {
  ALWAYS,
  chain,
  keyOf,
  perApplication,
  perCallbackQueryChatId,
  perCallbackQueryOrigin,
  perChatId,
  perChatIdExcept,
  perChatIdIn,
  perEventSourceId,
  perFromId,
  perFromIdExcept,
  perFromIdIn,
  perInlineFromId,
  perInlineFromIdExcept,
  perInlineFromIdIn,
  perInvoicePayload,
  perMessage,
  seedKey,
  until,
} from "../../src/index.js";
import { callbackQuery, chosen, inlineQuery, text } from "./fake-bot.js";

const group = text(-100, "hi");
const priv = text(5, "hi");
const iq = inlineQuery(9, "abc");
const cbq = callbackQuery(5, 77, "x");

describe("seed functions", () => {
  it("perChatId gives the chat id of messages only, filtered by chat type", () => {
    expect(perChatId()(priv)).toBe(5);
    expect(perChatId()(group)).toBe(-100);
    expect(perChatId(["private"])(group)).toBeNull();
    expect(perChatId()(iq)).toBeNull();
    expect(perChatId()(cbq)).toBeNull();
    expect(perChatId()({ nonsense: true })).toBeNull();
  });

  it("perChatIdIn / perChatIdExcept filter by id", () => {
    expect(perChatIdIn([5])(priv)).toBe(5);
    expect(perChatIdIn([5])(group)).toBeNull();
    expect(perChatIdExcept([5])(priv)).toBeNull();
    expect(perChatIdExcept([5])(group)).toBe(-100);
    expect(perChatIdIn([-100], ["private"])(group)).toBeNull();
  });

  it("perFromId follows chat and inline flavors but not callback queries by default", () => {
    expect(perFromId()(priv)).toBe(5);
    expect(perFromId()(iq)).toBe(9);
    expect(perFromId()(chosen(9))).toBe(9);
    expect(perFromId()(cbq)).toBeNull();
    expect(perFromId("all")(cbq)).toBe(7);
    expect(perFromIdIn([9])(iq)).toBe(9);
    expect(perFromIdIn([9])(priv)).toBeNull();
    expect(perFromIdExcept([9])(iq)).toBeNull();
    expect(perFromIdExcept([9])(priv)).toBe(5);
  });

  it("perInlineFromId ignores chat messages", () => {
    expect(perInlineFromId()(priv)).toBeNull();
    expect(perInlineFromId()(iq)).toBe(9);
    expect(perInlineFromId()(chosen(3))).toBe(3);
    expect(perInlineFromIdIn([3])(chosen(3))).toBe(3);
    expect(perInlineFromIdIn([3])(iq)).toBeNull();
    expect(perInlineFromIdExcept([3])(iq)).toBe(9);
  });

  it("perApplication is always 1, perMessage always spawns", () => {
    expect(perApplication()(priv)).toBe(1);
    expect(perApplication()({ _alarm: {} })).toBe(1);
    expect(perMessage()(priv)).toBe(ALWAYS);
    expect(perMessage(["inline_query"])(priv)).toBeNull();
    expect(perMessage(["inline_query"])(iq)).toBe(ALWAYS);
  });

  it("perEventSourceId reads the source of events in its space", () => {
    const event = { _idle: { source: { space: 3, id: 12 }, seconds: 10 } };
    expect(perEventSourceId(3)(event)).toBe(12);
    expect(perEventSourceId(4)(event)).toBeNull();
    expect(perEventSourceId(3)(priv)).toBeNull();
  });

  it("callback query seeds: chat id and origin tuples", () => {
    expect(perCallbackQueryChatId()(cbq)).toBe(5);
    expect(perCallbackQueryChatId(["group"])(cbq)).toBeNull();
    expect(perCallbackQueryChatId()(priv)).toBeNull();
    const origin = perCallbackQueryOrigin()(cbq);
    expect(origin).toEqual(seedKey(5, 77));
    const inline = { id: "c", from: { id: 1 }, chat_instance: "i", inline_message_id: "IM" };
    expect(perCallbackQueryOrigin()(inline)).toEqual(seedKey("IM"));
    expect(perCallbackQueryOrigin(["chat"])(inline)).toBeNull();
    expect(perCallbackQueryOrigin(["inline"])(cbq)).toBeNull();
  });

  it("perInvoicePayload reads shipping, pre-checkout and payment objects", () => {
    const seed = perInvoicePayload();
    expect(seed({ id: "s", from: { id: 1 }, invoice_payload: "P", shipping_address: {} })).toBe("P");
    expect(seed({ id: "p", from: { id: 1 }, currency: "EUR", total_amount: 5, invoice_payload: "P" })).toBe(
      "P",
    );
    expect(seed(text(5, "x", { successful_payment: { invoice_payload: "P" } }))).toBe("P");
    expect(seed(priv)).toBeNull();
  });

  it("seedKey is stable, distinct from plain seeds, and keeps its parts", () => {
    expect(keyOf(seedKey(1, 2))).toBe(keyOf(seedKey(1, 2)));
    expect(keyOf(seedKey(1, 2))).not.toBe(keyOf(seedKey(12)));
    expect(keyOf(seedKey("1"))).not.toBe(keyOf(seedKey(1)));
    expect(keyOf(seedKey(1, 2))).not.toBe("[1,2]");
    expect(seedKey("a", 1).parts).toEqual(["a", 1]);
    expect(keyOf(7)).toBe(7);
  });

  it("chain takes the first non-null seed, until the first satisfying one", () => {
    const seed = chain(perChatId(), perCallbackQueryChatId());
    expect(seed(priv)).toBe(5);
    expect(seed(cbq)).toBe(5);
    expect(seed(iq)).toBeNull();
    const positive = until((s) => typeof s === "number" && s > 0, [perChatId(), () => 99]);
    expect(positive(group)).toBe(99);
    expect(positive(priv)).toBe(5);
  });
});
