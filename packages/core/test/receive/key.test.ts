import { describe, expect, it } from "vitest";
import { UPDATE_KINDS, type UpdateKind, type UpdatePayloads, unwrapUpdate } from "../../src/index.js";
import { orderingKey } from "../../src/internal.js";
import { gameCallbackQuery } from "../fixtures/messages.js";
import { updates } from "../fixtures/updates.js";

// What each kind must be keyed by, read from the payload by hand (not by the code under test).
const expected: { [K in UpdateKind]: (payload: UpdatePayloads[K]) => number | string } = {
  message: (p) => p.chat.id,
  edited_message: (p) => p.chat.id,
  channel_post: (p) => p.chat.id,
  edited_channel_post: (p) => p.chat.id,
  business_connection: (p) => p.user.id,
  business_message: (p) => p.chat.id,
  edited_business_message: (p) => p.chat.id,
  deleted_business_messages: (p) => p.chat.id,
  guest_message: (p) => p.chat.id,
  message_reaction: (p) => p.chat.id,
  message_reaction_count: (p) => p.chat.id,
  inline_query: (p) => p.from.id,
  chosen_inline_result: (p) => p.from.id,
  callback_query: (p) => p.message!.chat.id,
  shipping_query: (p) => p.from.id,
  pre_checkout_query: (p) => p.from.id,
  purchased_paid_media: (p) => p.from.id,
  poll: () => "poll",
  poll_answer: (p) => p.user!.id,
  my_chat_member: (p) => p.chat.id,
  chat_member: (p) => p.chat.id,
  chat_join_request: (p) => p.chat.id,
  chat_boost: (p) => p.chat.id,
  removed_chat_boost: (p) => p.chat.id,
  managed_bot: (p) => p.user.id,
  subscription: (p) => p.user.id,
  stopped_message_generation: (p) => p.chat.id,
};

describe("orderingKey", () => {
  for (const kind of UPDATE_KINDS) {
    it(`keys ${kind} updates`, () => {
      const payload = updates[kind][kind];
      const want = (expected[kind] as (p: unknown) => number | string)(payload);
      expect(orderingKey(kind, payload)).toBe(want);
      // Whatever unwrapUpdate reports, the key of the unwrapped pair is the same.
      const [unwrappedKind, unwrapped] = unwrapUpdate(updates[kind]);
      expect(orderingKey(unwrappedKind, unwrapped)).toBe(want);
    });
  }

  it("keys a callback query without a message (inline keyboard) by its sender", () => {
    expect(orderingKey("callback_query", gameCallbackQuery)).toBe(gameCallbackQuery.from.id);
  });

  it("keys an anonymous poll vote by the voting chat", () => {
    const vote = { poll_id: "p", voter_chat: { id: -100777, type: "channel" }, option_ids: [1] };
    expect(orderingKey("poll_answer", vote)).toBe(-100777);
  });

  it("puts a user's inline queries and private messages under one key", () => {
    const privateMessage = { message_id: 1, date: 0, chat: { id: 42, type: "private" }, from: { id: 42 } };
    expect(orderingKey("message", privateMessage)).toBe(
      orderingKey("inline_query", { id: "q", from: { id: 42 } }),
    );
  });

  it("keys unknown kinds by their chat when they have one, else by kind", () => {
    expect(orderingKey("future_kind", { chat: { id: -5 }, anything: true })).toBe(-5);
    expect(orderingKey("future_kind", { something: 1 })).toBe("future_kind");
  });

  it("gives malformed payloads a key instead of throwing", () => {
    expect(orderingKey("message", null)).toBe("message");
    expect(orderingKey("message", 17)).toBe("message");
    expect(orderingKey("message", { chat: { id: "not a number" } })).toBe("message");
    expect(orderingKey("callback_query", { message: null, from: { id: 9 } })).toBe(9);
  });
});
