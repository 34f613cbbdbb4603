// The 6.3 seed's conversation examples, ported, against a fake Bot API server on 127.0.0.1, with
// the exact replies of BEHAVIOUR.md section 7. Idle timeouts run on a fake clock.
import {
  ALWAYS,
  Answerer,
  ChatHandler,
  type ChosenInlineResult,
  createOpen,
  type DelegateFactory,
  type ErrorSite,
  type HandlerContext,
  type HandlerOptions,
  type InlineQuery,
  type InlineQueryResult,
  InlineUserHandler,
  ManualClock,
  type Message,
  type Payload,
  perApplication,
  perChatId,
  perChatIdIn,
  perFromId,
  perInlineFromId,
  UserHandler,
  type UserHandlerOptions,
} from "@telepot/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DelegatorBot } from "../src/index.js";
import {
  type ConversationServer,
  chosenResult,
  inlineQuery,
  message,
  startConversationServer,
  TOKEN,
} from "./conversation-server.js";

let server: ConversationServer;
let clock: ManualClock;
let errors: [unknown, ErrorSite][];

beforeEach(async () => {
  server = await startConversationServer();
  clock = new ManualClock(0);
  errors = [];
});
afterEach(async () => {
  await server.close();
});

function delegatorBot(pairs: ConstructorParameters<typeof DelegatorBot>[1]) {
  return new DelegatorBot(TOKEN, pairs, {
    apiRoot: server.url,
    timerClock: clock,
    retry: false,
    onDelegateError: (e, s) => errors.push([e, s]),
  });
}

/** Feeds objects one by one, as a message loop would, and waits until the delegates are done. */
async function feed(bot: DelegatorBot, ...objects: object[]) {
  for (const o of objects) bot.handle(o as never);
  await bot.settled();
}

/** The texts sent to one chat, in order. */
function sentTo(chatId: number) {
  return server
    .sent()
    .filter(([id]) => id === chatId)
    .map(([, text]) => text);
}

/** Moves the fake clock and waits for what the timers set off. */
async function elapse(bot: DelegatorBot, seconds: number) {
  clock.advance(seconds * 1000);
  await bot.settled();
}

const ABC = [
  { type: "article", id: "abc", title: "ABC", message_text: "Good morning" },
] as unknown as InlineQueryResult[];

describe("Message Counter (per_chat_id, ChatHandler, timeout 10)", () => {
  class MessageCounter extends ChatHandler {
    #count = 0;
    override async onChatMessage() {
      this.#count += 1;
      await this.sender.sendMessage(String(this.#count));
    }
  }

  it("replies 1, 2, 3 per chat and starts over after 10 s of silence", async () => {
    const bot = delegatorBot([[perChatId(), createOpen(MessageCounter, { timeout: 10 })]]);
    await feed(bot, message(1, "a"), message(1, "b"), message(2, "x"), message(1, "c"));
    // Chats run concurrently: compare each chat's replies in order.
    expect(sentTo(1)).toEqual(["1", "2", "3"]);
    expect(sentTo(2)).toEqual(["1"]);
    await elapse(bot, 9);
    await feed(bot, message(1, "d"));
    await elapse(bot, 9.999);
    await feed(bot, message(1, "e"));
    expect(server.sent().slice(4)).toEqual([
      [1, "4"],
      [1, "5"],
    ]);
    await elapse(bot, 10);
    expect(bot.delegates).toBe(0);
    await feed(bot, message(1, "f"), message(2, "y"));
    expect(sentTo(1)).toEqual(["1", "2", "3", "4", "5", "1"]);
    expect(sentTo(2)).toEqual(["1", "1"]);
    expect(errors).toEqual([]);
    await bot.dispose();
  });

  it("runs under the real message loop (getUpdates from the fake server)", async () => {
    const bot = new DelegatorBot(TOKEN, [[perChatId(), createOpen(MessageCounter, { timeout: 10 })]], {
      apiRoot: server.url,
      retry: false,
    });
    const loop = bot.messageLoop(undefined, { timeout: 1 });
    server.push({ message: message(7, "a") }, { message: message(7, "b") }, { message: message(8, "c") });
    await server.waitFor("sendMessage", 3);
    server.push({ message: message(7, "d") });
    await server.waitFor("sendMessage", 4);
    await loop.stop();
    await bot.settled();
    expect(sentTo(7)).toEqual(["1", "2", "3"]);
    expect(sentTo(8)).toEqual(["1"]);
    await bot.dispose();
  });
});

describe("Guess a number (per_chat_id, timeout 10)", () => {
  class Player extends ChatHandler {
    readonly #answer: number;
    constructor(ctx: HandlerContext, random: () => number, options: HandlerOptions) {
      super(ctx, options);
      this.#answer = Math.floor(random() * 100);
    }
    override async open() {
      await this.sender.sendMessage("Guess my number");
      return true; // the first message is not a guess
    }
    override async onChatMessage(msg: Message) {
      const text = msg.text;
      // Python's int(): optional surrounding whitespace and sign, decimal digits.
      if (text === undefined || !/^\s*[+-]?\d+\s*$/.test(text)) {
        await this.sender.sendMessage("Give me a number, please.");
        return;
      }
      const guess = Number.parseInt(text.trim(), 10);
      if (this.#answer > guess) await this.sender.sendMessage("larger");
      else if (this.#answer < guess) await this.sender.sendMessage("smaller");
      else {
        await this.sender.sendMessage("Correct!");
        this.close();
      }
    }
    override async onIdle() {
      await this.sender.sendMessage(`Game expired. The answer is ${this.#answer}`);
    }
  }

  it("plays a game, closes on the right answer, and expires after 10 s idle", async () => {
    const secrets = [0.42, 0.07];
    const random = () => secrets.shift() ?? 0;
    const bot = delegatorBot([[perChatId(), createOpen(Player, random, { timeout: 10 })]]);
    await feed(
      bot,
      message(1, undefined),
      message(1, "hello"),
      message(1, " +50 "),
      message(1, "10"),
      message(1, "42"),
    );
    expect(server.sent().map(([, t]) => t)).toEqual([
      "Guess my number",
      "Give me a number, please.",
      "smaller",
      "larger",
      "Correct!",
    ]);
    expect(bot.delegates).toBe(0);
    await feed(bot, message(1, "again"), message(1, "3"));
    await elapse(bot, 10);
    expect(
      server
        .sent()
        .map(([, t]) => t)
        .slice(5),
    ).toEqual(["Guess my number", "larger", "Game expired. The answer is 7"]);
    expect(bot.delegates).toBe(0);
    expect(errors).toEqual([]);
    await bot.dispose();
  });
});

describe("Chatbox (owner commands, message saver, welcome with an ALWAYS seed)", () => {
  const OWNER = 999;

  class UnreadStore {
    readonly #db = new Map<number, Message[]>();
    put(msg: Message) {
      const list = this.#db.get(msg.chat.id) ?? [];
      list.push(msg);
      this.#db.set(msg.chat.id, list);
    }
    /** Takes the first stored chat's messages (insertion order), sorted by date. */
    pull(): [number, Message[]] | undefined {
      const first = this.#db.entries().next();
      if (first.done) return undefined;
      const [chatId, msgs] = first.value;
      this.#db.delete(chatId);
      return [chatId, msgs.toSorted((a, b) => a.date - b.date)];
    }
    unread(): [number, number][] {
      return [...this.#db].map(([id, list]) => [id, list.length]);
    }
  }

  class OwnerHandler extends ChatHandler {
    constructor(
      ctx: HandlerContext,
      readonly store: UnreadStore,
      options: HandlerOptions,
    ) {
      super(ctx, options);
    }
    override async onChatMessage(msg: Message) {
      const command = msg.text?.trim().toLowerCase();
      if (command === "/unread") {
        const results = this.store.unread();
        if (results.length === 0) return this.sender.sendMessage("No unread messages");
        return this.sender.sendMessage(results.map(([id, n]) => `ID: ${id}\n${n} unread`).join("\n"));
      }
      if (command === "/next") {
        const next = this.store.pull();
        if (next === undefined) return this.sender.sendMessage("No unread messages");
        await this.sender.sendMessage(`From ID: ${next[0]}`);
        for (const m of next[1]) await this.sender.sendMessage(m.text ?? "");
        return;
      }
      return this.sender.sendMessage("I don't understand");
    }
  }

  class MessageSaver extends ChatHandler {
    constructor(
      ctx: HandlerContext,
      readonly store: UnreadStore,
      readonly exclude: readonly number[],
    ) {
      super(ctx, {});
    }
    override onChatMessage(msg: Message) {
      if (this.exclude.includes(msg.chat.id) || msg.text === undefined) return; // only logged
      this.store.put(msg);
    }
  }

  it("stores texts from others, welcomes newcomers once, and answers the owner's commands", async () => {
    const store = new UnreadStore();
    const seen = new Set<number>();
    const isNewcomer = (msg: Payload) => {
      const chatId = (msg as Message).chat?.id;
      if (chatId === undefined || chatId === OWNER || seen.has(chatId)) return null;
      seen.add(chatId);
      return ALWAYS;
    };
    // A custom delegation mechanism, as the seed's chatbox has: fire and forget, nothing recorded.
    const sendWelcome: DelegateFactory = (ctx) => {
      ctx.runtime.track(ctx.bot.sendMessage((ctx.msg as Message).chat.id, "Hello!"));
      return undefined;
    };
    const bot = delegatorBot([
      [perChatIdIn([OWNER]), createOpen(OwnerHandler, store, { timeout: 20 })],
      [perApplication(), createOpen(MessageSaver, store, [OWNER])],
      [isNewcomer, sendWelcome],
    ]);
    await feed(
      bot,
      message(OWNER, "/unread"),
      message(OWNER, " /NEXT "),
      message(OWNER, "hi"),
      message(OWNER, undefined),
    );
    expect(server.sent()).toEqual([
      [OWNER, "No unread messages"],
      [OWNER, "No unread messages"],
      [OWNER, "I don't understand"],
      [OWNER, "I don't understand"],
    ]);
    await feed(
      bot,
      message(5, "first from 5"),
      message(6, "from 6"),
      message(5, "second from 5"),
      message(5, undefined),
    );
    // The two welcomes go out concurrently.
    expect(server.sent().slice(4).toSorted()).toEqual([
      [5, "Hello!"],
      [6, "Hello!"],
    ]);
    await feed(bot, message(OWNER, "/unread"));
    expect(server.sent().at(-1)).toEqual([OWNER, "ID: 5\n2 unread\nID: 6\n1 unread"]);
    await feed(bot, message(OWNER, "/next"));
    expect(server.sent().slice(-3)).toEqual([
      [OWNER, "From ID: 5"],
      [OWNER, "first from 5"],
      [OWNER, "second from 5"],
    ]);
    await feed(bot, message(OWNER, "/unread"));
    expect(server.sent().at(-1)).toEqual([OWNER, "ID: 6\n1 unread"]);
    expect(errors).toEqual([]);
    await bot.dispose();
  });
});

describe("User Tracker (per_from_id, UserHandler, timeout 20)", () => {
  it("counts each flavor per user, answers inline queries, never replies in chat", async () => {
    const printed: string[] = [];
    class UserTracker extends UserHandler {
      readonly counts: Record<string, number> = { normal: 0, inline_query: 0, chosen_inline_result: 0 };
      override onChatMessage() {
        this.#count("normal");
      }
      override async onInlineQuery(q: InlineQuery) {
        this.#count("inline_query");
        await this.bot.answerInlineQuery(q.id, ABC);
      }
      override onChosenInlineResult(_r: ChosenInlineResult) {
        this.#count("chosen_inline_result");
      }
      #count(flavor: string) {
        this.counts[flavor] = (this.counts[flavor] ?? 0) + 1;
        printed.push(`${String(this.id)}: ${JSON.stringify(this.counts)}`);
      }
    }
    const bot = delegatorBot([[perFromId(), createOpen(UserTracker, { timeout: 20 })]]);
    const q = inlineQuery(5, "abc");
    await feed(
      bot,
      message(5, "hi"),
      q,
      chosenResult(5),
      message(-100, "in a group", 5),
      message(6, "other"),
    );
    expect(server.sent()).toEqual([]);
    expect(server.calls).toEqual([
      { method: "answerInlineQuery", params: { inline_query_id: q.id, results: ABC } },
    ]);
    expect(printed.filter((line) => line.startsWith("5:"))).toEqual([
      '5: {"normal":1,"inline_query":0,"chosen_inline_result":0}',
      '5: {"normal":1,"inline_query":1,"chosen_inline_result":0}',
      '5: {"normal":1,"inline_query":1,"chosen_inline_result":1}',
      '5: {"normal":2,"inline_query":1,"chosen_inline_result":1}',
    ]);
    expect(printed.filter((line) => line.startsWith("6:"))).toEqual([
      '6: {"normal":1,"inline_query":0,"chosen_inline_result":0}',
    ]);
    await bot.dispose();
  });
});

describe("Inline-only handler (per_inline_from_id, timeout 10)", () => {
  it("spawns nothing for chat messages and answers inline queries", async () => {
    const chosen: string[] = [];
    class InlineHandler extends InlineUserHandler {
      override onInlineQuery(q: InlineQuery) {
        return this.bot.answerInlineQuery(q.id, ABC);
      }
      override onChosenInlineResult(r: ChosenInlineResult) {
        chosen.push(`${String(this.id)}: ${r.result_id}`);
      }
    }
    const bot = delegatorBot([[perInlineFromId(), createOpen(InlineHandler, { timeout: 10 })]]);
    await feed(bot, message(5, "hello"));
    expect(bot.delegates).toBe(0);
    const q = inlineQuery(5, "x");
    await feed(bot, q, chosenResult(5));
    expect(bot.delegates).toBe(1);
    expect(server.calls).toEqual([
      { method: "answerInlineQuery", params: { inline_query_id: q.id, results: ABC } },
    ]);
    expect(chosen).toEqual(["5: abc"]);
    await elapse(bot, 10);
    expect(bot.delegates).toBe(0);
    await bot.dispose();
  });
});

describe("Answerer", () => {
  const articleFor = (query: string) =>
    [{ type: "article", id: "abc", title: query, message_text: query }] as unknown as InlineQueryResult[];

  it("global: the newest query per user wins, stale answers are never sent", async () => {
    const bot = delegatorBot([]);
    const answerer = new Answerer(bot);
    const gates: (() => void)[] = [];
    const compute = async (q: InlineQuery, signal: AbortSignal) => {
      await new Promise<void>((resolve) => gates.push(resolve));
      return signal.aborted ? [] : articleFor(q.query);
    };
    const a = inlineQuery(5, "h");
    const b = inlineQuery(5, "he");
    const c = inlineQuery(5, "hel");
    const other = inlineQuery(6, "zz");
    const results = [a, b, c, other].map((q) => answerer.answer(q, compute));
    for (const open of gates.splice(0).reverse()) open();
    expect(await Promise.all(results)).toEqual([false, false, true, true]);
    const answered = server.calls.map((x) => [
      x.method,
      x.params.inline_query_id,
      (x.params.results as { title: string }[])[0]?.title,
    ]);
    expect(answered).toHaveLength(2);
    expect(answered).toEqual(
      expect.arrayContaining([
        ["answerInlineQuery", other.id, "zz"],
        ["answerInlineQuery", c.id, "hel"],
      ]),
    );
    await bot.dispose();
  });

  it("inside a UserHandler: queries reach the handler while an older answer is computing", async () => {
    const gates: (() => void)[] = [];
    class InlineAnswerer extends UserHandler {
      constructor(ctx: HandlerContext, options: UserHandlerOptions) {
        super(ctx, { ...options, flavors: ["inline_query", "chosen_inline_result"] });
      }
      override onInlineQuery(q: InlineQuery) {
        // Not awaited: the handler is free for the next query, which aborts this one.
        void this.answerer.answer(q, async () => {
          await new Promise<void>((resolve) => gates.push(resolve));
          return articleFor(q.query);
        });
      }
    }
    const bot = delegatorBot([[perInlineFromId(), createOpen(InlineAnswerer, { timeout: 10 })]]);
    const first = inlineQuery(5, "a");
    const second = inlineQuery(5, "ab");
    bot.handle(first as never);
    bot.handle(second as never);
    await new Promise((resolve) => setImmediate(resolve));
    for (const open of gates.splice(0)) open();
    await bot.settled();
    expect(server.calls.map((x) => x.params.inline_query_id)).toEqual([second.id]);
    await bot.dispose();
  });
});

describe("Pairing patterns", () => {
  it("runs per-chat, per-user and inline-only handlers side by side", async () => {
    const log: string[] = [];
    const counting = (name: string) =>
      class extends UserHandler {
        n = 0;
        override onMessage(msg: Payload) {
          this.n += 1;
          log.push(
            `${name} ${String(this.id)}: ${this.n}: ${Object.hasOwn(msg, "query") ? "inline" : "chat"}`,
          );
        }
        override onClose() {
          log.push(`${name} ${String(this.id)}: closed`);
        }
      };
    class ChatCounter extends ChatHandler {
      n = 0;
      override onChatMessage() {
        this.n += 1;
        log.push(`ChatHandler ${String(this.id)}: ${this.n}`);
      }
      override onClose() {
        log.push(`ChatHandler ${String(this.id)}: closed`);
      }
    }
    const User = counting("UserHandler");
    const Inline = counting("InlineHandler");
    const bot = delegatorBot([
      [perChatId(), createOpen(ChatCounter, { timeout: 10 })],
      [perFromId(), createOpen(User, { timeout: 20 })],
      [
        perInlineFromId(),
        createOpen(Inline, { timeout: 10, flavors: ["inline_query", "chosen_inline_result"] }),
      ],
    ]);
    await feed(bot, message(5, "hi"), inlineQuery(5, "q"));
    expect(bot.delegates).toBe(3);
    await elapse(bot, 10);
    expect(bot.delegates).toBe(1);
    await elapse(bot, 10);
    expect(log).toEqual([
      "ChatHandler 5: 1",
      "UserHandler 5: 1: chat",
      "UserHandler 5: 2: inline",
      "InlineHandler 5: 1: inline",
      "ChatHandler 5: closed",
      "InlineHandler 5: closed",
      "UserHandler 5: closed",
    ]);
    expect(bot.delegates).toBe(0);
    await bot.dispose();
  });
});

describe("SpeakerBot listeners", () => {
  it("a listener made by createListener captures from everything the bot receives", async () => {
    const bot = delegatorBot([]);
    const listener = bot.createListener().capture({ chat__id: 5 });
    const waiting = listener.wait({ timeout: 5 });
    bot.handle(message(6, "no") as never);
    bot.handle(message(5, "yes") as never);
    expect(((await waiting) as Message).text).toBe("yes");
    listener.close();
    expect(bot.mic.size).toBe(0);
    await bot.dispose();
  });
});
