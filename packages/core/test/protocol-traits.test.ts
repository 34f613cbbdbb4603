// The generated method traits: every method has each one, known methods have the values the
// drivers rely on, and the lookups the drivers use answer from the table.
import { describe, expect, it } from "vitest";
import { METHODS, type MethodName } from "../src/index.js";
import { isFloodLimited, isSafeToRepeat, traitsOf } from "../src/internal.js";

const names = Object.keys(METHODS) as MethodName[];

describe("the trait table", () => {
  it("gives each of the 185 methods every trait, with a value of the trait's kind", () => {
    expect(names).toHaveLength(185);
    for (const name of names) {
      const traits = METHODS[name].traits;
      expect(Object.keys(traits).sort(), name).toEqual(
        ["boundBy", "chatBound", "floodLimited", "messageBound", "safeToRepeat"].sort(),
      );
      for (const key of ["safeToRepeat", "floodLimited", "chatBound", "messageBound"] as const) {
        expect(typeof traits[key], `${name}.${key}`).toBe("boolean");
      }
      expect([undefined, "sender", "administrator", "editor"], name).toContain(traits.boundBy);
    }
  });

  it("agrees with the parameters: chat- and message-bound methods take the ids they are bound by", () => {
    for (const name of names) {
      const { params, required, traits } = METHODS[name];
      expect(traits.chatBound, name).toBe(params.includes("chat_id"));
      if (traits.messageBound) {
        expect(params.includes("inline_message_id") || params.includes("message_id"), name).toBe(true);
      }
      if (traits.boundBy === "sender" || traits.boundBy === "administrator") {
        expect(required, name).toContain("chat_id");
      }
      if (traits.boundBy === "editor") expect(traits.messageBound, name).toBe(true);
      // Nothing that posts a message may be repeated blindly: a repeat would post it twice.
      if (traits.floodLimited) expect(traits.safeToRepeat, name).toBe(false);
    }
  });

  it.each([
    [
      "sendMessage",
      { safeToRepeat: false, floodLimited: true, chatBound: true, messageBound: false, boundBy: "sender" },
    ],
    [
      "sendMediaGroup",
      { safeToRepeat: false, floodLimited: true, chatBound: true, messageBound: false, boundBy: "sender" },
    ],
    [
      "sendChatAction",
      { safeToRepeat: true, floodLimited: false, chatBound: true, messageBound: false, boundBy: "sender" },
    ],
    [
      "sendMessageDraft",
      { safeToRepeat: true, floodLimited: false, chatBound: true, messageBound: false, boundBy: "sender" },
    ],
    [
      "forwardMessage",
      { safeToRepeat: false, floodLimited: true, chatBound: true, messageBound: false, boundBy: "sender" },
    ],
    [
      "copyMessages",
      { safeToRepeat: false, floodLimited: true, chatBound: true, messageBound: false, boundBy: "sender" },
    ],
    [
      "getMe",
      { safeToRepeat: true, floodLimited: false, chatBound: false, messageBound: false, boundBy: undefined },
    ],
    [
      "getUpdates",
      { safeToRepeat: true, floodLimited: false, chatBound: false, messageBound: false, boundBy: undefined },
    ],
    [
      "getChat",
      {
        safeToRepeat: true,
        floodLimited: false,
        chatBound: true,
        messageBound: false,
        boundBy: "administrator",
      },
    ],
    [
      "editMessageText",
      { safeToRepeat: true, floodLimited: false, chatBound: true, messageBound: true, boundBy: "editor" },
    ],
    [
      "deleteMessage",
      { safeToRepeat: true, floodLimited: false, chatBound: true, messageBound: true, boundBy: "editor" },
    ],
    [
      "stopPoll",
      { safeToRepeat: true, floodLimited: false, chatBound: true, messageBound: true, boundBy: "editor" },
    ],
    [
      "pinChatMessage",
      {
        safeToRepeat: true,
        floodLimited: false,
        chatBound: true,
        messageBound: true,
        boundBy: "administrator",
      },
    ],
    [
      "setGameScore",
      { safeToRepeat: true, floodLimited: false, chatBound: true, messageBound: true, boundBy: undefined },
    ],
    [
      "answerCallbackQuery",
      { safeToRepeat: true, floodLimited: false, chatBound: false, messageBound: false, boundBy: undefined },
    ],
    [
      "createChatInviteLink",
      {
        safeToRepeat: false,
        floodLimited: false,
        chatBound: true,
        messageBound: false,
        boundBy: "administrator",
      },
    ],
    [
      "uploadStickerFile",
      { safeToRepeat: false, floodLimited: false, chatBound: false, messageBound: false, boundBy: undefined },
    ],
    [
      "closeForumTopic",
      {
        safeToRepeat: true,
        floodLimited: false,
        chatBound: true,
        messageBound: false,
        boundBy: "administrator",
      },
    ],
    // The exception to the verb rule: `close` shuts the bot instance down.
    [
      "close",
      { safeToRepeat: false, floodLimited: false, chatBound: false, messageBound: false, boundBy: undefined },
    ],
    [
      "logOut",
      { safeToRepeat: false, floodLimited: false, chatBound: false, messageBound: false, boundBy: undefined },
    ],
  ] as const)("%s", (name, expected) => {
    expect(METHODS[name].traits).toEqual(expected);
  });
});

describe("the lookups", () => {
  it("answer from the table for every method", () => {
    for (const name of names) {
      expect(traitsOf(name)).toBe(METHODS[name].traits);
      expect(isSafeToRepeat(name)).toBe(METHODS[name].traits.safeToRepeat);
      expect(isFloodLimited(name)).toBe(METHODS[name].traits.floodLimited);
    }
  });

  it("judge a method the table does not know by its name, as the generator does", () => {
    for (const name of ["sendSomethingNew", "getSomethingNew", "toString", "constructor", "__proto__"]) {
      expect(traitsOf(name)).toBeUndefined();
    }
    expect([isSafeToRepeat("getSomethingNew"), isFloodLimited("getSomethingNew")]).toEqual([true, false]);
    expect([isSafeToRepeat("sendSomethingNew"), isFloodLimited("sendSomethingNew")]).toEqual([false, true]);
    expect([isSafeToRepeat("sendOtherDraft"), isFloodLimited("sendOtherDraft")]).toEqual([true, false]);
    for (const name of ["settle", "toString", "constructor", "__proto__", ""]) {
      expect([isSafeToRepeat(name), isFloodLimited(name)], name).toEqual([false, false]);
    }
  });
});
