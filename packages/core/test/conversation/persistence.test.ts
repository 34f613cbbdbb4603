// Persistent conversations: state loaded when a conversation opens, recorded with the message
// that changed it, removed when it closes, kept through a shutdown; a saved idle deadline that has
// passed closes the old conversation (onIdle, onClose) and the message starts a fresh one.
import { describe, expect, it } from "vitest";
import {
  ChatHandler,
  type ConversationStates,
  createOpen,
  Delegator,
  type HandlerContext,
  ManualClock,
  type Message,
  type Payload,
  type Persistent,
  perChatId,
  type StateChange,
  type StoredState,
} from "../../src/index.js";
import { fakeBot, text } from "./fake-bot.js";

/** An in-memory store that commits every change at once and logs which message carried it. */
class MemoryStates implements ConversationStates {
  readonly saved = new Map<string, StoredState>();
  readonly log: string[] = [];
  load(key: string): StoredState | undefined {
    return this.saved.get(key);
  }
  record(msg: Payload | undefined, change: StateChange): void {
    const by = msg === undefined ? "-" : String((msg as Message).text);
    this.log.push(`${by}: ${change.key}=${JSON.stringify(change.value)}`);
    if (change.value === undefined) this.saved.delete(change.key);
    else this.saved.set(change.key, { key: change.key, value: change.value, idleAtMs: change.idleAtMs });
  }
}

const events: string[] = [];

/** Counts a chat's messages; "stop" closes the conversation. */
class Tally extends ChatHandler implements Persistent<{ count: number }> {
  count = 0;
  constructor(ctx: HandlerContext, options: { timeout?: number } = {}) {
    super(ctx, options);
  }
  override open(): boolean {
    events.push(`open ${this.chatId}`);
    return false;
  }
  snapshot() {
    return { count: this.count };
  }
  restore(state: { count: number }) {
    this.count = state.count;
    events.push(`restore ${this.chatId} ${state.count}`);
  }
  override onChatMessage(msg: Message) {
    this.count++;
    events.push(`${this.chatId}: ${msg.text} #${this.count}`);
    if (msg.text === "stop") this.close();
  }
  override onIdle() {
    events.push(`idle ${this.chatId} at ${this.count}`);
  }
  override onClose() {
    events.push(`close ${this.chatId}`);
  }
}

function engine(states: MemoryStates, clock: ManualClock, timeout?: number) {
  return new Delegator(
    fakeBot().bot,
    [[perChatId(), createOpen(Tally, timeout === undefined ? {} : { timeout })]],
    {
      clock,
      states,
      onError: (e) => {
        throw e;
      },
    },
  );
}

describe("persistent conversations", () => {
  it("records a snapshot with each message, resumes it in a new engine, removes it on close", async () => {
    events.length = 0;
    const states = new MemoryStates();
    const first = engine(states, new ManualClock(0));
    first.feed(text(5, "a"));
    first.feed(text(5, "b"));
    await first.settled();
    // A new process: the conversation resumes where it was (no open(), the count goes on).
    const second = engine(states, new ManualClock(0));
    second.feed(text(5, "c"));
    second.feed(text(5, "stop"));
    await second.settled();
    expect(events).toEqual([
      "open 5",
      "5: a #1",
      "5: b #2",
      "restore 5 2",
      "5: c #3",
      "5: stop #4",
      "close 5",
    ]);
    expect(states.log).toEqual([
      'a: 0:5={"count":1}',
      'b: 0:5={"count":2}',
      'c: 0:5={"count":3}',
      "stop: 0:5=undefined",
    ]);
    expect(states.saved.size).toBe(0);
  });

  it("keeps the state through a shutdown (closeAll)", async () => {
    events.length = 0;
    const states = new MemoryStates();
    const first = engine(states, new ManualClock(0));
    first.feed(text(7, "a"));
    first.closeAll();
    await first.settled();
    expect(states.saved.get("0:7")?.value).toEqual({ count: 1 });
  });

  it("stores the idle deadline; past it, a restart closes the old conversation and starts a fresh one", async () => {
    events.length = 0;
    const states = new MemoryStates();
    const clock = new ManualClock(1_000);
    const first = engine(states, clock, 10);
    first.feed(text(5, "a"));
    await first.settled();
    expect(states.saved.get("0:5")?.idleAtMs).toBe(11_000);
    // The process dies; it restarts after the deadline.
    const later = new ManualClock(20_000);
    const second = engine(states, later, 10);
    second.feed(text(5, "b"));
    await second.settled();
    expect(events).toEqual([
      "open 5",
      "5: a #1",
      "restore 5 1",
      "idle 5 at 1",
      "close 5",
      "open 5",
      "5: b #1",
    ]);
    expect(states.saved.get("0:5")?.value).toEqual({ count: 1 });
    expect(states.saved.get("0:5")?.idleAtMs).toBe(30_000);
  });

  it("before the deadline, a restored conversation goes on and its timer is re-armed", async () => {
    events.length = 0;
    const states = new MemoryStates();
    const first = engine(states, new ManualClock(0), 10);
    first.feed(text(5, "a"));
    await first.settled();
    const clock = new ManualClock(5_000);
    const second = engine(states, clock, 10);
    second.feed(text(5, "b"));
    await second.settled();
    clock.advance(10_000);
    await second.settled();
    expect(events).toEqual(["open 5", "5: a #1", "restore 5 1", "5: b #2", "idle 5 at 2", "close 5"]);
    expect(states.saved.size).toBe(0);
  });

  it("resume: past the deadline, closes the saved conversation (onIdle, onClose) without handling the message again", async () => {
    events.length = 0;
    const states = new MemoryStates();
    const first = engine(states, new ManualClock(1_000), 10);
    first.feed(text(5, "a"));
    await first.settled();
    const second = engine(states, new ManualClock(20_000), 10);
    second.resume(0, text(5, "a"));
    await second.settled();
    expect(events).toEqual(["open 5", "5: a #1", "restore 5 1", "idle 5 at 1", "close 5"]);
    expect(states.log.at(-1)).toBe("-: 0:5=undefined");
    expect(states.saved.size).toBe(0);
    expect(second.size).toBe(0);
  });

  it("resume: before the deadline, or with no saved state, handles nothing and records nothing", async () => {
    events.length = 0;
    const states = new MemoryStates();
    const first = engine(states, new ManualClock(0), 10);
    first.feed(text(5, "a"));
    await first.settled();
    const logged = states.log.length;
    const second = engine(states, new ManualClock(5_000), 10);
    second.resume(0, text(5, "a"));
    second.resume(0, text(6, "x"));
    await second.settled();
    expect(events).toEqual(["open 5", "5: a #1", "restore 5 1"]);
    expect(states.log.length).toBe(logged);
    expect(() => second.resume(1, text(5, "a"))).toThrow(RangeError);
  });
});
