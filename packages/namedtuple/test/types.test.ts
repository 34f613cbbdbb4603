// What the types promise (checked by `tsc` over this file) and that it holds at run time: a builder
// returns the core type, does not take the field it fills in, and may be called bare when every
// field is optional.
import type * as T from "@telepot/core";
import { describe, expect, it } from "vitest";
import {
  BotCommandScopeDefault,
  type Builder,
  InlineQueryResultArticle,
  InputMediaPhoto,
  InvalidFieldError,
  type OptionalBuilder,
  ReactionTypeEmoji,
  ReplyParameters,
} from "../src/index.js";

describe("builder types", () => {
  it("return the Bot API type of @telepot/core", () => {
    const result: T.InlineQueryResult = InlineQueryResultArticle({
      id: "1",
      title: "t",
      input_message_content: { message_text: "m" },
    });
    // the discriminator is the literal, so the union narrows
    if (result.type === "article") expect(result.title).toBe("t");
    const reaction: T.ReactionType = ReactionTypeEmoji({ emoji: "👍" });
    expect(reaction.type).toBe("emoji");
    // the package's type of the same name is the core type
    const same: InlineQueryResultArticle = result as T.InlineQueryResultArticle;
    expect(same.id).toBe("1");
  });

  it("leave the constant out of the parameters and take uploads where the spec does", () => {
    // @ts-expect-error the builder fills in `type`
    expect(() => ReactionTypeEmoji({ type: "emoji", emoji: "👍" })).not.toThrow();
    // @ts-expect-error a required field is missing
    expect(() => InputMediaPhoto({ caption: "c" })).toThrow(InvalidFieldError);
    expect(InputMediaPhoto({ media: new Uint8Array([1]) }).type).toBe("photo");
  });

  it("are optional-argument builders exactly when no field is required", () => {
    const bare: OptionalBuilder<T.BotCommandScopeDefault, "type"> = BotCommandScopeDefault;
    const withFields: Builder<T.ReplyParameters> = ReplyParameters;
    expect(bare()).toStrictEqual({ type: "default" });
    expect(withFields({ message_id: 3 })).toStrictEqual({ message_id: 3 });
    // @ts-expect-error InlineQueryResultArticle needs its fields
    expect(() => InlineQueryResultArticle()).toThrow("InlineQueryResultArticle.id: is required but missing");
  });
});
