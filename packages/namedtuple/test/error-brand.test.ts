// A builder's InvalidFieldError is a TelepotError, and `instanceof` holds across the ESM and CJS
// builds of this package loaded in one process (by brand). Needs `build` first.
import { createRequire } from "node:module";
import { TelepotError } from "@telepot/core";
import { expect, it } from "vitest";

type Namedtuple = typeof import("../src/index.js");

it("InvalidFieldError is a TelepotError, recognised across the ESM and CJS copies", async () => {
  const esm = (await import("../dist/index.js")) as unknown as Namedtuple;
  const cjs = createRequire(import.meta.url)("../dist/index.cjs") as Namedtuple;
  expect(esm.InvalidFieldError).not.toBe(cjs.InvalidFieldError);
  for (const [from, to] of [
    [cjs, esm],
    [esm, cjs],
  ] as const) {
    let error: unknown;
    try {
      (from.InlineQueryResultArticle as (fields: unknown) => unknown)({ id: "a", title: "A" });
    } catch (e) {
      error = e;
    }
    expect(error instanceof to.InvalidFieldError).toBe(true);
    expect(error instanceof TelepotError).toBe(true);
    expect(error instanceof TypeError).toBe(false);
  }
  expect(new Error("x") instanceof esm.InvalidFieldError).toBe(false);
});
