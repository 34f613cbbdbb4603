// A blocking bot imports everything from @telepot/blocking: core's public entry comes along, and
// the blocking package's own classes win where both define a name (Answerer, Bot, DelegatorBot).
import * as core from "@telepot/core";
import { describe, expect, it } from "vitest";
import { Answerer } from "../src/conversation/answerer.js";
import * as blocking from "../src/index.js";

describe("@telepot/blocking is the one import", () => {
  it("exports the handlers, seeds, glance, InputFile and errors of core", () => {
    for (const name of [
      "ChatHandler",
      "perChatId",
      "createOpen",
      "glance",
      "flavor",
      "InputFile",
      "TelegramError",
    ]) {
      expect(blocking, name).toHaveProperty(name);
    }
    expect(blocking.ChatHandler).toBe(core.ChatHandler);
    const missing = Object.keys(core).filter((name) => !(name in blocking));
    expect(missing).toEqual([]);
  });

  it("its own Answerer, not core's", () => {
    expect(blocking.Answerer).toBe(Answerer);
    expect(blocking.Answerer).not.toBe(core.Answerer);
  });
});
