import { describe, expect, it } from "vitest";
import { OffsetTracker } from "../../src/internal.js";

describe("OffsetTracker", () => {
  it("has no offset before anything is accepted, unless given a start", () => {
    expect(new OffsetTracker().offset).toBeUndefined();
    expect(new OffsetTracker(50).offset).toBe(50);
    expect(new OffsetTracker(0).offset).toBeUndefined();
  });

  it("confirms only the finished prefix", () => {
    const t = new OffsetTracker();
    for (const id of [10, 11, 12, 13]) expect(t.accept(id)).toBe(true);
    expect(t.offset).toBe(10);
    t.finish(12);
    t.finish(13);
    expect(t.offset).toBe(10);
    expect(t.unfinished).toBe(2);
    expect(t.unconfirmed).toBe(4);
    t.finish(10);
    expect(t.offset).toBe(11);
    t.finish(11);
    expect(t.offset).toBe(14);
    expect(t.unconfirmed).toBe(0);
    expect(t.unfinished).toBe(0);
  });

  it("refuses repeats and ids below the start", () => {
    const t = new OffsetTracker(100);
    expect(t.accept(99)).toBe(false);
    expect(t.accept(100)).toBe(true);
    expect(t.accept(100)).toBe(false);
    expect(t.accept(105)).toBe(true);
    expect(t.accept(103)).toBe(false);
    expect(t.next).toBe(106);
  });

  it("handles gaps in the ids and ignores unknown or repeated finishes", () => {
    const t = new OffsetTracker();
    t.accept(1);
    t.accept(5);
    t.accept(9);
    t.finish(7);
    t.finish(5);
    t.finish(5);
    expect(t.unfinished).toBe(2);
    t.finish(1);
    expect(t.offset).toBe(9);
    t.finish(9);
    expect(t.offset).toBe(10);
  });

  it("keeps working across many updates finished out of order", () => {
    const t = new OffsetTracker();
    const ids = Array.from({ length: 5000 }, (_, i) => 1000 + i);
    for (const id of ids) t.accept(id);
    // Finish in a scrambled but deterministic order and check the invariant after each step.
    const order = ids.map((_, i) => ids[(i * 7919) % ids.length]!);
    const finished = new Set<number>();
    for (const id of order) {
      t.finish(id);
      finished.add(id);
      let lowest = 1000;
      while (finished.has(lowest)) lowest++;
      expect(t.offset).toBe(lowest);
    }
    expect(t.offset).toBe(6000);
    expect(t.unconfirmed).toBe(0);
  });
});
