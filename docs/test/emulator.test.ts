// The emulator snippet of the root README, run as it is.
import { afterEach, describe, expect, it, vi } from "vitest";
import { echoOnTheEmulator } from "../snippets/emulator.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the emulator snippet", () => {
  it("has the user write to the echo bot and get the same text back", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(await echoOnTheEmulator()).toBe("hello");
    expect(log).toHaveBeenCalledWith("hello");
  });
});
