// DelegatorBot under the real message loop: an update is confirmed to the (fake) Bot API only
// after the delegates that received it have processed it. A loop abandoned mid-handling (a crash:
// no stop, nothing more is sent) leaves the update unconfirmed, so the next loop gets it again;
// a graceful stop confirms it, so the next loop does not.
import { ChatHandler, createOpen, type Message, perChatId } from "@telepot/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DelegatorBot, type UpdateHandler } from "../src/index.js";
import { type ConversationServer, message, startConversationServer, TOKEN } from "./conversation-server.js";

let server: ConversationServer;

beforeEach(async () => {
  server = await startConversationServer();
});
afterEach(async () => {
  await server.close();
});

/** A promise with its resolve function. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Every delivery seen by any bot of a test, as "bot:text", plus a way to wait for one. */
function deliveries() {
  const seen: string[] = [];
  const waiters: { entry: string; count: number; resolve: () => void }[] = [];
  return {
    seen,
    record(entry: string) {
      seen.push(entry);
      for (const w of waiters.splice(0)) {
        if (seen.filter((s) => s === w.entry).length >= w.count) w.resolve();
        else waiters.push(w);
      }
    },
    /** Resolves once `entry` was recorded `count` times. */
    until(entry: string, count = 1) {
      if (seen.filter((s) => s === entry).length >= count) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ entry, count, resolve }));
    },
  };
}

/** A bot whose per-chat handler records each message and, for bot `slow`, holds it until `release`. */
function slowBot(name: string, log: ReturnType<typeof deliveries>, release?: Promise<void>) {
  class Slow extends ChatHandler {
    override async onChatMessage(msg: Message) {
      log.record(`${name}:${msg.text}`);
      if (release !== undefined) await release;
      log.record(`${name}:${msg.text} done`);
    }
  }
  return new DelegatorBot(TOKEN, [[perChatId(), createOpen(Slow)]], { apiRoot: server.url, retry: false });
}

/** Lets every pending promise callback and I/O callback run. */
function flush() {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** The bot's own handler, noting each update id once the loop sees its handling settle. */
function observed(bot: DelegatorBot, settled: number[]): UpdateHandler {
  return (payload, context) => {
    const result = bot.handle(payload, context);
    void Promise.resolve(result).then(() => settled.push(context.update.update_id));
    return result;
  };
}

describe("DelegatorBot delivery guarantee under the message loop", () => {
  it("a crash mid-handling leaves the update unconfirmed: the next loop gets it again", async () => {
    const log = deliveries();
    const held = gate();
    const crashed = slowBot("first", log, held.opened);
    const settled: number[] = [];
    const abandoned = crashed.messageLoop(observed(crashed, settled), { timeout: 1 });
    server.push({ message: message(7, "pay") });
    await log.until("first:pay");
    await flush();
    // The delegate is still at work, so the loop has not been told the update is done.
    expect(settled).toEqual([]);
    // The first process "dies" here: its loop is never stopped and sends nothing more.
    const restarted = slowBot("second", log);
    const loop = restarted.messageLoop(undefined, { timeout: 1 });
    await log.until("second:pay done");
    expect(log.seen).toEqual(["first:pay", "second:pay", "second:pay done"]);
    await loop.stop();
    // Clean up the abandoned one (it would confirm now; the update was handled again anyway).
    held.open();
    await abandoned.stop();
    await Promise.all([crashed.dispose(), restarted.dispose()]);
  });

  it("a graceful stop waits for the delegate, confirms, and the next loop does not repeat it", async () => {
    const log = deliveries();
    const held = gate();
    const first = slowBot("first", log, held.opened);
    const settled: number[] = [];
    const loop1 = first.messageLoop(observed(first, settled), { timeout: 1 });
    server.push({ message: message(7, "pay") });
    await log.until("first:pay");
    const stopped = loop1.stop();
    await flush();
    expect(settled).toEqual([]);
    held.open();
    await stopped;
    expect(settled).toEqual([1]);
    expect(log.seen).toEqual(["first:pay", "first:pay done"]);
    const second = slowBot("second", log);
    const loop2 = second.messageLoop(undefined, { timeout: 1 });
    server.push({ message: message(7, "next") });
    await log.until("second:next done");
    await loop2.stop();
    // "pay" was handled exactly once; had it been redelivered, it would have come before "next".
    expect(log.seen).toEqual(["first:pay", "first:pay done", "second:next", "second:next done"]);
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it("a handler waiting on its listener for the chat's next message does not block the loop", async () => {
    class Ask extends ChatHandler {
      override async onChatMessage(m: Message) {
        if (m.text !== "/ask") return;
        await this.sender.sendMessage("Your name?");
        const reply = (await this.listener.wait({ timeout: 30 })) as Message;
        await this.sender.sendMessage(`Hello ${reply.text}`);
      }
    }
    const bot = new DelegatorBot(TOKEN, [[perChatId(), createOpen(Ask)]], {
      apiRoot: server.url,
      retry: false,
    });
    const loop = bot.messageLoop(undefined, { timeout: 1 });
    server.push({ message: message(3, "/ask") });
    await server.waitFor("sendMessage", 1);
    server.push({ message: message(3, "Ann") });
    await server.waitFor("sendMessage", 2);
    await loop.stop();
    await bot.settled();
    expect(server.sent()).toEqual([
      [3, "Your name?"],
      [3, "Hello Ann"],
    ]);
    await bot.dispose();
  });
});
