// A blocking call spins for a fast reply by default only where a core is left for the worker and a
// local Bot API server: on fewer cores the spinning thread would hold up the answer it waits for.
import { describe, expect, it } from "vitest";
import { defaultSpinMicros } from "../src/bot.js";

describe("the default spin of a blocking call", () => {
  it("is 300 µs on 4 or more cores", () => {
    expect(defaultSpinMicros(4)).toBe(300);
    expect(defaultSpinMicros(64)).toBe(300);
  });

  it("is none on 1 to 3 cores", () => {
    expect(defaultSpinMicros(1)).toBe(0);
    expect(defaultSpinMicros(2)).toBe(0);
    expect(defaultSpinMicros(3)).toBe(0);
  });
});
