// The blocking Bot offers everything the async Bot does: every Bot API method (with the same
// parameters, returning the result instead of a Promise), every other member, and every runtime
// export of the package.
import * as asyncPkg from "@telepot/async";
import { METHODS, type MethodName } from "@telepot/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as blockingPkg from "../dist/index.js";

type AsyncBot = asyncPkg.Bot;
type BlockingBot = blockingPkg.Bot;

// Checked by the type checker: the same parameters, and the awaited async result as the result.
type SameParameters = {
  [M in MethodName]: Parameters<AsyncBot[M]> extends Parameters<BlockingBot[M]>
    ? Parameters<BlockingBot[M]> extends Parameters<AsyncBot[M]>
      ? true
      : M
    : M;
}[MethodName];
type SameResults = {
  [M in MethodName]: Awaited<ReturnType<AsyncBot[M]>> extends ReturnType<BlockingBot[M]>
    ? ReturnType<BlockingBot[M]> extends Awaited<ReturnType<AsyncBot[M]>>
      ? true
      : M
    : M;
}[MethodName];

function members(proto: object): (string | symbol)[] {
  return Reflect.ownKeys(proto).filter((key) => key !== "constructor");
}

describe("parity with @telepot/async", () => {
  it("has every Bot API method of the table, on both Bots", () => {
    const names = Object.keys(METHODS);
    expect(names.length).toBe(185);
    for (const name of names) {
      expect(typeof (blockingPkg.Bot.prototype as unknown as Record<string, unknown>)[name], name).toBe(
        "function",
      );
    }
    expectTypeOf<SameParameters>().toEqualTypeOf<true>();
    expectTypeOf<SameResults>().toEqualTypeOf<true>();
  });

  it("has every member of the async Bot", () => {
    const missing = members(asyncPkg.Bot.prototype).filter(
      (key) => !Reflect.has(blockingPkg.Bot.prototype, key),
    );
    expect(missing).toEqual([]);
    const bot = new blockingPkg.Bot("1:x");
    expect(bot.apiRoot).toBe(new asyncPkg.Bot("1:x").apiRoot);
    // The conversation bots too.
    for (const [a, b] of [
      [asyncPkg.SpeakerBot, blockingPkg.SpeakerBot],
      [asyncPkg.DelegatorBot, blockingPkg.DelegatorBot],
    ] as const) {
      expect(members(a.prototype).filter((key) => !Reflect.has(b.prototype, key))).toEqual([]);
    }
  });

  it("exports every runtime name the async package exports", () => {
    const missing = Object.keys(asyncPkg).filter((name) => !(name in blockingPkg));
    expect(missing).toEqual([]);
  });
});
