// instanceof across copies: the ESM and the CJS build of core loaded in one process each have
// their own classes; an error made by one copy is still an instance of the other copy's class
// with the same brand, and of its bases, and not of unrelated classes. Needs `build` first.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

type Core = typeof import("../src/index.js");

describe("error brands across the ESM and CJS copies", async () => {
  const esm = (await import("../dist/index.js")) as unknown as Core;
  const cjs = createRequire(import.meta.url)("../dist/index.cjs") as Core;

  it("loads two distinct copies", () => {
    expect(esm.TelegramError).not.toBe(cjs.TelegramError);
  });

  it("an error from either copy is an instance of the other copy's class and bases", () => {
    for (const [from, to] of [
      [cjs, esm],
      [esm, cjs],
    ] as const) {
      const error = new from.TooManyRequestsError({
        method: "sendMessage",
        description: "Too Many Requests",
        errorCode: 429,
      });
      expect(error instanceof to.TooManyRequestsError).toBe(true);
      expect(error instanceof to.TelegramError).toBe(true);
      expect(error instanceof to.TelepotError).toBe(true);
      expect(error instanceof to.NetworkError).toBe(false);
      expect(error instanceof to.ChatNotFoundError).toBe(false);
      expect(new from.NetworkError("getMe", "reset", true, "reset") instanceof to.TelegramError).toBe(false);
    }
  });

  it("the receive errors carry their brand too", () => {
    expect(new cjs.LateUpdate(5, 3) instanceof esm.LateUpdate).toBe(true);
    expect(new esm.ServerOnThisThreadError("getMe", "http://x") instanceof cjs.ServerOnThisThreadError).toBe(
      true,
    );
    expect(new esm.LateUpdate(5, 3) instanceof cjs.ServerOnThisThreadError).toBe(false);
  });

  it("plain errors and non-objects are not telepot errors", () => {
    expect(new Error("x") instanceof esm.TelepotError).toBe(false);
    expect((null as unknown) instanceof esm.TelepotError).toBe(false);
  });

  it("a user's own subclass works by prototype (no brand of its own)", () => {
    class Mine extends esm.TelegramError {}
    const mine = new Mine({ method: "m", description: "d" });
    expect(mine instanceof Mine).toBe(true);
    expect(mine instanceof cjs.TelegramError).toBe(true);
    expect(new esm.TelegramError({ method: "m", description: "d" }) instanceof Mine).toBe(false);
  });
});
