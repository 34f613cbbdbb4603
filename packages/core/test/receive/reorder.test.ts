import { describe, expect, it } from "vitest";
import { maxHoldMs, ReorderBuffer } from "../../src/internal.js";

interface U {
  update_id: number;
  tag?: string;
}

function setup(maxHold = 3000, maxGap?: number) {
  let now = 1_000_000;
  const delivered: number[] = [];
  const dropped: number[] = [];
  const late: [number, number][] = [];
  const buffer = new ReorderBuffer<U>((u) => delivered.push(u.update_id), {
    maxHold,
    now: () => now,
    onDrop: (u) => dropped.push(u.update_id),
    onLate: (u, expected) => late.push([u.update_id, expected]),
    ...(maxGap === undefined ? {} : { maxGap }),
  });
  const push = (...ids: number[]) => {
    for (const id of ids) buffer.push({ update_id: id });
  };
  const advance = (ms: number) => {
    now += ms;
  };
  // Pushes the first update(s) and lets the start's wait for lower ids pass.
  const begin = (...ids: number[]) => {
    push(...ids);
    advance(maxHold);
    buffer.flush();
  };
  return { buffer, delivered, dropped, late, push, begin, advance, time: () => now };
}

describe("ReorderBuffer", () => {
  it("holds the first updates for maxHold, as lower ids may still come, then delivers in order", () => {
    const t = setup();
    t.push(500, 502, 501);
    expect(t.delivered).toEqual([]);
    expect(t.buffer.held).toBe(3);
    expect(t.buffer.deadline).toBe(t.time() + 3000);
    t.advance(1000);
    t.push(498); // a lower id of the start's backlog, on another connection
    t.advance(1999);
    t.buffer.flush();
    expect(t.delivered).toEqual([]);
    t.advance(1);
    t.buffer.flush();
    // 499 never came within the wait: given up, and what follows goes out in order.
    expect(t.delivered).toEqual([498, 500, 501, 502]);
    expect(t.buffer.deadline).toBeUndefined();
    t.push(503);
    expect(t.delivered).toEqual([498, 500, 501, 502, 503]);
    expect(t.late).toEqual([]);
  });

  it("gives a gap that opened near the end of the start's wait its full maxHold", () => {
    const t = setup();
    const started = t.time();
    t.push(500);
    t.advance(2900);
    t.push(503); // 501 and 502 are missed from now on
    t.advance(100);
    t.buffer.flush();
    expect(t.delivered).toEqual([500]);
    expect(t.buffer.deadline).toBe(started + 2900 + 3000);
    t.advance(2000);
    t.buffer.flush();
    t.push(502, 501);
    expect(t.delivered).toEqual([500, 501, 502, 503]);
    expect(t.late).toEqual([]);
  });

  it("delivers a late update below the start (never seen) and reports it, once", () => {
    const t = setup();
    t.begin(2);
    t.push(1);
    expect(t.delivered).toEqual([2, 1]);
    expect(t.late).toEqual([[1, 3]]);
    t.push(1, 2);
    expect(t.delivered).toEqual([2, 1]);
    expect(t.dropped).toEqual([1, 2]);
  });

  it("holds an early update and delivers it when the gap fills", () => {
    const t = setup();
    t.begin(1);
    t.push(3, 4);
    expect(t.delivered).toEqual([1]);
    expect(t.buffer.held).toBe(2);
    expect(t.buffer.deadline).toBe(t.time() + 3000);
    t.push(2);
    expect(t.delivered).toEqual([1, 2, 3, 4]);
    expect(t.buffer.deadline).toBeUndefined();
  });

  it("fills gaps in any order", () => {
    const t = setup();
    t.begin(10);
    t.push(14, 12, 13, 11);
    expect(t.delivered).toEqual([10, 11, 12, 13, 14]);
  });

  it("gives up an expired gap on flush, but not before", () => {
    const t = setup();
    t.begin(1);
    t.push(3);
    t.advance(2999);
    t.buffer.flush();
    expect(t.delivered).toEqual([1]);
    t.advance(1);
    t.buffer.flush();
    expect(t.delivered).toEqual([1, 3]);
    expect(t.buffer.lastId).toBe(3);
    // The abandoned id was never seen: when it shows up it is delivered late, and reported.
    t.push(2);
    expect(t.delivered).toEqual([1, 3, 2]);
    expect(t.late).toEqual([[2, 4]]);
    // A repeat of it is a true duplicate.
    t.push(2);
    expect(t.dropped).toEqual([2]);
    expect(t.delivered).toEqual([1, 3, 2]);
  });

  it("stops flushing at the first gap that has not expired yet", () => {
    const t = setup();
    t.begin(1);
    t.push(3); // gap 2 expires at +3000
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

  it("drops only true duplicates: ids already delivered", () => {
    const t = setup();
    t.begin(5);
    t.push(6, 6, 4, 5, 4);
    expect(t.delivered).toEqual([5, 6, 4]);
    expect(t.dropped).toEqual([6, 5, 4]);
    expect(t.late).toEqual([[4, 7]]);
  });

  it("keeps the first copy of an id that is still held, and reports the repeat", () => {
    const got: U[] = [];
    const repeats: number[] = [];
    const b = new ReorderBuffer<U>((u) => got.push(u), {
      now: () => 0,
      maxHold: 0,
      onDrop: (u) => repeats.push(u.update_id),
    });
    b.push({ update_id: 1 });
    b.push({ update_id: 3, tag: "first" });
    b.push({ update_id: 3, tag: "second" });
    b.push({ update_id: 2 });
    expect(got.map((u) => u.tag ?? u.update_id)).toEqual([1, 2, "first"]);
    expect(repeats).toEqual([3]);
  });

  it("remembers given-up ids in bounded memory: only those within maxGap of the cursor", () => {
    const t = setup(0, 6);
    t.push(1);
    t.push(3); // 2 is missed
    t.buffer.flush();
    t.push(8); // 4..7 missed
    t.buffer.flush();
    t.push(10); // 9 missed; 2 and 3 are now more than maxGap behind
    t.buffer.flush();
    t.push(5, 5);
    expect(t.late).toEqual([[5, 11]]);
    expect(t.dropped).toEqual([5]);
    // 2 is further than maxGap behind: a renumbering, delivered as the start of new numbering.
    t.push(2);
    expect(t.delivered).toEqual([1, 3, 8, 10, 5, 2]);
  });

  it("with maxHold 0, gives gaps up at the next flush", () => {
    const t = setup(0);
    t.push(1);
    expect(t.delivered).toEqual([1]);
    t.push(4);
    t.buffer.flush();
    expect(t.delivered).toEqual([1, 4]);
  });

  it("flushAll delivers everything held, in order", () => {
    const t = setup();
    t.push(5, 1, 3);
    t.buffer.flushAll();
    expect(t.delivered).toEqual([1, 3, 5]);
    t.push(6);
    expect(t.delivered).toEqual([1, 3, 5, 6]);
  });

  it("treats a jump beyond maxGap as a renumbering, not a gap", () => {
    const t = setup(3000, 100);
    t.begin(1, 3);
    t.push(1_000_000);
    expect(t.delivered).toEqual([1, 3, 1_000_000]);
    t.push(1_000_001);
    // A random lower restart (Telegram after a week of silence) is not taken for a late update.
    t.push(5000);
    expect(t.delivered).toEqual([1, 3, 1_000_000, 1_000_001, 5000]);
    expect(t.dropped).toEqual([]);
    // Below the new numbering's start: late, never seen, so delivered and reported.
    t.push(4999);
    expect(t.late).toEqual([[4999, 5001]]);
  });

  it("validates its options", () => {
    expect(() => new ReorderBuffer(() => {}, { maxHold: -1 })).toThrow(RangeError);
    expect(() => new ReorderBuffer(() => {}, { maxGap: 0 })).toThrow(RangeError);
  });

  it("takes a loop's maxHoldMs, else its deprecated maxHold; with neither, the buffer's 3000 ms", () => {
    expect(maxHoldMs({ maxHoldMs: 0, maxHold: 500 })).toBe(0);
    expect(maxHoldMs({ maxHold: 500 })).toBe(500);
    let now = 0;
    const delivered: number[] = [];
    const buffer = new ReorderBuffer<U>((u) => delivered.push(u.update_id), {
      maxHold: maxHoldMs({}),
      now: () => now,
    });
    buffer.push({ update_id: 5 });
    expect(buffer.deadline).toBe(3000);
    now = 3000;
    buffer.flush();
    expect(delivered).toEqual([5]);
  });
});

describe("ReorderBuffer after a crash (recordedBefore: what earlier processes recorded)", () => {
  function afterCrash(recordedBefore: number) {
    let now = 0;
    const delivered: number[] = [];
    const late: [number, number][] = [];
    const buffer = new ReorderBuffer<U>((u) => delivered.push(u.update_id), {
      maxHold: 1000,
      now: () => now,
      onLate: (u, expected) => late.push([u.update_id, expected]),
      recordedBefore,
    });
    const advance = (ms: number) => {
      now += ms;
      buffer.flush();
    };
    // What a loop's inbox replays, and what its webhook queue hands on (fresh from Telegram).
    const replay = (id: number) => buffer.push({ update_id: id });
    const fresh = (id: number) => {
      buffer.markFresh({ update_id: id });
      buffer.push({ update_id: id });
    };
    return { buffer, delivered, late, advance, replay, fresh };
  }

  it("reports a fresh update below the earlier processes' highest as late, in its place among the start's updates", () => {
    // 100-102 recorded before the crash; 100 and 102 were left pending; 101 was given up and
    // comes now, with the fresh 103.
    const t = afterCrash(102);
    t.replay(100);
    t.replay(102);
    t.fresh(103);
    t.fresh(101);
    t.advance(1000);
    expect(t.delivered).toEqual([100, 101, 102, 103]);
    expect(t.late).toEqual([[101, 103]]);
  });

  it("reports it when it comes after the start too, once, whichever path delivers it", () => {
    const t = afterCrash(50);
    t.fresh(60);
    t.advance(1000);
    // Below the start of this buffer's numbering: its own late path.
    t.fresh(45);
    // Above it (the earlier processes' highest is higher still): in order for this buffer.
    const u = afterCrash(50);
    u.fresh(40);
    u.advance(1000);
    u.fresh(41);
    expect(t.delivered).toEqual([60, 45]);
    expect(t.late).toEqual([[45, 61]]);
    expect(u.delivered).toEqual([40, 41]);
    expect(u.late).toEqual([
      [40, 51],
      [41, 51],
    ]);
  });

  it("does not report what the inbox replays, what is above the highest, or an id beyond maxGap", () => {
    const t = afterCrash(20_000);
    t.replay(19_999);
    t.fresh(20_001);
    t.replay(20_000);
    t.advance(1000);
    expect(t.delivered).toEqual([19_999, 20_000, 20_001]);
    t.fresh(5); // a renumbering, not a late update
    expect(t.late).toEqual([]);
  });

  it("reports an update replayed from the inbox that came fresh after all (markFresh)", () => {
    const t = afterCrash(30);
    t.replay(20);
    t.replay(21);
    t.buffer.markFresh({ update_id: 21 });
    t.advance(1000);
    expect(t.delivered).toEqual([20, 21]);
    expect(t.late).toEqual([[21, 31]]);
  });
});
