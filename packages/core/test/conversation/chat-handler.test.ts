// ChatHandler's includeCallbackQuery option and the includeCallbackQueryChatId pair wrapper:
// button presses under a chat's messages reach that chat's conversation.
import { describe, expect, it } from "vitest";
import {
  type CallbackQuery,
  ChatHandler,
  createOpen,
  Delegator,
  includeCallbackQueryChatId,
  ManualClock,
  type Message,
  perChatId,
} from "../../src/index.js";
import { callbackQuery, fakeBot, text } from "./fake-bot.js";

/** Every object each Game instance handled, as "chat#instance: what". */
const log: string[] = [];
let instances = 0;

class Game extends ChatHandler {
  readonly n = ++instances;
  override onChatMessage(msg: Message) {
    log.push(`${this.chatId}#${this.n}: text ${msg.text}`);
  }
  override onCallbackQuery(query: CallbackQuery) {
    log.push(`${this.chatId}#${this.n}: button ${query.data}`);
  }
}

function engineWith(pair: ConstructorParameters<typeof Delegator>[1][number]) {
  log.length = 0;
  instances = 0;
  const errors: unknown[] = [];
  const engine = new Delegator(fakeBot().bot, [pair], {
    clock: new ManualClock(0),
    onError: (e) => errors.push(e),
  });
  return { engine, errors };
}

describe("ChatHandler includeCallbackQuery", () => {
  it("with the wrapped seed and the option, a chat's button presses reach its conversation", async () => {
    const { engine, errors } = engineWith(
      includeCallbackQueryChatId([perChatId(), createOpen(Game, { includeCallbackQuery: true })]),
    );
    engine.feed(text(5, "play"));
    engine.feed(callbackQuery(5, 1, "left"));
    engine.feed(text(6, "play"));
    engine.feed(callbackQuery(5, 1, "right"));
    await engine.settled();
    expect(log).toEqual(["5#1: text play", "5#1: button left", "6#2: text play", "5#1: button right"]);
    expect(engine.size).toBe(2);
    expect(errors).toEqual([]);
  });

  it("without the option, the conversation drops callback queries routed to it", async () => {
    const { engine } = engineWith(includeCallbackQueryChatId([perChatId(), createOpen(Game, {})]));
    engine.feed(text(5, "play"));
    engine.feed(callbackQuery(5, 1, "left"));
    engine.feed(text(5, "again"));
    await engine.settled();
    expect(log).toEqual(["5#1: text play", "5#1: text again"]);
  });

  it("without the wrapper, perChatId routes no callback query at all", async () => {
    const { engine } = engineWith([perChatId(), createOpen(Game, { includeCallbackQuery: true })]);
    engine.feed(callbackQuery(5, 1, "left"));
    await engine.settled();
    expect(engine.size).toBe(0);
    expect(log).toEqual([]);
  });

  it("the wrapper's chat types filter the queries it routes", async () => {
    const { engine } = engineWith(
      includeCallbackQueryChatId([perChatId(), createOpen(Game, { includeCallbackQuery: true })], ["group"]),
    );
    engine.feed(text(5, "play"));
    engine.feed(callbackQuery(5, 1, "left")); // from a private chat: not routed
    await engine.settled();
    expect(log).toEqual(["5#1: text play"]);
  });

  it("a query whose message is in another chat is not taken, even if a custom seed routes it here", async () => {
    const { engine } = engineWith([() => 5, createOpen(Game, { includeCallbackQuery: true })]);
    engine.feed(text(5, "play"));
    engine.feed(callbackQuery(9, 1, "elsewhere"));
    engine.feed(callbackQuery(5, 1, "here"));
    await engine.settled();
    expect(log).toEqual(["5#1: text play", "5#1: button here"]);
  });
});
