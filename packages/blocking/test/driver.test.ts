// The loop driver against a scripted worker, so that thread timing is under the test's control:
// a user's reply arrives while the calling thread is still handling (its getUpdates answer is then
// waiting when the handler returns), or while it is idle (the answer comes as an event). The
// driver must take answers either way, in order, without a busy loop and without losing one.

import {
  type ApiCalls,
  ChatHandler,
  createOpen,
  Delegator,
  type GetUpdatesParams,
  type Message,
  perChatId,
  type Update,
} from "@telepot/core";
import { PollCycle, pollSettings } from "@telepot/core/internal";
import { describe, expect, it } from "vitest";
import { type LoopChannel, LoopDriver } from "../src/receive/driver.js";
import { LiveClock } from "../src/receive/live-clock.js";
import type { PollAnswer } from "../src/worker/ops.js";
import { text } from "./helpers/fake-api.js";

/**
 * The worker, reduced to what the driver sees: a getUpdates waits (long-polls) until a user sends
 * something, then answers with the updates above its offset. Answers wait as events until the
 * driver takes them (while pulling) or `deliver`s them (the idle event loop).
 */
class ScriptedWorker implements LoopChannel {
  readonly #updates: Update[] = [];
  #answers: PollAnswer[] = [];
  #poll: { id: number; offset: number } | undefined;
  #nextId = 1;
  polls = 0;
  waits = 0;
  longestWaitMs = 0;

  /** An update sent by a user now: answers the getUpdates in flight, if any. */
  arrive(payload: object): void {
    this.#updates.push({ update_id: this.#nextId++, ...payload } as Update);
    this.#answer();
  }

  /** The answers the idle event loop would deliver now. */
  deliver(): PollAnswer[] {
    return this.#answers.splice(0);
  }

  startPoll(id: number, params: GetUpdatesParams): void {
    this.polls++;
    this.#poll = { id, offset: params.offset ?? 0 };
    this.#answer();
  }

  cancelPoll(): void {
    this.#poll = undefined;
  }

  getUpdates(params: GetUpdatesParams): unknown {
    this.#confirm(params.offset ?? 0);
    return [];
  }

  waitEvents(waitMs: number): PollAnswer[] {
    this.waits++;
    this.longestWaitMs = Math.max(this.longestWaitMs, waitMs);
    return this.#answers.splice(0);
  }

  holdOpen(): void {}

  revive(error: { message: string }): Error {
    return new Error(error.message);
  }

  #confirm(offset: number): void {
    while (this.#updates.length > 0 && (this.#updates[0] as Update).update_id < offset) this.#updates.shift();
  }

  #answer(): void {
    const poll = this.#poll;
    if (poll === undefined) return;
    this.#confirm(poll.offset);
    if (this.#updates.length === 0) return;
    this.#poll = undefined;
    this.#answers.push({ type: "polled", id: poll.id, ok: true, value: [...this.#updates] });
  }
}

describe("LoopDriver (notifyOnMessage: updates handled while the thread is idle)", () => {
  it("plays a whole game when each reply arrives just after the worker answered idle", () => {
    const worker = new ScriptedWorker();
    const sent: string[] = [];
    // The player answers every bot message with its next line, while the bot is still handling.
    const script = ["ten", "50", "25", "37", "31", "34", "33"];
    const bot = {
      sendMessage: (_chatId: number, reply: string) => {
        sent.push(reply);
        const next = script.shift();
        if (next !== undefined) worker.arrive(text(7, next));
        return { message_id: sent.length };
      },
    } as unknown as ApiCalls<"blocking">;
    class Player extends ChatHandler<"blocking"> {
      override open(): boolean {
        this.sender.sendMessage("Guess my number");
        return true;
      }
      override onChatMessage(msg: Message): void {
        const guess = Number.parseInt(msg.text ?? "", 10);
        if (Number.isNaN(guess)) this.sender.sendMessage("Give me a number, please.");
        else if (guess === 33) this.sender.sendMessage("Correct!");
        else this.sender.sendMessage(guess < 33 ? "larger" : "smaller");
      }
    }
    const clock = new LiveClock();
    const driver = new LoopDriver(worker, clock);
    const engine = new Delegator<"blocking">(bot, [[perChatId(), createOpen(Player)]], { clock });
    driver.start({
      handler: (payload) => engine.feed(payload as Message),
      feed: { cycle: new PollCycle(pollSettings({}, 1)) },
      onError: (error) => {
        throw error;
      },
      onEnd: undefined,
      signal: undefined,
      link: undefined,
    });

    // The first message comes while the thread is idle: its answer reaches onAnswer.
    worker.arrive(text(7, "start"));
    for (const answer of worker.deliver()) driver.onAnswer(answer);

    expect(sent).toEqual([
      "Guess my number",
      "Give me a number, please.",
      "smaller",
      "larger",
      "smaller",
      "larger",
      "smaller",
      "Correct!",
    ]);
    // One getUpdates per message (each confirming the one before), and no busy loop.
    expect(worker.polls).toBe(9);
    expect(worker.waits).toBeLessThanOrEqual(2 * worker.polls);
    driver.stop();
    expect(driver.running).toBe(false);
  });

  it("without a loop, waits on the channel (never longer than the next timer) until a timer makes it ready", () => {
    const worker = new ScriptedWorker();
    const clock = new LiveClock();
    const driver = new LoopDriver(worker, clock);
    let fired = false;
    const start = Date.now();
    clock.setTimer(start + 30, () => {
      fired = true;
    });
    driver.pump(() => fired, undefined);
    expect(fired).toBe(true);
    expect(worker.waits).toBeGreaterThan(0);
    expect(worker.longestWaitMs).toBeLessThanOrEqual(30);
    expect(worker.polls).toBe(0);
  });
});
