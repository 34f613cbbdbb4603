// The seed's conversation examples in blocking style, on one thread: the message counter (idle
// timeouts fire while the loop waits), guess a number (a scripted user), listeners whose wait()
// blocks while other chats are served in arrival order, and the Answerer skipping queries that a
// newer one from the same user superseded.
import {
  ALWAYS,
  ChatHandler,
  call,
  createOpen,
  type IdleEvent,
  IdleTerminate,
  type InlineQuery,
  type Message,
  perChatId,
  perInlineFromId,
  type RunContext,
  UserHandler,
} from "@telepot/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Answerer, Bot, DelegatorBot, SpeakerBot } from "../dist/index.js";
import { type FakeApi, inlineQuery, startFakeApi, TOKEN, text } from "./helpers/fake-api.js";

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(async () => {
  await api.close();
});

async function sentTo(chatId: number): Promise<unknown[]> {
  return (await api.sent()).filter(([id]) => id === chatId).map(([, t]) => t);
}

describe("Message Counter (DelegatorBot, ChatHandler with an idle timeout)", () => {
  it("counts per chat, and starts over after the idle timeout, which fires while waiting", async () => {
    // The conversation timers read Date.now: it stands still here until the test moves it, so the
    // idle timeout (0.2 s) fires exactly when the test says, however slow the machine (on a loaded
    // one, real time let 101's conversation idle out between "a" and "b", or "c" arrive before it
    // had). Threads, HTTP and the blocking waits keep real time.
    vi.useFakeTimers({ toFake: ["Date"] });
    const timeline: string[] = [];
    const stop = new AbortController();
    let closed = 0;
    class MessageCounter extends ChatHandler<"blocking"> {
      #count = 0;
      override onChatMessage(msg: Message): void {
        this.#count += 1;
        timeline.push(`${msg.chat.id}:${msg.text}=${this.#count}`);
        this.sender.sendMessage(String(this.#count));
      }
      override onClose(reason: unknown): void {
        timeline.push(`${this.chatId} closed ${reason instanceof IdleTerminate ? "idle" : String(reason)}`);
        // Both conversations ended while the loop waited: only now does "c" arrive.
        if (++closed === 2) void api.push([text(101, "c")]);
      }
    }
    const bot = new DelegatorBot(TOKEN, [[perChatId(), createOpen(MessageCounter, { timeout: 0.2 })]], {
      apiRoot: api.apiRoot,
    });
    try {
      await api.push([text(101, "a"), text(102, "x"), text(101, "b")]);
      bot.notifyOnMessage(
        (msg, context) => {
          bot.handle(msg, context);
          const said = (msg as Message).text;
          // After the last of the first three, a second passes: both conversations are idle.
          if (said === "b") vi.setSystemTime(Date.now() + 1000);
          if (said === "c") stop.abort();
        },
        { runForever: true, signal: stop.signal, timeout: 1 },
      );
      // Checked while Date still stands still: "c"'s conversation idles out 0.2 s after the time
      // the test set, which real time reaches a little later (sooner than that on a loaded machine).
      // Both conversations ended of idleness before "c" arrived; "c" started a new count.
      expect(timeline.slice(0, 3)).toEqual(["101:a=1", "102:x=1", "101:b=2"]);
      expect(timeline.slice(3, 5).sort()).toEqual(["101 closed idle", "102 closed idle"]);
      expect(timeline.slice(5)).toEqual(["101:c=1"]);
      expect(await sentTo(101)).toEqual(["1", "2", "1"]);
      expect(bot.delegates).toBe(1);
    } finally {
      vi.useRealTimers();
    }
    bot.closeDelegates();
    expect(bot.delegates).toBe(0);
    bot.dispose();
  });
});

describe("Guess a number (a ChatHandler against a scripted player)", () => {
  it("plays a whole game in straight-line code", async () => {
    class Player extends ChatHandler<"blocking"> {
      readonly #answer = 42;
      override open(): boolean {
        this.sender.sendMessage("Guess my number");
        return true;
      }
      override onChatMessage(msg: Message): void {
        const guess = Number.parseInt(msg.text ?? "", 10);
        if (Number.isNaN(guess)) {
          this.sender.sendMessage("Give me a number, please.");
          return;
        }
        if (guess === this.#answer) {
          this.sender.sendMessage("Correct!");
          this.close();
          return;
        }
        this.sender.sendMessage(guess < this.#answer ? "Larger" : "Smaller");
      }
      override onIdle(_event: IdleEvent): void {
        this.sender.sendMessage(`Game expired. The answer is ${this.#answer}`);
      }
    }
    // Each message the bot sends to chat 7 makes the player's next message arrive.
    await api.replies(7, [text(7, "50"), text(7, "abc"), text(7, "25"), text(7, "42")]);
    await api.push([text(7, "start")]);
    const stop = new AbortController();
    const bot = new DelegatorBot(TOKEN, [[perChatId(), createOpen(Player, { timeout: 10 })]], {
      apiRoot: api.apiRoot,
    });
    bot.notifyOnMessage(
      (msg, context) => {
        bot.handle(msg, context);
        if (bot.delegates === 0) stop.abort();
      },
      { runForever: true, signal: stop.signal, timeout: 1 },
    );
    expect(await sentTo(7)).toEqual([
      "Guess my number",
      "Smaller",
      "Give me a number, please.",
      "Larger",
      "Correct!",
    ]);
    bot.dispose();
  });
});

describe("blocking listeners", () => {
  it("listener.wait() blocks while other chats are handled, in arrival order", async () => {
    const order: string[] = [];
    class Ask extends ChatHandler<"blocking"> {
      override onChatMessage(msg: Message): void {
        order.push(`${msg.chat.id}:${msg.text}`);
        if (msg.text !== "/ask") {
          this.sender.sendMessage(`plain ${msg.text}`);
          return;
        }
        this.sender.sendMessage("What is your name?");
        const reply = this.listener.wait({ timeout: 30 }) as Message;
        order.push(`${msg.chat.id} got ${reply.text}`);
        this.sender.sendMessage(`Hello ${reply.text}`);
      }
    }
    const stop = new AbortController();
    const bot = new DelegatorBot(TOKEN, [[perChatId(), createOpen(Ask)]], { apiRoot: api.apiRoot });
    await api.push([text(201, "/ask"), text(202, "one"), text(202, "two")]);
    await api.push([text(201, "Ann")], 200);
    await api.push([text(202, "three")], 400);
    bot.notifyOnMessage(
      (msg, context) => {
        bot.handle(msg, context);
        if ((msg as Message).text === "three") stop.abort();
      },
      { runForever: true, signal: stop.signal, timeout: 1 },
    );
    expect(order).toEqual(["201:/ask", "202:one", "202:two", "201 got Ann", "202:three"]);
    expect(await sentTo(201)).toEqual(["What is your name?", "Hello Ann"]);
    bot.dispose();
  });

  it("a run delegate (call) reads a whole dialogue from its listener", async () => {
    const stop = new AbortController();
    const bot = new DelegatorBot(
      TOKEN,
      [
        [
          perChatId(),
          call((ctx: RunContext<"blocking">) => {
            const chat = (ctx.msg as Message).chat.id;
            ctx.bot.sendMessage(chat, "First number?");
            const a = Number((ctx.listener.wait() as Message).text);
            ctx.bot.sendMessage(chat, "Second number?");
            const b = Number((ctx.listener.wait() as Message).text);
            ctx.bot.sendMessage(chat, `Sum: ${a + b}`);
            stop.abort();
          }),
        ],
      ],
      { apiRoot: api.apiRoot },
    );
    await api.replies(301, [text(301, "2"), text(301, "40")]);
    await api.push([text(301, "/add")]);
    bot.notifyOnMessage(undefined, { runForever: true, signal: stop.signal, timeout: 1 });
    expect(await sentTo(301)).toEqual(["First number?", "Second number?", "Sum: 42"]);
    bot.dispose();
  });

  it("a SpeakerBot listener waits for what it captures; a wait times out with WaitTooLong", async () => {
    const bot = new SpeakerBot(TOKEN, { apiRoot: api.apiRoot });
    const loop = bot.notifyOnMessage(undefined, { timeout: 1 });
    const listener = bot.createListener().capture({ chat: { id: 401 } });
    await api.push([text(400, "not this"), text(401, "this one")], 50);
    expect((listener.wait({ timeout: 30 }) as Message).text).toBe("this one");
    expect(() => listener.wait({ timeout: 0.1 })).toThrow(/Waited longer than 0.1 s/);
    loop.stop();
    listener.close();
    bot.dispose();
  });

  it("says so when listener.wait() could never be answered (no loop, no timeout)", () => {
    const bot = new SpeakerBot(TOKEN, { apiRoot: api.apiRoot });
    const listener = bot.createListener().capture({ chat: { id: 1 } });
    expect(() => listener.wait()).toThrow(/start a message loop/);
    bot.dispose();
  });
});

describe("Answerer in blocking style", () => {
  it("skips a user's queued queries that a newer one superseded", async () => {
    const computed: string[] = [];
    const compute = (query: InlineQuery) => {
      computed.push(query.query);
      return [
        {
          type: "article" as const,
          id: query.query,
          title: query.query,
          input_message_content: { message_text: "x" },
        },
      ];
    };
    const stop = new AbortController();
    const bot = new Bot(TOKEN, { apiRoot: api.apiRoot });
    const answerer = new Answerer(bot);
    const outcomes: [string, boolean][] = [];
    // One user types fast; another user's query is not affected.
    await api.push([
      inlineQuery(501, "h"),
      inlineQuery(501, "he"),
      inlineQuery(502, "x"),
      inlineQuery(501, "hello"),
    ]);
    bot.notifyOnMessage(
      (msg) => {
        const query = msg as InlineQuery;
        outcomes.push([query.query, answerer.answer(query, compute)]);
        if (outcomes.length === 4) stop.abort();
      },
      { runForever: true, signal: stop.signal, timeout: 1 },
    );
    expect(outcomes).toEqual([
      ["h", false],
      ["he", false],
      ["x", true],
      ["hello", true],
    ]);
    expect(computed).toEqual(["x", "hello"]);
    const answered = (await api.seen()).calls
      .filter((c) => c.method === "answerInlineQuery")
      .map((c) => c.params.inline_query_id);
    expect(answered).toEqual(["q-x", "q-hello"]);
    bot.dispose();
  });

  it("a UserHandler's answerer skips superseded queries too", async () => {
    const computed: string[] = [];
    class InlineHandler extends UserHandler<"blocking"> {
      override onInlineQuery(query: InlineQuery): void {
        this.answerer.answer(query, (q) => {
          computed.push(q.query);
          return [];
        });
      }
    }
    const stop = new AbortController();
    const bot = new DelegatorBot(TOKEN, [[perInlineFromId(), createOpen(InlineHandler)]], {
      apiRoot: api.apiRoot,
    });
    await api.push([inlineQuery(601, "a"), inlineQuery(601, "ab"), inlineQuery(601, "abc")]);
    let n = 0;
    bot.notifyOnMessage(
      (msg, context) => {
        bot.handle(msg, context);
        if (++n === 3) stop.abort();
      },
      { runForever: true, signal: stop.signal, timeout: 1 },
    );
    expect(computed).toEqual(["abc"]);
    bot.dispose();
  });
});

describe("the scheduler in blocking style", () => {
  it("delivers a handler's delayed event while the loop waits for updates", async () => {
    const stop = new AbortController();
    const order: string[] = [];
    class Reminder extends ChatHandler<"blocking"> {
      override onChatMessage(msg: Message): void {
        order.push(`message ${msg.text}`);
        this.scheduler.eventLater(0.15, "_remind", { text: msg.text });
      }
      override onEvent(name: `_${string}`, data: unknown): void {
        order.push(`event ${name} ${(data as { text: string }).text}`);
        this.sender.sendMessage(`Reminder: ${(data as { text: string }).text}`);
        stop.abort();
      }
    }
    const bot = new DelegatorBot(TOKEN, [[perChatId(), createOpen(Reminder)]], { apiRoot: api.apiRoot });
    await api.push([text(801, "water the plants")]);
    // No update arrives after the first: only the timer can end this loop.
    bot.notifyOnMessage(undefined, { runForever: true, signal: stop.signal, timeout: 1 });
    expect(order).toEqual(["message water the plants", "event _remind water the plants"]);
    expect(await sentTo(801)).toEqual(["Reminder: water the plants"]);
    bot.dispose();
  });
});

describe("delegation without a seed", () => {
  it("ALWAYS seeds run a fresh synchronous delegate per object", async () => {
    const stop = new AbortController();
    let n = 0;
    const bot = new DelegatorBot(
      TOKEN,
      [
        [
          () => ALWAYS,
          call((ctx: RunContext<"blocking">) => ctx.bot.sendMessage((ctx.msg as Message).chat.id, "Hello!")),
        ],
      ],
      { apiRoot: api.apiRoot },
    );
    await api.push([text(701, "x"), text(701, "y")]);
    bot.notifyOnMessage(
      (msg, context) => {
        bot.handle(msg, context);
        if (++n === 2) stop.abort();
      },
      { runForever: true, signal: stop.signal, timeout: 1 },
    );
    expect(await sentTo(701)).toEqual(["Hello!", "Hello!"]);
    bot.dispose();
  });
});
