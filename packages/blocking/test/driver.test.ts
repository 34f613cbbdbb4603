// The loop driver against a scripted worker, so that thread timing is under the test's control:
// the worker's "ready" event can come with (just after) an "idle" answer to `next`, as it does when
// an update is parked in the worker right after it answered. The driver takes such events while
// pulling; it must not lose them, or a notifyOnMessage loop stalls with an update waiting.
import {
  type ApiCalls,
  ChatHandler,
  createOpen,
  Delegator,
  type Message,
  perChatId,
  type Update,
} from "@telepot/core";
import { describe, expect, it } from "vitest";
import { type LoopChannel, LoopDriver } from "../src/receive/driver.js";
import { LiveClock } from "../src/receive/live-clock.js";
import type { NextResult, RelayEvent } from "../src/worker/relay.js";
import { text } from "./helpers/fake-api.js";

/**
 * The worker's relay, reduced to what the driver sees. An update that `arrive`s while the calling
 * thread is busy is parked in the worker just after it answered the next `next`: that answer says
 * "idle", and the worker tells the calling thread with a "ready" event (once until it pulls again).
 */
class ScriptedWorker implements LoopChannel {
  readonly #waiting: Update[] = [];
  readonly #arriving: Update[] = [];
  #events: RelayEvent[] = [];
  #told = false;
  #stopping = false;
  #nextId = 1;
  pulls = 0;

  /** An update sent by a user now; the worker parks it once it has answered its next pull. */
  arrive(payload: object): void {
    this.#arriving.push({ update_id: this.#nextId++, ...payload } as Update);
  }

  /** Parks what has arrived, as the worker does when the thread is idle; returns its events. */
  parkArrived(): RelayEvent[] {
    for (const update of this.#arriving.splice(0)) this.#park(update);
    return this.#events.splice(0);
  }

  op<T>(op: string): T {
    if (op === "loopStop") this.#stopping = true;
    if (op !== "next") return undefined as T;
    this.pulls++;
    this.#told = false;
    const update = this.#waiting.shift();
    let result: NextResult;
    if (update !== undefined) result = { type: "update", update };
    else if (this.#stopping) result = { type: "ended", error: undefined };
    else result = { type: "idle" };
    // The race: what arrived meanwhile is parked after the answer has left.
    for (const u of this.#arriving.splice(0)) this.#park(u);
    return result as T;
  }

  holdOpen(): void {}

  flushEvents(): boolean {
    const taken = this.#events.splice(0);
    return taken.some((e) => e.type === "ready" || e.type === "ended");
  }

  revive(error: { message: string }): Error {
    return new Error(error.message);
  }

  #park(update: Update): void {
    this.#waiting.push(update);
    if (this.#told) return;
    this.#told = true;
    this.#events.push({ type: "ready" });
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
    driver.start((payload) => engine.feed(payload as Message), {}, {});

    // The first message is parked while the thread is idle: its "ready" reaches onEvent.
    worker.arrive(text(7, "start"));
    for (const event of worker.parkArrived()) driver.onEvent(event);

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
    // One pull per message, plus one "idle" answer after each (the race), and no busy loop.
    expect(worker.pulls).toBe(16);
    driver.stop();
    expect(driver.running).toBe(false);
  });
});
