// The keyboard helpers of the seed's examples: reply keyboards from strings, ReplyKeyboardHide,
// ForceReply, and an inline keyboard built row by row.
import { describe, expect, it } from "vitest";
import {
  ForceReply,
  InlineKeyboard,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  InvalidFieldError,
  KeyboardButton,
  ReplyKeyboardHide,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from "../src/index.js";

describe("ReplyKeyboardMarkup", () => {
  it("takes rows of strings, each string a button with that text", () => {
    expect(
      ReplyKeyboardMarkup([
        ["Yes", "No"],
        ["Maybe", "Maybe not"],
      ]),
    ).toStrictEqual({
      keyboard: [
        [{ text: "Yes" }, { text: "No" }],
        [{ text: "Maybe" }, { text: "Maybe not" }],
      ],
    });
  });

  it("takes options after the rows, and the fields form with strings and buttons mixed", () => {
    const location = KeyboardButton({ text: "Location", request_location: true });
    expect(
      ReplyKeyboardMarkup([["Plain", location]], { resize_keyboard: true, one_time_keyboard: true }),
    ).toStrictEqual({
      keyboard: [[{ text: "Plain" }, { text: "Location", request_location: true }]],
      resize_keyboard: true,
      one_time_keyboard: true,
    });
    expect(
      ReplyKeyboardMarkup({ keyboard: [["A"], [{ text: "B", request_contact: true }]], selective: true }),
    ).toStrictEqual({
      keyboard: [[{ text: "A" }], [{ text: "B", request_contact: true }]],
      selective: true,
    });
  });

  it("checks its fields like every builder", () => {
    expect(() => ReplyKeyboardMarkup([["A"]], { input_field_placeholder: "x".repeat(65) })).toThrow(
      "ReplyKeyboardMarkup.input_field_placeholder: must be 1-64 characters, got 65",
    );
    // a flat row is a typical slip: the message points at it
    const flat = ["Yes", "No"] as unknown as string[][];
    expect(() => ReplyKeyboardMarkup(flat)).toThrow(
      "ReplyKeyboardMarkup.keyboard: expected an array of arrays of objects, but item [0] is a string",
    );
    expect(() => ReplyKeyboardMarkup({ keyboard: [["A"]], resize: true } as never)).toThrow(
      InvalidFieldError,
    );
  });
});

describe("ReplyKeyboardRemove, ReplyKeyboardHide and ForceReply", () => {
  it("fill in their constant true field", () => {
    expect(ReplyKeyboardRemove()).toStrictEqual({ remove_keyboard: true });
    expect(ReplyKeyboardRemove({ selective: true })).toStrictEqual({
      remove_keyboard: true,
      selective: true,
    });
    expect(ForceReply()).toStrictEqual({ force_reply: true });
    expect(ForceReply({ input_field_placeholder: "Your name" })).toStrictEqual({
      force_reply: true,
      input_field_placeholder: "Your name",
    });
  });

  it("keep ReplyKeyboardHide as the old name of ReplyKeyboardRemove", () => {
    expect(ReplyKeyboardHide).toBe(ReplyKeyboardRemove);
    expect(ReplyKeyboardHide({ selective: true })).toStrictEqual({ remove_keyboard: true, selective: true });
  });
});

describe("InlineKeyboardMarkup", () => {
  const yes = InlineKeyboardButton({ text: "Yes", callback_data: "yes" });
  const no = { text: "No", callback_data: "no" };

  it("takes rows or the fields", () => {
    expect(InlineKeyboardMarkup([[yes, no]])).toStrictEqual({ inline_keyboard: [[yes, no]] });
    expect(InlineKeyboardMarkup({ inline_keyboard: [[yes], [no]] })).toStrictEqual({
      inline_keyboard: [[yes], [no]],
    });
  });

  it("builds row by row with the fluent API", () => {
    const markup = InlineKeyboardMarkup.row(yes, no)
      .row()
      .url("Docs", "https://example.com/docs")
      .webApp("App", "https://example.com/app")
      .row()
      .copyText("Copy", "secret")
      .switchInline("Share")
      .switchInlineCurrentChat("Here", "q")
      .loginUrl("Log in", "https://example.com/login")
      .build();
    expect(markup).toStrictEqual({
      inline_keyboard: [
        [yes, no],
        [
          { text: "Docs", url: "https://example.com/docs" },
          { text: "App", web_app: { url: "https://example.com/app" } },
        ],
        [
          { text: "Copy", copy_text: { text: "secret" } },
          { text: "Share", switch_inline_query: "" },
          { text: "Here", switch_inline_query_current_chat: "q" },
          { text: "Log in", login_url: { url: "https://example.com/login" } },
        ],
      ],
    });
  });

  it("adds a disabled button and asks for a reply (Bot API 10.3)", () => {
    const markup = new InlineKeyboard()
      .disabled("Sold out")
      .callback("Wait", "wait")
      .build({ forceReply: true });
    expect(markup).toStrictEqual({
      inline_keyboard: [
        [
          { text: "Sold out", disabled: {} },
          { text: "Wait", callback_data: "wait" },
        ],
      ],
      force_reply: true,
    });
    expect(new InlineKeyboard().callback("A", "a").build({ forceReply: false })).toStrictEqual({
      inline_keyboard: [[{ text: "A", callback_data: "a" }]],
    });
    expect(() => InlineKeyboardMarkup({ inline_keyboard: [], force_reply: "yes" as never })).toThrow(
      InvalidFieldError,
    );
  });

  it("starts rows only when needed and leaves empty ones out", () => {
    const kb = new InlineKeyboard().row().row().pay("Pay 5 €").row();
    expect(kb.build()).toStrictEqual({ inline_keyboard: [[{ text: "Pay 5 €", pay: true }]] });
    expect(new InlineKeyboard().build()).toStrictEqual({ inline_keyboard: [] });
    expect(new InlineKeyboard().game("Play", { style: "primary" }).build()).toStrictEqual({
      inline_keyboard: [[{ style: "primary", text: "Play", callback_game: {} }]],
    });
  });

  it("keeps working after build without sharing rows with the built object", () => {
    const kb = new InlineKeyboard().callback("A", "a");
    const first = kb.build();
    kb.callback("B", "b");
    expect(first).toStrictEqual({ inline_keyboard: [[{ text: "A", callback_data: "a" }]] });
    expect(kb.build().inline_keyboard[0]).toHaveLength(2);
  });

  it("checks each button as it is added", () => {
    const kb = new InlineKeyboard();
    expect(() => kb.callback("Too long", "x".repeat(65))).toThrow(
      "InlineKeyboardButton.callback_data: must be 1-64 bytes (UTF-8), got 65",
    );
    expect(() => kb.button({ text: "B", callbackdata: "x" } as never)).toThrow(
      'InlineKeyboardButton.callbackdata: unknown field (did you mean "callback_data"?)',
    );
    expect(() => kb.copyText("C", "")).toThrow("CopyTextButton.text: must be 1-256 characters, got 0");
    expect(kb.build()).toStrictEqual({ inline_keyboard: [] });
  });
});
