// The polling cycle both drivers follow: what each getUpdates asks, what an answer means, and
// what a stop must confirm.
import { describe, expect, it } from "vitest";
import {
  closingRequest,
  MalformedUpdate,
  PollCycle,
  PollingStopped,
  pollSettings,
} from "../../src/internal.js";

const update = (id: number) => ({ update_id: id, message: { message_id: id } });

describe("PollCycle", () => {
  it("confirms only the finished prefix (at-least-once), and long-polls once all is confirmed", () => {
    const cycle = new PollCycle(pollSettings({ timeout: 20, allowedUpdates: ["message"] }, 1));
    expect(cycle.request()).toEqual({ timeout: 20, limit: 100, allowed_updates: ["message"] });
    const batch = cycle.received([update(5), update(6), update(7)]);
    expect("updates" in batch && cycle.accept(batch.updates).map((u) => u.update_id)).toEqual([5, 6, 7]);
    // A short batch: wait for the handlers before polling again.
    expect(cycle.ready(3)).toBe(false);
    cycle.finish(6);
    cycle.finish(5);
    expect(cycle.ready(1)).toBe(false);
    // Allowed updates go with the first call only; unconfirmed updates make the poll short.
    expect(cycle.request()).toEqual({ timeout: 0, limit: 100, offset: 7 });
    cycle.finish(7);
    expect(cycle.ready(0)).toBe(true);
    expect(cycle.closingOffset(false)).toEqual({ offset: 8 });
    expect(closingRequest(8)).toEqual({ limit: 1, timeout: 0, offset: 8 });
  });

  it("skips repeats and malformed entries, and backs off when a batch had nothing new", () => {
    const cycle = new PollCycle(pollSettings({ backoff: { base: 100, max: 1000 } }, 1));
    const first = cycle.received([update(1)]);
    expect("updates" in first && cycle.accept(first.updates)).toHaveLength(1);
    cycle.finish(1);
    cycle.request();
    const again = cycle.received([update(1), { nope: true }]);
    if (!("updates" in again)) throw new Error("expected a checked batch");
    expect(again.problems.map((p) => p instanceof MalformedUpdate)).toEqual([true]);
    expect(cycle.accept(again.updates)).toEqual([]);
    expect(cycle.pauseAfter(0, 2)).toBe(100);
    const odd = cycle.received({ not: "an array" });
    expect("problem" in odd && odd.problem).toBeInstanceOf(MalformedUpdate);
  });

  it("confirms on fetch with an inbox, bounded by the backlog", () => {
    const inbox = {} as never;
    const cycle = new PollCycle(pollSettings({ inbox, limit: 10, maxBacklog: 20 }, 1));
    const batch = cycle.received([update(1), update(2)]);
    if ("updates" in batch) cycle.accept(batch.updates);
    expect(cycle.request().offset).toBe(3);
    expect(cycle.ready(19)).toBe(true);
    expect(cycle.ready(20)).toBe(false);
    expect(() => pollSettings({ inbox, delivery: "at-least-once" }, 1)).toThrow(/delivery does not apply/);
  });

  it("stops on a refusal that repeating cannot fix, and backs off on other failures", () => {
    const cycle = new PollCycle(pollSettings({ backoff: { base: 10, max: 40 } }, 1));
    const conflict = cycle.failed({ errorCode: 409 });
    expect("stop" in conflict && conflict.stop).toBeInstanceOf(PollingStopped);
    expect(cycle.failed(new Error("network"))).toEqual({ retryAfter: expect.any(Number) });
    expect(() => pollSettings({ limit: 0 }, 1)).toThrow(RangeError);
  });
});
