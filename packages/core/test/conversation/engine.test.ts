import { describe, expect, it, vi } from "vitest";
import {
  ALWAYS,
  ChatHandler,
  call,
  createOpen,
  createRun,
  Delegator,
  type ErrorSite,
  type HandlerContext,
  type HandlerOptions,
  IdleTerminate,
  ManualClock,
  type Message,
  perChatId,
  perFromId,
  perMessage,
  type RunContext,
  StopListening,
  UserHandler,
} from "../../src/index.js";
import { deferred, fakeBot, inlineQuery, text } from "./fake-bot.js";

function setup<Mode extends "async" | "blocking" = "async">(mode?: Mode) {
  const clock = new ManualClock(0);
  const errors: [unknown, ErrorSite][] = [];
  const fake = fakeBot<Mode>(mode);
  const onError = (e: unknown, s: ErrorSite) => errors.push([e, s]);
  return { clock, errors, fake, onError };
}

class Counter extends ChatHandler {
  count = 0;
  closed: unknown[] = [];
  override async onChatMessage(_msg: Message) {
    this.count += 1;
    await this.sender.sendMessage(String(this.count));
  }
  override onClose(reason: unknown) {
    this.closed.push(reason);
  }
}

describe("Delegator with ChatHandler (message counter)", () => {
  it("counts per chat, in order, and restarts at 1 after the idle timeout", async () => {
    const { clock, errors, fake, onError } = setup();
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Counter, { timeout: 10 })]], {
      clock,
      onError,
    });
    engine.feed(text(1, "a"));
    engine.feed(text(1, "b"));
    engine.feed(text(2, "a"));
    engine.feed(text(1, "c"));
    await engine.settled();
    expect(fake.sent()).toEqual([
      [1, "1"],
      [2, "1"],
      [1, "2"],
      [1, "3"],
    ]);
    expect(engine.size).toBe(2);
    clock.advance(9_999);
    await engine.settled();
    expect(engine.size).toBe(2);
    engine.feed(text(1, "d")); // refreshes chat 1's deadline, not chat 2's
    await engine.settled();
    clock.advance(1);
    await engine.settled();
    expect(engine.size).toBe(1); // chat 2 went idle
    clock.advance(10_000);
    await engine.settled();
    expect(engine.size).toBe(0);
    engine.feed(text(1, "again"));
    await engine.settled();
    expect(fake.sent().at(-1)).toEqual([1, "1"]);
    expect(errors).toEqual([]); // idle closes are normal, not errors
  });

  it("calls onIdle, then onClose with IdleTerminate", async () => {
    const { clock, fake, onError } = setup();
    const events: string[] = [];
    class Guess extends ChatHandler {
      override onChatMessage() {
        events.push("msg");
      }
      override async onIdle(e: { seconds: number }) {
        events.push(`idle ${e.seconds}`);
        await this.sender.sendMessage("Game expired");
      }
      override onClose(reason: unknown) {
        events.push(reason instanceof IdleTerminate ? `close idle ${reason.seconds}` : "close other");
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Guess, { timeout: 5 })]], {
      clock,
      onError,
    });
    engine.feed(text(3, "x"));
    await engine.settled();
    clock.advance(5_000);
    await engine.settled();
    expect(events).toEqual(["msg", "idle 5", "close idle 5"]);
    expect(fake.sent()).toEqual([[3, "Game expired"]]);
  });

  it("handles one message at a time per delegate, and chats concurrently", async () => {
    const { fake, onError, clock } = setup();
    const gates = new Map<string, ReturnType<typeof deferred<void>>>();
    const log: string[] = [];
    let active = 0;
    let maxActivePerChat = 0;
    class Slow extends ChatHandler {
      busy = 0;
      override async onChatMessage(msg: Message) {
        this.busy += 1;
        active += 1;
        maxActivePerChat = Math.max(maxActivePerChat, this.busy);
        log.push(`start ${msg.chat.id}:${msg.text}`);
        const gate = deferred();
        gates.set(`${msg.chat.id}:${msg.text}`, gate);
        await gate.promise;
        log.push(`end ${msg.chat.id}:${msg.text}`);
        this.busy -= 1;
        active -= 1;
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Slow)]], { clock, onError });
    engine.feed(text(1, "a"));
    engine.feed(text(1, "b"));
    engine.feed(text(2, "a"));
    await Promise.resolve();
    // Chat 2 started while chat 1 is still busy with its first message.
    expect(log).toEqual(["start 1:a", "start 2:a"]);
    expect(active).toBe(2);
    gates.get("2:a")?.resolve();
    await vi.waitFor(() => expect(log).toContain("end 2:a"));
    expect(log).not.toContain("start 1:b");
    gates.get("1:a")?.resolve();
    await vi.waitFor(() => expect(log).toContain("start 1:b"));
    gates.get("1:b")?.resolve();
    await engine.settled();
    expect(log).toEqual(["start 1:a", "start 2:a", "end 2:a", "end 1:a", "start 1:b", "end 1:b"]);
    expect(maxActivePerChat).toBe(1);
  });

  it("closes a throwing delegate, reports the error, and goes on", async () => {
    const { fake, onError, errors, clock } = setup();
    const closes: unknown[] = [];
    class Fragile extends ChatHandler {
      n = 0;
      override onChatMessage(msg: Message) {
        this.n += 1;
        if (msg.text === "boom") throw new Error("boom");
        return this.sender.sendMessage(`ok ${this.n}`);
      }
      override onClose(reason: unknown) {
        closes.push(reason);
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Fragile)]], { clock, onError });
    engine.feed(text(1, "a"));
    engine.feed(text(1, "boom"));
    engine.feed(text(1, "b"));
    engine.feed(text(2, "c"));
    await engine.settled();
    expect(errors).toHaveLength(1);
    const [error, site] = errors[0] as [unknown, ErrorSite];
    expect((error as Error).message).toBe("boom");
    expect(site).toMatchObject({ phase: "delegate", seed: 1, delegate: "Fragile" });
    expect(closes).toHaveLength(1);
    // "b" was queued behind "boom": it goes to a fresh delegate (counter back at 1), not lost.
    expect(fake.sent()).toEqual([
      [1, "ok 1"],
      [2, "ok 1"],
      [1, "ok 1"],
    ]);
  });

  it("never loses a message that arrives while its delegate is closing", async () => {
    const { fake, onError, clock } = setup();
    const closing = deferred();
    const log: string[] = [];
    let instances = 0;
    class Closer extends ChatHandler {
      readonly n = ++instances;
      override onChatMessage(msg: Message) {
        log.push(`#${this.n} got ${msg.text}`);
        if (msg.text === "bye") this.close();
      }
      override async onClose() {
        log.push(`#${this.n} closing`);
        if (this.n === 1) await closing.promise;
        log.push(`#${this.n} closed`);
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Closer)]], { clock, onError });
    engine.feed(text(1, "bye"));
    engine.feed(text(1, "x")); // arrives while #1 is closing
    engine.feed(text(1, "y"));
    await Promise.resolve();
    expect(log).toEqual(["#1 got bye", "#1 closing"]);
    closing.resolve();
    await engine.settled();
    expect(log).toEqual(["#1 got bye", "#1 closing", "#1 closed", "#2 got x", "#2 got y"]);
    expect(engine.size).toBe(1);
  });

  it("hands messages queued behind close() to a fresh delegate, in order", async () => {
    const { fake, onError, clock } = setup();
    const got: string[] = [];
    let n = 0;
    class OneShot extends ChatHandler {
      readonly me = ++n;
      override async onChatMessage(msg: Message) {
        await Promise.resolve();
        got.push(`${this.me}:${msg.text}`);
        this.close();
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(OneShot)]], { clock, onError });
    for (const t of ["a", "b", "c"]) engine.feed(text(1, t));
    await engine.settled();
    expect(got).toEqual(["1:a", "2:b", "3:c"]);
    expect(engine.size).toBe(0);
  });

  it("feeds one message to several delegates, and ALWAYS spawns without recording", async () => {
    const { fake, onError, clock } = setup();
    const seen: string[] = [];
    class PerChat extends ChatHandler {
      override onChatMessage(m: Message) {
        seen.push(`chat ${m.text}`);
      }
    }
    class PerUser extends UserHandler {
      override onChatMessage(m: Message) {
        seen.push(`user ${m.text}`);
      }
    }
    const welcome = call((ctx: RunContext) => {
      seen.push(`welcome ${(ctx.msg as Message).text}`);
    });
    const engine = new Delegator(
      fake.bot,
      [
        [perChatId(), createOpen(PerChat)],
        [perFromId(), createOpen(PerUser)],
        [perMessage(), welcome],
      ],
      { clock, onError },
    );
    engine.feed(text(5, "a"));
    engine.feed(text(5, "b"));
    await engine.settled();
    expect(seen).toEqual(["chat a", "user a", "welcome a", "chat b", "user b", "welcome b"]);
    expect(engine.size).toBe(2);
  });

  it("open() returning true keeps the first message from onMessage", async () => {
    const { fake, onError, clock } = setup();
    class Game extends ChatHandler {
      override async open() {
        await this.sender.sendMessage("Guess my number");
        return true;
      }
      override onChatMessage(m: Message) {
        return this.sender.sendMessage(`guess ${m.text}`);
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Game, { timeout: 10 })]], {
      clock,
      onError,
    });
    engine.feed(text(1, "start"));
    engine.feed(text(1, "50"));
    await engine.settled();
    expect(fake.sent()).toEqual([
      [1, "Guess my number"],
      [1, "guess 50"],
    ]);
  });

  it("passes constructor arguments through createOpen", async () => {
    const { fake, onError, clock } = setup();
    class WithStore extends ChatHandler {
      constructor(
        ctx: HandlerContext,
        readonly store: string[],
        options?: HandlerOptions,
      ) {
        super(ctx, options);
      }
      override onChatMessage(m: Message) {
        this.store.push(m.text ?? "");
      }
    }
    const store: string[] = [];
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(WithStore, store, { timeout: 1 })]], {
      clock,
      onError,
    });
    engine.feed(text(1, "kept"));
    await engine.settled();
    expect(store).toEqual(["kept"]);
  });

  it("reports a throwing seed function or factory without stopping other pairs", async () => {
    const { fake, onError, errors, clock } = setup();
    const seen: string[] = [];
    const engine = new Delegator(
      fake.bot,
      [
        [
          () => {
            throw new Error("seed");
          },
          createOpen(Counter),
        ],
        [
          () => 1,
          () => {
            throw new Error("factory");
          },
        ],
        [() => 2, call(() => void seen.push("ran"))],
      ],
      { clock, onError },
    );
    engine.feed(text(1, "x"));
    await engine.settled();
    expect(errors.map(([e, s]) => [(e as Error).message, s.phase])).toEqual([
      ["seed", "seed"],
      ["factory", "spawn"],
    ]);
    expect(seen).toEqual(["ran"]);
  });

  it("delivers scheduled events in order with messages, and cancels them on close", async () => {
    const { fake, onError, clock } = setup();
    const log: string[] = [];
    class Alarm extends ChatHandler {
      override onChatMessage(m: Message) {
        log.push(`msg ${m.text}`);
        if (m.text === "set") this.scheduler.eventLater(5, "_alarm", { what: "beep" });
        if (m.text === "stop") this.close();
      }
      override onEvent(name: string, data: unknown) {
        log.push(`${name} ${(data as { what: string }).what}`);
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Alarm)]], { clock, onError });
    engine.feed(text(1, "set"));
    await engine.settled();
    clock.advance(5_000);
    await engine.settled();
    engine.feed(text(1, "set"));
    engine.feed(text(1, "stop"));
    await engine.settled();
    expect(clock.pending).toBe(0);
    clock.advance(10_000);
    await engine.settled();
    expect(log).toEqual(["msg set", "_alarm beep", "msg set", "msg stop"]);
  });

  it("scheduled events do not count as activity for the idle timeout", async () => {
    const { fake, onError, clock } = setup();
    const log: string[] = [];
    class Ticker extends ChatHandler {
      override onChatMessage() {
        this.scheduler.eventLater(3, "_tick");
      }
      override onEvent(name: string) {
        log.push(name);
      }
      override onClose(reason: unknown) {
        log.push(reason instanceof IdleTerminate ? "idle" : "other");
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Ticker, { timeout: 5 })]], {
      clock,
      onError,
    });
    engine.feed(text(1, "go"));
    await engine.settled();
    clock.advance(5_000);
    await engine.settled();
    expect(log).toEqual(["_tick", "idle"]);
  });

  it("lets a handler wait for the next message of its own conversation", async () => {
    const { fake, onError, clock } = setup();
    class Ask extends ChatHandler {
      override async onChatMessage(m: Message) {
        if (m.text !== "/ask") return;
        await this.sender.sendMessage("Your name?");
        const reply = (await this.listener.wait({ timeout: 30 })) as Message;
        await this.sender.sendMessage(`Hello ${reply.text}`);
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Ask)]], { clock, onError });
    engine.feed(text(1, "/ask"));
    await Promise.resolve();
    engine.feed(text(2, "/ask"));
    engine.feed(text(1, "Ann"));
    engine.feed(text(2, "Bob"));
    await engine.settled();
    expect(fake.sent()).toEqual(
      expect.arrayContaining([
        [1, "Hello Ann"],
        [2, "Hello Bob"],
      ]),
    );
    expect(fake.sent()).toHaveLength(4);
  });

  it("ends a conversation whose listener wait times out, without reporting an error", async () => {
    const { fake, onError, errors, clock } = setup();
    const closes: unknown[] = [];
    class Ask extends ChatHandler {
      override async onChatMessage() {
        await this.listener.wait({ timeout: 2 });
      }
      override onClose(r: unknown) {
        closes.push(r);
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Ask)]], { clock, onError });
    engine.feed(text(1, "x"));
    await Promise.resolve();
    clock.advance(2_000);
    await engine.settled();
    expect(closes).toHaveLength(1);
    expect((closes[0] as Error).name).toBe("WaitTooLong");
    expect(errors).toEqual([]);
    expect(engine.size).toBe(0);
  });

  it("createRun and call: a run lives until it returns; later messages reach its listener", async () => {
    const { fake, onError, clock } = setup();
    const got: string[] = [];
    class Conversation2 {
      constructor(readonly ctx: RunContext) {}
      async run() {
        got.push(`first ${(this.ctx.msg as Message).text}`);
        const next = (await this.ctx.listener.wait()) as Message;
        got.push(`second ${next.text}`);
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createRun(Conversation2)]], { clock, onError });
    engine.feed(text(1, "a"));
    engine.feed(text(1, "b"));
    engine.feed(text(1, "c")); // left over when the run ends: starts a new run
    engine.feed(text(1, "d"));
    await engine.settled();
    expect(got).toEqual(["first a", "second b", "first c", "second d"]);
    expect(engine.size).toBe(0);
  });

  it("releases ended delegates (no map entry, no timer)", async () => {
    const { fake, onError, clock } = setup();
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Counter, { timeout: 1 })]], {
      clock,
      onError,
    });
    for (let chat = 1; chat <= 500; chat++) engine.feed(text(chat, "hi"));
    await engine.settled();
    expect(engine.size).toBe(500);
    clock.advance(1_000);
    await engine.settled();
    expect(engine.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it("closeAll() ends every live delegate normally (shutdown)", async () => {
    const { fake, onError, errors, clock } = setup();
    const reasons: unknown[] = [];
    class Rec extends ChatHandler {
      override onClose(r: unknown) {
        reasons.push(r);
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Rec, { timeout: 60 })]], {
      clock,
      onError,
    });
    engine.feed(text(1, "a"));
    engine.feed(text(2, "a"));
    await engine.settled();
    engine.closeAll();
    await engine.settled();
    expect(engine.size).toBe(0);
    expect(reasons).toHaveLength(2);
    expect(reasons.every((r) => r instanceof StopListening)).toBe(true);
    expect(errors).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it("close() from outside a message closes at once", async () => {
    const { fake, onError, clock } = setup();
    let handler: Counter | undefined;
    class Grab extends Counter {
      override open() {
        handler = this;
        return undefined;
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Grab)]], { clock, onError });
    engine.feed(text(1, "a"));
    await engine.settled();
    handler?.close();
    await engine.settled();
    expect(engine.size).toBe(0);
    expect(handler?.closed[0]).toBeInstanceOf(StopListening);
    expect(handler?.isOpen).toBe(false);
  });
});

describe("Delegator in blocking mode (handlers return values)", () => {
  it("handles everything synchronously inside feed()", () => {
    const { clock, fake, onError, errors } = setup("blocking");
    class SyncCounter extends ChatHandler<"blocking"> {
      count = 0;
      override onChatMessage() {
        this.count += 1;
        const sent = this.sender.sendMessage(String(this.count));
        // In blocking mode the result is the value itself, not a promise.
        if (typeof sent.message_id !== "number") throw new Error("not a value");
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(SyncCounter, { timeout: 10 })]], {
      clock,
      onError,
    });
    engine.feed(text(1, "a"));
    expect(fake.sent()).toEqual([[1, "1"]]);
    engine.feed(text(1, "b"));
    engine.feed(text(2, "a"));
    expect(fake.sent()).toEqual([
      [1, "1"],
      [1, "2"],
      [2, "1"],
    ]);
    clock.advance(10_000); // the idle timeout fires synchronously from the clock
    expect(engine.size).toBe(0);
    engine.feed(text(1, "c"));
    expect(fake.sent().at(-1)).toEqual([1, "1"]);
    expect(errors).toEqual([]);
  });

  it("a blocking listener.wait() pumps the driver until its message arrives", () => {
    const { clock, fake, onError } = setup("blocking");
    const incoming = [text(2, "other chat"), text(1, "Ann"), text(2, "later")];
    let engine!: Delegator<"blocking">;
    const pump = (ready: () => boolean) => {
      while (!ready() && incoming.length > 0) engine.feed(incoming.shift() as object);
    };
    class Ask extends ChatHandler<"blocking"> {
      override onChatMessage(m: Message) {
        if (m.text !== "/ask") {
          this.sender.sendMessage(`plain ${m.text}`);
          return;
        }
        const reply = this.listener.wait() as Message;
        this.sender.sendMessage(`Hello ${reply.text}`);
      }
    }
    engine = new Delegator(fake.bot, [[perChatId(), createOpen(Ask)]], { clock, onError, pump });
    engine.feed(text(1, "/ask"));
    expect(fake.sent()).toEqual([
      [2, "plain other chat"],
      [1, "Hello Ann"],
    ]);
    // The pump stopped as soon as the awaited message was there.
    expect(incoming).toHaveLength(1);
  });

  it("ALWAYS seeds work with synchronous run delegates", () => {
    const { clock, fake, onError } = setup("blocking");
    const engine = new Delegator(
      fake.bot,
      [[() => ALWAYS, call((ctx: RunContext<"blocking">) => ctx.bot.sendMessage(1, "Hello!"))]],
      { clock, onError },
    );
    engine.feed(text(1, "x"));
    engine.feed(inlineQuery(1, "y"));
    expect(fake.sent()).toEqual([
      [1, "Hello!"],
      [1, "Hello!"],
    ]);
    expect(engine.size).toBe(0);
  });
});
