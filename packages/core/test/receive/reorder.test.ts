import { describe, expect, it } from "vitest";
import { ReorderBuffer } from "../../src/internal.js";

interface U {
  update_id: number;
  tag?: string;
}

function setup(maxHold = 3000, maxGap?: number) {
  let now = 1_000_000;
  const delivered: number[] = [];
  const dropped: number[] = [];
  const buffer = new ReorderBuffer<U>((u) => delivered.push(u.update_id), {
    maxHold,
    now: () => now,
    onDrop: (u) => dropped.push(u.update_id),
    ...(maxGap === undefined ? {} : { maxGap }),
  });
  const push = (...ids: number[]) => {
    for (const id of ids) buffer.push({ update_id: id });
  };
  const advance = (ms: number) => {
    now += ms;
  };
  return { buffer, delivered, dropped, push, advance, time: () => now };
}

describe("ReorderBuffer", () => {
  it("delivers the first update whatever its id, then in-order ones at once", () => {
    const t = setup();
    t.push(500, 501, 502);
    expect(t.delivered).toEqual([500, 501, 502]);
    expect(t.buffer.deadline).toBeUndefined();
  });

  it("holds an early update and delivers it when the gap fills", () => {
    const t = setup();
    t.push(1, 3, 4);
    expect(t.delivered).toEqual([1]);
    expect(t.buffer.held).toBe(2);
    expect(t.buffer.deadline).toBe(t.time() + 3000);
    t.push(2);
    expect(t.delivered).toEqual([1, 2, 3, 4]);
    expect(t.buffer.deadline).toBeUndefined();
  });

  it("fills gaps in any order", () => {
    const t = setup();
    t.push(10, 14, 12, 13, 11);
    expect(t.delivered).toEqual([10, 11, 12, 13, 14]);
  });

  it("gives up an expired gap on flush, but not before", () => {
    const t = setup();
    t.push(1, 3);
    t.advance(2999);
    t.buffer.flush();
    expect(t.delivered).toEqual([1]);
    t.advance(1);
    t.buffer.flush();
    expect(t.delivered).toEqual([1, 3]);
    expect(t.buffer.lastId).toBe(3);
    // The abandoned id is now late and dropped if it shows up.
    t.push(2);
    expect(t.dropped).toEqual([2]);
    expect(t.delivered).toEqual([1, 3]);
  });

  it("stops flushing at the first gap that has not expired yet", () => {
    const t = setup();
    t.push(1, 3); // gap 2 expires at +3000
    t.advance(2000);
    t.push(6); // gaps 4, 5 expire at +5000
    t.advance(1000);
    t.buffer.flush();
    expect(t.delivered).toEqual([1, 3]);
    expect(t.buffer.deadline).toBe(t.time() + 2000);
    t.advance(2000);
    t.buffer.flush();
    expect(t.delivered).toEqual([1, 3, 6]);
  });

  it("drops late and duplicate updates", () => {
    const t = setup();
    t.push(5, 6, 6, 4, 5);
    expect(t.delivered).toEqual([5, 6]);
    expect(t.dropped).toEqual([6, 4, 5]);
  });

  it("keeps the later copy of a duplicate that is still held", () => {
    const got: U[] = [];
    const b = new ReorderBuffer<U>((u) => got.push(u), { now: () => 0 });
    b.push({ update_id: 1 });
    b.push({ update_id: 3, tag: "first" });
    b.push({ update_id: 3, tag: "second" });
    b.push({ update_id: 2 });
    expect(got.map((u) => u.tag ?? u.update_id)).toEqual([1, 2, "second"]);
  });

  it("with maxHold 0, gives gaps up at the next flush", () => {
    const t = setup(0);
    t.push(1, 4);
    t.buffer.flush();
    expect(t.delivered).toEqual([1, 4]);
  });

  it("flushAll delivers everything held, in order", () => {
    const t = setup();
    t.push(1, 5, 3);
    t.buffer.flushAll();
    expect(t.delivered).toEqual([1, 3, 5]);
    t.push(6);
    expect(t.delivered).toEqual([1, 3, 5, 6]);
  });

  it("treats a jump beyond maxGap as a renumbering, not a gap", () => {
    const t = setup(3000, 100);
    t.push(1, 3);
    t.push(1_000_000);
    expect(t.delivered).toEqual([1, 3, 1_000_000]);
    t.push(1_000_001);
    // A random lower restart (Telegram after a week of silence) is not taken for a late update.
    t.push(5000);
    expect(t.delivered).toEqual([1, 3, 1_000_000, 1_000_001, 5000]);
    expect(t.dropped).toEqual([]);
  });

  it("validates its options", () => {
    expect(() => new ReorderBuffer(() => {}, { maxHold: -1 })).toThrow(RangeError);
    expect(() => new ReorderBuffer(() => {}, { maxGap: 0 })).toThrow(RangeError);
  });
});
