import { expect, test } from "vitest";
import { FloodScheduler } from "../src/internal.js";

function fakeClock(start = 1_000_000) {
  const clock = { time: start, now: () => clock.time };
  return clock;
}

/** Reserves a send for each chat in turn and returns the absolute send times. */
function schedule(scheduler: FloodScheduler, clock: { time: number }, chats: (number | string)[]): number[] {
  return chats.map((chat) => clock.time + scheduler.reserve(chat));
}

function maxInWindow(times: number[], window: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= window) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

test("a broadcast to many private chats goes at 30 per second, no faster", () => {
  const clock = fakeClock();
  const scheduler = new FloodScheduler({ now: clock.now });
  const chats = Array.from({ length: 300 }, (_, i) => i + 1);
  const times = schedule(scheduler, clock, chats);
  expect(times[0]).toBe(clock.time);
  expect(maxInWindow(times, 1000)).toBe(30);
  // Close to the allowed rate: 300 sends in about 10 s.
  const span = (times.at(-1) as number) - (times[0] as number);
  expect(span).toBeGreaterThan(9_900);
  expect(span).toBeLessThan(10_000);
});

test("one chat gets at most one send per second", () => {
  const clock = fakeClock();
  const scheduler = new FloodScheduler({ now: clock.now });
  const delays = [1, 1, 1].map(() => scheduler.reserve(7));
  expect(delays).toEqual([0, 1000, 2000]);
  clock.time += 5000;
  expect(scheduler.reserve(7)).toBe(0);
});

test("a group gets at most 20 sends per minute", () => {
  const clock = fakeClock();
  const scheduler = new FloodScheduler({ now: clock.now });
  const times = schedule(scheduler, clock, Array(45).fill(-100));
  expect(maxInWindow(times, 60_000)).toBe(20);
  expect(maxInWindow(times, 1000)).toBe(1);
  expect((times[20] as number) - (times[0] as number)).toBe(60_000);
  // A "@channel" string id is not a group: only the per-chat limit applies.
  const channel = schedule(scheduler, clock, Array(25).fill("@channel"));
  expect(maxInWindow(channel, 60_000)).toBe(25);
});

test("a chat held back by its own limit does not hold up the others", () => {
  const clock = fakeClock();
  const scheduler = new FloodScheduler({ now: clock.now });
  scheduler.reserve(1);
  expect(scheduler.reserve(1)).toBe(1000);
  // Chat 2 takes the next free global slot, long before chat 1's second send.
  expect(scheduler.reserve(2)).toBeLessThan(100);
});

test("pause holds every send", () => {
  const clock = fakeClock();
  const scheduler = new FloodScheduler({ now: clock.now });
  scheduler.pause(5000);
  expect(scheduler.reserve(1)).toBe(5000);
  expect(scheduler.reserve(2)).toBeGreaterThanOrEqual(5000);
});

test("chats are forgotten a minute after their last send", () => {
  const clock = fakeClock();
  const scheduler = new FloodScheduler({ now: clock.now });
  schedule(scheduler, clock, [1, 2, 3, -4]);
  expect(scheduler.trackedChats).toBe(4);
  clock.time += 61_000;
  scheduler.reserve(5);
  expect(scheduler.trackedChats).toBe(1);
});

test("limits are configurable and validated", () => {
  const clock = fakeClock();
  const scheduler = new FloodScheduler({ now: clock.now, perSecond: 2, chatInterval: 0 });
  expect(schedule(scheduler, clock, [1, 2, 3, 4]).map((t) => t - clock.time)).toEqual([0, 500, 1000, 1500]);
  expect(() => new FloodScheduler({ perSecond: 0 })).toThrow(RangeError);
});

test("a large broadcast is scheduled quickly", () => {
  const clock = fakeClock();
  const scheduler = new FloodScheduler({ now: clock.now });
  const chats = Array.from({ length: 100_000 }, (_, i) => i + 1);
  const times = schedule(scheduler, clock, chats);
  expect(maxInWindow(times, 1000)).toBe(30);
});

test("a margin widens every window", () => {
  const clock = fakeClock();
  const scheduler = new FloodScheduler({ now: clock.now, margin: 50 });
  const times = schedule(
    scheduler,
    clock,
    Array.from({ length: 61 }, (_, i) => i + 1),
  );
  expect(maxInWindow(times, 1050)).toBe(30);
  expect((times[30] as number) - (times[0] as number)).toBe(1050);
  expect(scheduler.reserve(1) + clock.time).toBeGreaterThanOrEqual((times[0] as number) + 1050);
  const group = schedule(scheduler, clock, Array(21).fill(-5));
  expect((group[20] as number) - (group[0] as number)).toBeGreaterThanOrEqual(60_050);
  expect(() => new FloodScheduler({ margin: -1 })).toThrow(RangeError);
});

test("an idle scheduler lets a send go at once, whatever the time", () => {
  const clock = fakeClock(1_000_007);
  const scheduler = new FloodScheduler({ now: clock.now, margin: 50 });
  expect(scheduler.reserve(1)).toBe(0);
  expect(scheduler.reserve(2)).toBe(35);
  clock.time += 4_321;
  expect(scheduler.reserve(3)).toBe(0);
});

test("admit holds a send that would make one too many in a window of actual send times", () => {
  const clock = fakeClock();
  const scheduler = new FloodScheduler({ now: clock.now, perSecond: 3, margin: 50 });
  // Three sends go out together (their timers fired late and bunched up).
  expect([scheduler.admit(), scheduler.admit(), scheduler.admit()]).toEqual([0, 0, 0]);
  clock.time += 400;
  expect(scheduler.admit()).toBe(650);
  expect(scheduler.admit()).toBe(650);
  clock.time += 650;
  expect(scheduler.admit()).toBe(0);
});

test("a chat's next send keeps its distance from when the previous one completed, not only from its start", () => {
  const clock = fakeClock();
  const scheduler = new FloodScheduler({ now: clock.now, margin: 50 });
  expect(scheduler.reserve(7)).toBe(0);
  // The request took 300 ms to be answered (a cold connection, a loaded machine): Telegram may
  // have counted it only then, so the next send waits a full interval from there.
  clock.time += 300;
  scheduler.completed(7);
  const wait = scheduler.reserve(7);
  // a full interval (1000 + margin) from completion, rounded up to the next global slot (35 ms)
  expect(wait).toBeGreaterThanOrEqual(1050);
  expect(wait).toBeLessThan(1050 + 36);
  // Other chats are not held back by it.
  expect(scheduler.reserve(8)).toBeLessThan(100);
  // Completion of an unknown chat is harmless.
  scheduler.completed(999);
  expect(scheduler.reserve(999)).toBeLessThan(100);
});

test("a reported send may go only while fewer than perSecond sends are in flight or answered within a second", () => {
  const clock = fakeClock();
  const scheduler = new FloodScheduler({ now: clock.now, perSecond: 3 });
  const tickets = [scheduler.admitSend(), scheduler.admitSend(), scheduler.admitSend()];
  for (const t of tickets) expect(typeof t).toBe("object");
  const ticket = (i: number) => tickets[i] as Exclude<(typeof tickets)[number], number>;
  // All three in flight: when they reach Telegram is unknown, so the fourth waits for an answer.
  expect(scheduler.admitSend()).toBe(5);
  clock.time += 1500;
  expect(scheduler.admitSend()).toBe(5);
  // The *second* is answered first, 1.5 s after it left: the fourth may go one second after that
  // answer, whatever the order of answers and however long requests travelled.
  scheduler.completed(1, ticket(1));
  // (one second plus 2 ms of slack for clocks that read whole milliseconds)
  expect(scheduler.admitSend()).toBe(1002);
  clock.time += 1001;
  expect(scheduler.admitSend()).toBe(1);
  clock.time += 1;
  expect(typeof scheduler.admitSend()).toBe("object");
  // Now three are in flight again (the first, the third, the fourth): the fifth waits.
  expect(scheduler.admitSend()).toBe(5);
  // Reporting a ticket twice counts once.
  scheduler.completed(1, ticket(1));
  expect(scheduler.admitSend()).toBe(5);
});

test("plain admit() keeps any window of actual send times at perSecond", () => {
  const clock = fakeClock();
  const scheduler = new FloodScheduler({ now: clock.now, perSecond: 2 });
  expect([scheduler.admit(), scheduler.admit()]).toEqual([0, 0]);
  expect(scheduler.admit()).toBe(1000);
});
