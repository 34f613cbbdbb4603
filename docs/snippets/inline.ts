// Inline queries in the root README: telling flavors apart, and answering with hand-written and
// built results side by side. docs/test/inline.test.ts runs them against the emulator.
import type { Bot } from "@telepot/async";
import { flance, type InlineQueryResult } from "@telepot/async";
import { InlineQueryResultArticle, InputTextMessageContent } from "@telepot/namedtuple";

/** One line about anything received: its flavor and its glance. */
export function headline(msg: object): string {
  // #region readme-flance
  // flance = flavor + glance. Narrowing on the flavor narrows the glance.
  const [flavor, summary] = flance(msg);
  if (flavor === "normal") {
    const [contentType, chatType, chatId] = summary;
    return `${contentType} message in ${chatType} chat ${chatId}`;
  }
  if (flavor === "inline_query" || flavor === "chosen_inline_result") {
    const [id, fromId, query] = summary;
    return `${flavor} ${id} from ${fromId}: ${query}`;
  }
  return `${flavor} ${summary[0]} from ${summary[1]}`; // callback, shipping and pre-checkout queries
  // #endregion
}

/** Answers an inline query with two articles, one written by hand and one built. */
export async function answerWithArticles(bot: Bot, queryId: string): Promise<void> {
  // #region readme-inline-answer
  const articles: InlineQueryResult[] = [
    // a plain object, as the Bot API documents it ...
    { type: "article", id: "abc", title: "ABC", input_message_content: { message_text: "Good morning" } },
    // ... or the same built by @telepot/namedtuple, which fills in `type` and checks the fields
    InlineQueryResultArticle({
      id: "xyz",
      title: "ZZZZZ",
      input_message_content: InputTextMessageContent({ message_text: "Good night" }),
    }),
  ];
  await bot.answerInlineQuery(queryId, articles);
  // #endregion
}
