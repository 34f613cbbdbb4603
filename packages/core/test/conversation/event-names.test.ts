// The handlers take events by the same rule as flavor(): an object with one key that starts with
// "_" and has a name after it. A lone "_" is no event (flavor() refuses it, the scheduler cannot
// send it), so no handler may take it as one.
import { describe, expect, it } from "vitest";
import {
  CallbackQueryOriginHandler,
  type CallMode,
  type HandlerContext,
  InvoiceHandler,
  Monitor,
  seedKey,
} from "../../src/index.js";
import { fakeBot } from "./fake-bot.js";

const ctx = (seed: HandlerContext["seed"]) =>
  ({ bot: fakeBot().bot, msg: {}, seed, runtime: {}, control: {} }) as unknown as HandlerContext<CallMode>;

describe("events reach the handlers that take them by flavor's rule", () => {
  const handlers = [
    new InvoiceHandler(ctx("payload")),
    new CallbackQueryOriginHandler(ctx(seedKey("inline-1"))),
    new Monitor(ctx("app"), { text: "never" }),
  ];
  it.each(handlers.map((h) => [h.constructor.name, h] as const))("%s", (_, handler) => {
    expect(handler.accepts({ _alarm: { n: 1 } })).toBe(true);
    expect(handler.accepts({ _: {} })).toBe(false);
    expect(handler.accepts({ _alarm: {}, _other: {} })).toBe(false);
  });
});
