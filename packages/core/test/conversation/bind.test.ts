import { describe, expect, expectTypeOf, it } from "vitest";
import {
  ADMINISTRATOR_METHODS,
  Administrator,
  EDITOR_METHODS,
  Editor,
  METHODS,
  SENDER_METHODS,
  Sender,
  seedKey,
} from "../../src/index.js";
import { fakeBot } from "./fake-bot.js";

describe("Sender", () => {
  it("binds chat_id to every send method, in its positional slot", async () => {
    const { bot, calls } = fakeBot();
    const sender = new Sender(bot, 5);
    await sender.sendMessage("hi", { parse_mode: "HTML" });
    await sender.sendLocation(1.5, 2.5);
    await sender.sendDice();
    // chat_id is not the first required parameter of sendChecklist.
    await sender.sendChecklist("biz", { title: "t", tasks: [] });
    expect(calls).toEqual([
      { method: "sendMessage", args: [5, "hi", { parse_mode: "HTML" }] },
      { method: "sendLocation", args: [5, 1.5, 2.5] },
      { method: "sendDice", args: [5] },
      { method: "sendChecklist", args: ["biz", 5, { title: "t", tasks: [] }] },
    ]);
  });

  it("covers exactly the send/forward/copy methods that require chat_id", () => {
    for (const name of SENDER_METHODS) expect(METHODS[name].required).toContain("chat_id");
    expect(SENDER_METHODS).toContain("sendMessage");
    expect(SENDER_METHODS).toContain("forwardMessage");
    expect(SENDER_METHODS).not.toContain("getChat");
    expect(typeof (new Sender(fakeBot().bot, 1) as unknown as Record<string, unknown>).banChatMember).toBe(
      "undefined",
    );
  });

  it("rejects extra arguments with a TypeError naming the method", () => {
    const sender = new Sender(fakeBot().bot, 5) as unknown as { sendMessage(...a: unknown[]): unknown };
    expect(() => sender.sendMessage("a", {}, "extra")).toThrow(/sendMessage/);
    expect(() => sender.sendMessage("a", "not options")).toThrow(/options object/);
  });

  it("is typed from the generated tables", () => {
    const sender = new Sender(fakeBot().bot, 5);
    expectTypeOf(sender.sendMessage).parameters.toEqualTypeOf<
      [string, (Parameters<typeof sender.sendMessage>[1] | undefined)?]
    >();
    expectTypeOf(sender.sendMessage).returns.resolves.toHaveProperty("message_id");
    const blocking = new Sender<"blocking">(fakeBot("blocking").bot, 5);
    expectTypeOf(blocking.sendMessage).returns.toHaveProperty("message_id");
  });
});

describe("Administrator", () => {
  it("binds chat_id to chat administration methods", async () => {
    const { bot, calls } = fakeBot();
    const admin = new Administrator(bot, -100);
    await admin.banChatMember(7, { revoke_messages: true });
    await admin.getChat();
    await admin.setChatTitle("T");
    expect(calls.map((c) => c.args)).toEqual([[-100, 7, { revoke_messages: true }], [-100], [-100, "T"]]);
    expect(ADMINISTRATOR_METHODS).toContain("leaveChat");
    expect(ADMINISTRATOR_METHODS).toContain("createForumTopic");
    expect(ADMINISTRATOR_METHODS).not.toContain("sendChatAction");
  });
});

describe("Editor", () => {
  it("binds chat_id + message_id from a message, into options where they are optional", async () => {
    const { bot, calls } = fakeBot();
    const editor = new Editor(bot, { message_id: 9, chat: { id: 5 } });
    await editor.editMessageText({ text: "new", parse_mode: "HTML" });
    await editor.editMessageLiveLocation(1, 2);
    await editor.deleteMessage();
    await editor.stopPoll();
    expect(calls).toEqual([
      { method: "editMessageText", args: [{ text: "new", parse_mode: "HTML", chat_id: 5, message_id: 9 }] },
      { method: "editMessageLiveLocation", args: [1, 2, { chat_id: 5, message_id: 9 }] },
      { method: "deleteMessage", args: [5, 9] },
      { method: "stopPoll", args: [5, 9] },
    ]);
  });

  it("binds an inline message id, and refuses chat-only methods", async () => {
    const { bot, calls } = fakeBot();
    const editor = new Editor(bot, seedKey("INLINE").parts);
    await editor.editMessageReplyMarkup();
    expect(calls).toEqual([{ method: "editMessageReplyMarkup", args: [{ inline_message_id: "INLINE" }] }]);
    expect(() => editor.deleteMessage()).toThrow(/chat messages only/);
    expect(() => new Editor(bot, { nothing: 1 })).toThrow(TypeError);
  });

  it("offers the edit/delete/stop methods that address one message", () => {
    expect(EDITOR_METHODS).toEqual(
      expect.arrayContaining([
        "editMessageText",
        "editMessageCaption",
        "deleteMessage",
        "stopMessageLiveLocation",
      ]),
    );
    expect(EDITOR_METHODS).not.toContain("deleteChatPhoto");
    expect(EDITOR_METHODS).not.toContain("editForumTopic");
  });
});
