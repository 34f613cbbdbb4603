import { describe, expect, it } from "vitest";
import { ManualClock, Microphone, matches, StopListening, WaitTooLong } from "../../src/index.js";
import { text } from "./fake-bot.js";

describe("capture criteria", () => {
  const msg = { chat: { id: 5, type: "private" }, text: "hello", entities: [1, 2] };

  it("match literals, nested templates, a__b paths, predicates, regexes and the whole object", () => {
    expect(matches({ chat: { id: 5 } }, msg)).toBe(true);
    expect(matches({ chat__id: 5 }, msg)).toBe(true);
    expect(matches({ chat__id: 6 }, msg)).toBe(false);
    expect(matches({ chat__type: "private", text: /^hel/ }, msg)).toBe(true);
    expect(matches({ text: /^bye/ }, msg)).toBe(false);
    expect(matches({ chat__id: (v) => typeof v === "number" && v > 3 }, msg)).toBe(true);
    expect(matches({ _: (m) => (m as typeof msg).text.length === 5 }, msg)).toBe(true);
    expect(matches({ entities: [1, 2] }, msg)).toBe(true);
    expect(matches({ entities: [1] }, msg)).toBe(false);
    expect(matches({ missing__deep: 1 }, msg)).toBe(false);
    expect(matches({ missing: undefined as never }, msg)).toBe(true);
  });
});

describe("ManualClock", () => {
  it("fires due timers in time order, skips cancelled ones, reports the next deadline", () => {
    const clock = new ManualClock(100);
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push("c"));
    const cancel = clock.setTimer(200, () => fired.push("b"));
    clock.setTimer(150, () => fired.push("a"));
    clock.setTimer(150, () => fired.push("a2"));
    expect(clock.nextAt()).toBe(150);
    cancel();
    clock.advance(150);
    expect(fired).toEqual(["a", "a2"]);
    expect(clock.nextAt()).toBe(300);
    clock.advanceTo(1000);
    expect(fired).toEqual(["a", "a2", "c"]);
    expect(clock.now()).toBe(1000);
    expect(clock.nextAt()).toBeUndefined();
  });
});

describe("ManualClock memory", () => {
  it("does not keep cancelled timers around (set-then-cancel churn)", () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    const keep = clock.setTimer(10_000_000, () => fired.push(-1));
    for (let i = 0; i < 100_000; i++) clock.setTimer(1000 + i, () => fired.push(i))();
    expect(clock.pending).toBe(1);
    expect(clock.size).toBeLessThan(2100);
    const late = clock.setTimer(5, () => fired.push(5));
    clock.advance(10_000_000);
    expect(fired).toEqual([5, -1]);
    keep();
    late();
    expect(clock.pending).toBe(0);
  });
});

describe("Microphone and Listener", () => {
  it("a listener takes only what it captures, in order", async () => {
    const mic = new Microphone(new ManualClock());
    const listener = mic.createListener().capture({ chat__id: 1 });
    mic.send(text(2, "other"));
    mic.send(text(1, "a"));
    mic.send(text(1, "b"));
    expect(((await listener.wait()) as { text: string }).text).toBe("a");
    expect(((await listener.wait()) as { text: string }).text).toBe("b");
  });

  it("any of several templates is enough", async () => {
    const mic = new Microphone(new ManualClock());
    const listener = mic.createListener().capture({ chat__id: 1 }, { text: "magic" });
    mic.send(text(3, "magic"));
    expect(((await listener.wait()) as { text: string }).text).toBe("magic");
  });

  it("wait() resolves when a captured object arrives later", async () => {
    const mic = new Microphone(new ManualClock());
    const listener = mic.createListener().capture({ chat__id: 1 });
    const waiting = listener.wait();
    mic.send(text(1, "late"));
    expect(((await waiting) as { text: string }).text).toBe("late");
  });

  it("wait() fails with WaitTooLong after its timeout (fake clock)", async () => {
    const clock = new ManualClock();
    const mic = new Microphone(clock);
    const listener = mic.createListener().capture({ chat__id: 1 });
    const waiting = listener.wait({ timeout: 3 });
    clock.advance(2_999);
    mic.send(text(2, "not mine"));
    clock.advance(1);
    await expect(waiting).rejects.toBeInstanceOf(WaitTooLong);
    await expect(waiting).rejects.toMatchObject({ seconds: 3 });
    expect(clock.pending).toBe(0);
  });

  it("a closed listener stops receiving at once and is unregistered", async () => {
    const mic = new Microphone(new ManualClock());
    const listener = mic.createListener().capture({ chat__id: 1 });
    const waiting = listener.wait();
    expect(mic.size).toBe(1);
    listener.close();
    expect(mic.size).toBe(0);
    await expect(waiting).rejects.toBeInstanceOf(StopListening);
    mic.send(text(1, "after close"));
    expect(listener.take()).toBeUndefined();
    expect(() => listener.wait()).toThrow(StopListening);
  });

  it("refuses to wait when it captures nothing", () => {
    const mic = new Microphone(new ManualClock());
    expect(() => mic.createListener().wait()).toThrow(/capture/);
  });

  it("blocking mode: wait() returns the value after pumping, or throws WaitTooLong at the deadline", () => {
    const clock = new ManualClock();
    const incoming = [text(2, "x"), text(1, "mine")];
    let mic!: Microphone<"blocking">;
    const pump = (ready: () => boolean, deadline: number | undefined) => {
      while (!ready()) {
        const next = incoming.shift();
        if (next === undefined) {
          if (deadline !== undefined) clock.advanceTo(deadline);
          return;
        }
        mic.send(next);
      }
    };
    mic = new Microphone<"blocking">(clock, pump);
    const listener = mic.createListener().capture({ chat__id: 1 });
    const got = listener.wait() as { text: string };
    expect(got.text).toBe("mine");
    expect(() => listener.wait({ timeout: 5 })).toThrow(WaitTooLong);
    expect(clock.now()).toBe(5_000);
  });
});
