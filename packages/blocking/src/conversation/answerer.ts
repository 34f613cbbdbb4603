// Answerer in blocking style: answers are computed one at a time on this thread, so "newest wins"
// means skipping: a query is not computed, and a computed answer is not sent, when a newer inline
// query from the same user is already waiting in the message loop.
import { Answerer as CoreAnswerer } from "@telepot/core";
import type { Bot } from "../bot.js";

/** Answers inline queries, skipping those a newer query from the same user superseded. */
export class Answerer extends CoreAnswerer<"blocking"> {
  /** An answerer sending through `bot` (whose message loop it looks ahead in). */
  constructor(bot: Bot) {
    super(bot, { isSuperseded: (query) => bot.hasWaitingInlineQuery(query.from.id) });
  }
}
