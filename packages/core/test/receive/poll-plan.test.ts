import { describe, expect, it } from "vitest";
import { shouldPoll } from "../../src/internal.js";

describe("shouldPoll", () => {
  it("polls when everything fetched is confirmed", () => {
    expect(shouldPoll(0, 0, 100)).toBe(true);
    expect(shouldPoll(0, 100, 100)).toBe(true);
  });

  it("after a short batch, waits until all of it is confirmed", () => {
    expect(shouldPoll(1, 1, 100)).toBe(false);
    expect(shouldPoll(1, 99, 100)).toBe(false);
  });

  it("after a full batch, polls again once at most half the next answer would be repeats", () => {
    expect(shouldPoll(51, 100, 100)).toBe(false);
    expect(shouldPoll(50, 100, 100)).toBe(true);
    expect(shouldPoll(1, 1, 1)).toBe(false);
  });
});
