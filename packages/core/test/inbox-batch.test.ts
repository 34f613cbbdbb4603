// CompletionBatch: the items of one scheduled turn go in one flush; a flush that answers later
// keeps the next one waiting, and what queued meanwhile goes together once it settles; a batch
// never exceeds its cap.
import { describe, expect, it } from "vitest";
import { CompletionBatch } from "../src/index.js";

/** A schedule run by hand: `turn()` runs what was scheduled so far. */
function manualSchedule() {
  const runs: (() => void)[] = [];
  return {
    schedule: (run: () => void) => void runs.push(run),
    turn: () => {
      for (const run of runs.splice(0)) run();
    },
    get waiting() {
      return runs.length;
    },
  };
}

/** A promise settled by hand. */
function deferred() {
  let resolve: () => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("CompletionBatch", () => {
  it("flushes the items of one turn together, synchronously, and once per scheduled turn", () => {
    const clock = manualSchedule();
    const flushed: number[][] = [];
    const batch = new CompletionBatch<number>((items) => void flushed.push([...items]), clock.schedule);
    batch.add(1);
    batch.add(2);
    expect(clock.waiting).toBe(1);
    expect(batch.size).toBe(2);
    clock.turn();
    batch.add(3);
    batch.flushNow(); // a stop does not wait for the turn
    clock.turn();
    expect(flushed).toEqual([[1, 2], [3]]);
    expect(batch.size).toBe(0);
  });

  it("splits what is queued into batches of at most maxBatch", () => {
    const clock = manualSchedule();
    const flushed: number[][] = [];
    const batch = new CompletionBatch<number>((items) => void flushed.push([...items]), clock.schedule, 2);
    for (let item = 1; item <= 5; item++) batch.add(item);
    clock.turn();
    expect(flushed).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("keeps one asynchronous flush out at a time and sends what queued meanwhile when it settles", async () => {
    const clock = manualSchedule();
    const flushed: number[][] = [];
    const answers: ReturnType<typeof deferred>[] = [];
    const batch = new CompletionBatch<number>(
      (items) => {
        flushed.push([...items]);
        const answer = deferred();
        answers.push(answer);
        return answer.promise;
      },
      clock.schedule,
      3,
    );
    batch.add(1);
    clock.turn();
    for (let item = 2; item <= 6; item++) batch.add(item);
    batch.flushNow();
    clock.turn();
    // Nothing more goes, nor is scheduled, while the first flush is out.
    expect(flushed).toEqual([[1]]);
    expect(clock.waiting).toBe(0);
    answers[0]?.resolve();
    await settle();
    expect(flushed).toEqual([[1], [2, 3, 4]]);
    // A failed flush does not stop the queue.
    answers[1]?.reject(new Error("down"));
    await settle();
    expect(flushed).toEqual([[1], [2, 3, 4], [5, 6]]);
    answers[2]?.resolve();
    await settle();
    batch.add(7);
    expect(clock.waiting).toBe(1);
    clock.turn();
    expect(flushed).toEqual([[1], [2, 3, 4], [5, 6], [7]]);
  });

  it("refuses a cap below one", () => {
    expect(
      () =>
        new CompletionBatch<number>(
          () => {},
          () => {},
          0,
        ),
    ).toThrow(RangeError);
  });
});
