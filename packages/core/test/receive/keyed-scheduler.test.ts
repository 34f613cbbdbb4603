import { describe, expect, it } from "vitest";
import { KeyedScheduler } from "../../src/internal.js";

interface Job {
  key: number;
  seq: number;
}

// A controllable async task: each started job waits until the test releases it.
function harness(concurrency: number) {
  const started: Job[] = [];
  const settled: { job: Job; failed: boolean; error: unknown }[] = [];
  const releases = new Map<Job, { ok: () => void; fail: (e: unknown) => void }>();
  const scheduler = new KeyedScheduler<Job>(
    (job) => {
      started.push(job);
      return new Promise<void>((ok, fail) => releases.set(job, { ok, fail }));
    },
    (job, failed, error) => settled.push({ job, failed, error }),
    concurrency,
  );
  const release = async (job: Job, error?: unknown) => {
    const r = releases.get(job)!;
    if (error === undefined) r.ok();
    else r.fail(error);
    await new Promise((r) => setImmediate(r));
  };
  return { scheduler, started, settled, release };
}

const job = (key: number, seq: number): Job => ({ key, seq });

describe("KeyedScheduler", () => {
  it("rejects a concurrency below 1", () => {
    expect(
      () =>
        new KeyedScheduler(
          () => {},
          () => {},
          0,
        ),
    ).toThrow(RangeError);
  });

  it("runs different keys at once, up to the concurrency", async () => {
    const h = harness(2);
    const [a, b, c] = [job(1, 1), job(2, 1), job(3, 1)];
    h.scheduler.submit(1, a);
    h.scheduler.submit(2, b);
    h.scheduler.submit(3, c);
    expect(h.started).toEqual([a, b]);
    expect(h.scheduler.active).toBe(2);
    expect(h.scheduler.waiting).toBe(1);
    await h.release(b);
    expect(h.started).toEqual([a, b, c]);
  });

  it("runs one key's items one at a time, in order", async () => {
    const h = harness(10);
    const items = [job(1, 1), job(1, 2), job(1, 3)];
    for (const item of items) h.scheduler.submit(1, item);
    expect(h.started).toEqual([items[0]]);
    await h.release(items[0]!);
    expect(h.started).toEqual(items.slice(0, 2));
    await h.release(items[1]!);
    await h.release(items[2]!);
    expect(h.started).toEqual(items);
    expect(h.scheduler.idle).toBe(true);
  });

  it("reports failures and goes on with the key's next item", async () => {
    const h = harness(1);
    const [a, b] = [job(1, 1), job(1, 2)];
    h.scheduler.submit(1, a);
    h.scheduler.submit(1, b);
    const boom = new Error("boom");
    await h.release(a, boom);
    expect(h.settled).toEqual([{ job: a, failed: true, error: boom }]);
    expect(h.started).toEqual([a, b]);
  });

  it("treats a synchronous throw as a failure and a plain return as success", async () => {
    const settled: [number, boolean, unknown][] = [];
    const s = new KeyedScheduler<number>(
      (n) => {
        if (n === 2) throw new Error("two");
        return n;
      },
      (n, failed, error) => settled.push([n, failed, (error as Error | undefined)?.message]),
      4,
    );
    s.submit("k", 1);
    s.submit("k", 2);
    s.submit("k", 3);
    await s.whenIdle();
    expect(settled).toEqual([
      [1, false, undefined],
      [2, true, "two"],
      [3, false, undefined],
    ]);
  });

  it("lets keys take turns so a busy key does not starve the others", async () => {
    const h = harness(1);
    const a = [job(1, 1), job(1, 2), job(1, 3)];
    const b = job(2, 1);
    for (const item of a) h.scheduler.submit(1, item);
    h.scheduler.submit(2, b);
    await h.release(a[0]!);
    // Key 2 waited for the single slot before key 1's second item was queued again.
    expect(h.started).toEqual([a[0], b]);
  });

  it("whenIdle resolves once everything has run", async () => {
    const h = harness(3);
    const jobs = [job(1, 1), job(2, 1), job(1, 2)];
    for (const j of jobs) h.scheduler.submit(j.key, j);
    let idle = false;
    const done = h.scheduler.whenIdle().then(() => {
      idle = true;
    });
    await h.release(jobs[0]!);
    await h.release(jobs[1]!);
    expect(idle).toBe(false);
    await h.release(jobs[2]!);
    await done;
    expect(idle).toBe(true);
  });

  it("keeps per-key order with many keys and random finishing order", async () => {
    const seen = new Map<number, number[]>();
    let running = 0;
    let maxRunning = 0;
    const perKeyRunning = new Map<number, number>();
    let overlapWithinKey = false;
    // Deterministic pseudo-random delays expressed as a number of event-loop turns.
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const s = new KeyedScheduler<Job>(
      async (j) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        const busy = (perKeyRunning.get(j.key) ?? 0) + 1;
        if (busy > 1) overlapWithinKey = true;
        perKeyRunning.set(j.key, busy);
        for (let turns = rand() % 5; turns > 0; turns--) await new Promise((r) => setImmediate(r));
        (seen.get(j.key) ?? seen.set(j.key, []).get(j.key)!).push(j.seq);
        perKeyRunning.set(j.key, busy - 1);
        running--;
      },
      () => {},
      8,
    );
    const counts = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const key = rand() % 37;
      const seq = (counts.get(key) ?? 0) + 1;
      counts.set(key, seq);
      s.submit(key, job(key, seq));
    }
    await s.whenIdle();
    expect(overlapWithinKey).toBe(false);
    expect(maxRunning).toBe(8);
    for (const [key, count] of counts) {
      expect(seen.get(key)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    }
  });
});
