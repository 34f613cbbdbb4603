// The one default reporter: what each kind of site prints, and the last resort for a reporter that fails.
import { describe, expect, it, vi } from "vitest";
import { logError, seedKey } from "../../src/index.js";
import { logReporterFailure } from "../../src/internal.js";

function printed(report: () => void): unknown[][] {
  const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    report();
    return [...spy.mock.calls];
  } finally {
    spy.mockRestore();
  }
}

describe("logError", () => {
  const error = new Error("boom");

  it("prints one line per site kind, then the error", () => {
    expect(printed(() => logError(error))).toEqual([["telepot:", error]]);
    expect(printed(() => logError(error, "redis worker"))).toEqual([["telepot redis worker:", error]]);
    expect(printed(() => logError(error, { update: { update_id: 7 }, kind: "message" }))).toEqual([
      ["telepot: the handler failed on update 7 (message):", error],
    ]);
    expect(
      printed(() => logError(error, { delegate: "Game", seed: seedKey(42), phase: "delegate" })),
    ).toEqual([[expect.stringMatching(/^telepot: Game for seed .*42.* failed \(delegate\):$/), error]]);
  });

  it("logReporterFailure keeps both the reporter's failure and what it was reporting", () => {
    const failure = new Error("reporter broke");
    expect(printed(() => logReporterFailure("onError", failure, error))).toEqual([
      ["telepot: onError failed:", failure, "while reporting:", error],
    ]);
  });
});
