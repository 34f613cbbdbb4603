// Opt-in outgoing flood control: sends are paced through the core scheduler.

import type { SendLimiter } from "@telepot/core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { Bot, isFloodLimited, type Transport } from "../src/index.js";
import { type FakeClock, fakeClock } from "./helpers/clock.js";
import { type FakeServer, startServer } from "./helpers/server.js";

let server: FakeServer;
const bots: Bot[] = [];
beforeAll(async () => {
  server = await startServer(() => ({ json: { ok: true, result: { message_id: 1 } } }));
});
afterAll(async () => {
  await Promise.all(bots.map((bot) => bot.dispose()));
  await server.close();
});

function makeBot(floodControl: boolean, clock: FakeClock): Bot {
  const bot = new Bot("1:FLOOD", { apiRoot: server.url, floodControl, clock });
  bots.push(bot);
  return bot;
}

/** A transport that answers at once and records the (fake) time of each send and its chat. */
function recordingTransport(clock: FakeClock): Transport & { sent: [number, unknown][] } {
  const sent: [number, unknown][] = [];
  return {
    sent,
    async send(method, body) {
      if (body.kind === "json" && isFloodLimited(method))
        sent.push([clock.time, JSON.parse(body.json).chat_id]);
      return { status: 200, body: '{"ok":true,"result":{"message_id":1}}' };
    },
    download: () => Promise.reject(new Error("not here")),
    fileUrl: () => "",
    close: async () => {},
  };
}

function maxInWindow(times: number[], window: number): number {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= window) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

test("sends to one chat are spaced a second apart; other methods are not held", async () => {
  const clock = fakeClock();
  const bot = makeBot(true, clock);
  await Promise.all([bot.sendMessage(5, "a"), bot.sendMessage(5, "b"), bot.sendPhoto(5, "id"), bot.getMe()]);
  expect(clock.sleeps).toEqual([1000, 2000]);
  expect(server.received.length).toBe(4);
});

test("a broadcast goes out at 30 per second, never 31 within one, in the order it was asked for", async () => {
  const clock = fakeClock(undefined, true);
  const transport = recordingTransport(clock);
  const bot = new Bot("1:FLOOD", { floodControl: true, clock, transport });
  const start = clock.time;
  await Promise.all(Array.from({ length: 300 }, (_, i) => bot.sendMessage(i + 1, "news")));
  const times = transport.sent.map(([time]) => time);
  expect(times.length).toBe(300);
  expect(transport.sent.map(([, chat]) => chat)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  // A window is a second plus 2 ms of slack for clocks that read whole milliseconds.
  expect(maxInWindow(times, 1002)).toBe(30);
  // Spread evenly at 30 per second: the 300th send goes about 299/30 s after the first.
  expect((times.at(-1) as number) - start).toBeGreaterThanOrEqual(9_950);
  expect((times.at(-1) as number) - start).toBeLessThan(10_100);
});

test("without floodControl nothing waits", async () => {
  const clock = fakeClock();
  const bot = makeBot(false, clock);
  await Promise.all([bot.sendMessage(5, "a"), bot.sendMessage(5, "b")]);
  expect(clock.sleeps).toEqual([]);
});

test("a 429 despite the pacing pauses every send for retry_after", async () => {
  let first = true;
  server.handler = () => {
    if (first) {
      first = false;
      return {
        status: 429,
        json: {
          ok: false,
          error_code: 429,
          description: "Too Many Requests",
          parameters: { retry_after: 4 },
        },
      };
    }
    return { json: { ok: true, result: { message_id: 1 } } };
  };
  const clock = fakeClock();
  const bot = makeBot(true, clock);
  await bot.sendMessage(1, "x");
  expect(clock.sleeps).toEqual([4000]);
  await bot.sendMessage(2, "y");
  // The pause, rounded up to the next global slot (1050 / 30 = 35 ms apart).
  expect(clock.sleeps.length).toBe(2);
  expect(clock.sleeps[1]).toBeGreaterThanOrEqual(4000);
  expect(clock.sleeps[1]).toBeLessThanOrEqual(4035);
});

test("which methods count against the limits", () => {
  for (const method of ["sendMessage", "sendMediaGroup", "forwardMessage", "copyMessages", "sendPhoto"]) {
    expect(isFloodLimited(method)).toBe(true);
  }
  for (const method of [
    "sendChatAction",
    "sendMessageDraft",
    "getMe",
    "editMessageText",
    "answerCallbackQuery",
  ]) {
    expect(isFloodLimited(method)).toBe(false);
  }
});

test("a shared SendLimiter as floodControl paces each attempt of a send and hears of 429s", async () => {
  const events: string[] = [];
  const limiter: SendLimiter = {
    async acquire(chatId) {
      events.push(`acquire ${chatId}`);
      return () => events.push(`release ${chatId}`);
    },
    pause(ms) {
      events.push(`pause ${ms}`);
    },
  };
  let first = true;
  server.handler = () => {
    if (!first) return { json: { ok: true, result: { message_id: 1 } } };
    first = false;
    return {
      status: 429,
      json: { ok: false, error_code: 429, description: "Too Many Requests", parameters: { retry_after: 2 } },
    };
  };
  const clock = fakeClock();
  const bot = new Bot("1:FLOOD", { apiRoot: server.url, floodControl: limiter, clock });
  bots.push(bot);
  await bot.sendMessage(7, "x");
  await bot.getMe();
  expect(events).toEqual(["acquire 7", "release 7", "pause 2000", "acquire 7", "release 7"]);
  expect(clock.sleeps).toEqual([2000]);
});
