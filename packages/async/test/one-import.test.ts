// A bot author imports everything from @telepot/async: the package re-exports core's public entry
// (handlers, seeds, glance/flavor, InputFile, errors) in its ESM and CJS builds alike, and keeps
// the drivers' internals out.
import { createRequire } from "node:module";
import * as core from "@telepot/core";
import { describe, expect, it } from "vitest";
import * as async from "../src/index.js";

const NEEDED = [
  "Bot",
  "DelegatorBot",
  "ChatHandler",
  "UserHandler",
  "InlineUserHandler",
  "Answerer",
  "perChatId",
  "perFromId",
  "createOpen",
  "glance",
  "flavor",
  "flance",
  "InputFile",
  "TelegramError",
  "TelepotError",
  "BotWasBlockedError",
  "logError",
  "messageLoop",
] as const;

describe("@telepot/async is the one import", () => {
  it("exports what a bot author needs, as the same objects core defines", () => {
    for (const name of NEEDED) expect(async, name).toHaveProperty(name);
    expect(async.ChatHandler).toBe(core.ChatHandler);
    expect(async.TelegramError).toBe(core.TelegramError);
    expect(async.glance).toBe(core.glance);
  });

  it("re-exports every runtime export of core's main entry", () => {
    const missing = Object.keys(core).filter((name) => !(name in async));
    expect(missing).toEqual([]);
  });

  it("keeps the drivers' internals out of the user-facing entries", () => {
    for (const name of ["encodeParams", "KeyedScheduler", "retryDecision", "OffsetTracker"]) {
      expect(async, name).not.toHaveProperty(name);
      expect(core, name).not.toHaveProperty(name);
    }
  });

  it("the CJS build exports the same names", () => {
    const require = createRequire(import.meta.url);
    const cjs = require("../dist/index.cjs") as Record<string, unknown>;
    for (const name of NEEDED) expect(cjs, name).toHaveProperty(name);
  });
});
