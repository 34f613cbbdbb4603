import { describe, expect, it } from "vitest";
import { pollSettings, stopTimeoutMs } from "../../src/internal.js";

describe("stopTimeoutMs", () => {
  it("takes stopTimeoutMs, else its deprecated alias, else 10 s; a negative value is a RangeError", () => {
    expect(stopTimeoutMs({})).toBe(10_000);
    expect(stopTimeoutMs({ stopTimeout: 250 })).toBe(250);
    expect(stopTimeoutMs({ stopTimeoutMs: 0, stopTimeout: 250 })).toBe(0);
    expect(() => stopTimeoutMs({ stopTimeoutMs: -1 })).toThrow(/stopTimeoutMs must be >= 0/);
    expect(() => stopTimeoutMs({ stopTimeout: Number.NaN })).toThrow(RangeError);
  });

  it("is what a polling loop's settings hold", () => {
    expect(pollSettings({ stopTimeout: 1234 }, 1).stopTimeoutMs).toBe(1234);
    expect(() => pollSettings({ stopTimeoutMs: -5 }, 1)).toThrow(/stopTimeoutMs/);
  });
});
