// Delegator.feed settles once every delegate that received the object has processed it (the
// message loop confirms the update then). These tests pin down what "processed" means.
import { describe, expect, it } from "vitest";
import {
  ChatHandler,
  Completion,
  call,
  createOpen,
  type DelegateFactory,
  Delegator,
  type ErrorSite,
  ManualClock,
  type MaybePromise,
  type Message,
  type Payload,
  perApplication,
  perChatId,
  type RunContext,
} from "../../src/index.js";
import { deferred, fakeBot, text } from "./fake-bot.js";

function setup<Mode extends "async" | "blocking" = "async">(mode?: Mode) {
  const clock = new ManualClock(0);
  const errors: [unknown, ErrorSite][] = [];
  const fake = fakeBot<Mode>(mode);
  const onError = (e: unknown, s: ErrorSite) => errors.push([e, s]);
  return { clock, errors, fake, onError };
}

/** Follows a feed result: `settled` turns true once it has (at once for undefined). */
function watch(result: MaybePromise<void>) {
  const state = { settled: result === undefined };
  if (result !== undefined) void Promise.resolve(result).then(() => (state.settled = true));
  return state;
}

/** Lets every pending promise callback run. */
function flush() {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

describe("Completion", () => {
  it("is synchronous when every hold is released before seal, and each hold counts once", async () => {
    const quick = new Completion();
    quick.hold()();
    expect(quick.seal()).toBeUndefined();

    const slow = new Completion();
    const a = slow.hold();
    const b = slow.hold();
    const w = watch(slow.seal());
    a();
    a(); // a second call of the same hold must not release b's share
    await flush();
    expect(w.settled).toBe(false);
    b();
    await flush();
    expect(w.settled).toBe(true);
  });
});

describe("Delegator.feed completion (async)", () => {
  it("settles only when the handler step that took the message has finished", async () => {
    const { fake, onError, clock } = setup();
    const gates: ReturnType<typeof deferred<void>>[] = [];
    class Slow extends ChatHandler {
      override async onChatMessage() {
        const gate = deferred();
        gates.push(gate);
        await gate.promise;
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Slow)]], { clock, onError });
    const first = watch(engine.feed(text(1, "a")));
    const second = watch(engine.feed(text(1, "b"))); // queued behind "a"
    const other = watch(engine.feed(text(2, "c")));
    await flush();
    expect([first.settled, second.settled, other.settled]).toEqual([false, false, false]);
    expect(gates).toHaveLength(2); // 1:a and 2:c run, 1:b waits in the queue
    gates[1]?.resolve();
    await flush();
    expect([first.settled, second.settled, other.settled]).toEqual([false, false, true]);
    gates[0]?.resolve();
    await flush();
    expect([first.settled, second.settled]).toEqual([true, false]);
    gates[2]?.resolve();
    await flush();
    expect(second.settled).toBe(true);
  });

  it("waits for every delegate that received the message (several pairs)", async () => {
    const { fake, onError, clock } = setup();
    const chatGate = deferred();
    const appGate = deferred();
    class PerChat extends ChatHandler {
      override onChatMessage() {
        return chatGate.promise;
      }
    }
    class Watcher extends ChatHandler {
      override onChatMessage() {
        return appGate.promise;
      }
    }
    const engine = new Delegator(
      fake.bot,
      [
        [perChatId(), createOpen(PerChat)],
        [perApplication(), createOpen(Watcher)],
      ],
      { clock, onError },
    );
    const fed = watch(engine.feed(text(5, "x")));
    chatGate.resolve();
    await flush();
    expect(fed.settled).toBe(false);
    appGate.resolve();
    await flush();
    expect(fed.settled).toBe(true);
  });

  it("does not deadlock on a handler waiting for a later message of its chat", async () => {
    const { fake, onError, clock } = setup();
    const afterReply = deferred();
    class Ask extends ChatHandler {
      override async onChatMessage(m: Message) {
        if (m.text !== "/ask") return;
        const reply = (await this.listener.wait()) as Message;
        await afterReply.promise;
        await this.sender.sendMessage(`Hello ${reply.text}`);
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Ask)]], { clock, onError });
    // Like the message loop: the next update of the chat is fed only after the previous settled.
    await engine.feed(text(1, "/ask"));
    const reply = watch(engine.feed(text(1, "Ann")));
    await flush();
    // The wait returned "Ann": processed, although the step that asked is still running.
    expect(reply.settled).toBe(true);
    expect(fake.sent()).toEqual([]);
    afterReply.resolve();
    await engine.settled();
    expect(fake.sent()).toEqual([[1, "Hello Ann"]]);
  });

  it("a message taken from the queue by a listener wait counts when the wait returns it", async () => {
    const { fake, onError, clock } = setup();
    const gate = deferred();
    const hold = deferred();
    class Later extends ChatHandler {
      override async onChatMessage(m: Message) {
        if (m.text !== "first") return;
        await gate.promise; // "second" is queued meanwhile
        await this.listener.wait(); // takes "second" from the queue at once
        await hold.promise;
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Later)]], { clock, onError });
    const first = watch(engine.feed(text(1, "first")));
    const second = watch(engine.feed(text(1, "second")));
    gate.resolve();
    await flush();
    expect(second.settled).toBe(true);
    expect(first.settled).toBe(false); // the wait found a message: the step goes on
    hold.resolve();
    await flush();
    expect(first.settled).toBe(true);
  });

  it("follows a message handed to a fresh delegate because the old one was closing", async () => {
    const { fake, onError, clock } = setup();
    const closing = deferred();
    const secondStep = deferred();
    let instances = 0;
    class Closer extends ChatHandler {
      readonly n = ++instances;
      override async onChatMessage(msg: Message) {
        if (msg.text === "bye") this.close();
        else await secondStep.promise;
      }
      override async onClose() {
        if (this.n === 1) await closing.promise;
      }
    }
    const engine = new Delegator(fake.bot, [[perChatId(), createOpen(Closer)]], { clock, onError });
    const bye = watch(engine.feed(text(1, "bye")));
    const next = watch(engine.feed(text(1, "next"))); // kept while #1 closes
    await flush();
    expect(bye.settled).toBe(true);
    expect(next.settled).toBe(false);
    closing.resolve();
    await flush();
    expect(instances).toBe(2);
    expect(next.settled).toBe(false); // #2 is handling it
    secondStep.resolve();
    await flush();
    expect(next.settled).toBe(true);
  });

  it("settles at once for dropped messages, failing spawns and synchronous handlers", () => {
    const { fake, onError, errors, clock } = setup();
    class OnlyText extends ChatHandler {
      override accepts(msg: Payload) {
        return typeof (msg as { text?: unknown }).text === "string";
      }
      override onChatMessage() {
        return undefined;
      }
    }
    class Broken extends ChatHandler {
      constructor(...args: ConstructorParameters<typeof ChatHandler>) {
        super(...args);
        throw new Error("cannot start");
      }
    }
    const engine = new Delegator(
      fake.bot,
      [
        [perChatId(), createOpen(OnlyText)],
        [(m: Payload) => ((m as { text?: string }).text === "break" ? 1 : null), createOpen(Broken)],
      ],
      { clock, onError },
    );
    expect(engine.feed(text(1, "a"))).toBeUndefined();
    expect(engine.feed({ ...text(1, "x"), text: undefined, sticker: {} })).toBeUndefined();
    expect(engine.feed(text(2, "break"))).toBeUndefined();
    expect(errors.map(([, site]) => site.phase)).toEqual(["spawn"]);
  });

  it("counts a delegate that does not report completion as done when accept returns", async () => {
    const { fake, onError, clock } = setup();
    const taken: string[] = [];
    const plain: DelegateFactory = (ctx) => {
      taken.push((ctx.msg as Message).text ?? "");
      return {
        accept: (msg) => {
          taken.push((msg as Message).text ?? "");
          return true;
        },
      };
    };
    const engine = new Delegator(fake.bot, [[perChatId(), plain]], { clock, onError });
    expect(engine.feed(text(1, "a"))).toBeUndefined();
    expect(engine.feed(text(1, "b"))).toBeUndefined();
    expect(taken).toEqual(["a", "b"]);
  });

  it("call(): the first message counts when the run waits or ends, later ones when taken", async () => {
    const { fake, onError, clock } = setup();
    const beforeWait = deferred();
    const afterWait = deferred();
    const engine = new Delegator(
      fake.bot,
      [
        [
          perChatId(),
          call(async (ctx: RunContext) => {
            await beforeWait.promise;
            await ctx.listener.wait();
            await afterWait.promise;
          }),
        ],
      ],
      { clock, onError },
    );
    const first = watch(engine.feed(text(1, "a")));
    const second = watch(engine.feed(text(1, "b"))); // waits in the run's inbox
    const third = watch(engine.feed(text(1, "c")));
    await flush();
    expect([first.settled, second.settled, third.settled]).toEqual([false, false, false]);
    beforeWait.resolve();
    await flush();
    // The wait took "b" from the inbox at once; "a" still belongs to the running step.
    expect([first.settled, second.settled, third.settled]).toEqual([false, true, false]);
    afterWait.resolve();
    await flush();
    // The run ended: "a" is done, and "c" went to a fresh run, which waits for a later message.
    expect([first.settled, third.settled]).toEqual([true, true]);
    expect(engine.size).toBe(1);
  });
});

describe("Delegator.feed completion (blocking)", () => {
  it("returns undefined once the handlers returned; a pumped update settles when the wait takes it", async () => {
    const { clock, fake, onError } = setup("blocking");
    const incoming = [text(2, "other"), text(1, "Ann")];
    const results: MaybePromise<void>[] = [];
    let engine!: Delegator<"blocking">;
    const pump = (ready: () => boolean) => {
      while (!ready() && incoming.length > 0) results.push(engine.feed(incoming.shift() as object));
    };
    class Ask extends ChatHandler<"blocking"> {
      override onChatMessage(m: Message) {
        if (m.text !== "/ask") return;
        const reply = this.listener.wait() as Message;
        this.sender.sendMessage(`Hello ${reply.text}`);
      }
    }
    engine = new Delegator(fake.bot, [[perChatId(), createOpen(Ask)]], { clock, onError, pump });
    results.unshift(engine.feed(text(1, "/ask")));
    expect(fake.sent()).toEqual([[1, "Hello Ann"]]);
    // The outer feed and the other chat's update were handled synchronously.
    expect(results.slice(0, 2)).toEqual([undefined, undefined]);
    // "Ann" was fed while /ask was busy, so it was queued first; the wait took it before the
    // outer feed returned, so its completion is already settled.
    const ann = watch(results[2]);
    await flush();
    expect(ann.settled).toBe(true);
  });
});
