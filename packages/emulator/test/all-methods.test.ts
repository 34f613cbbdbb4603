// Every method of the spec: validated (a call without its required parameters is refused) and
// answered with a result of the spec's return type when called correctly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METHOD_SHAPES } from "../src/generated/spec-table.js";
import { type Emulator, start } from "../src/index.js";
import { SIMULATED } from "../src/methods/index.js";
import { conforms } from "../src/spec/conforms.js";
import { synthesize } from "../src/spec/synthesize.js";
import { call } from "./helpers.js";

let emu: Emulator;
let token: string;
beforeAll(async () => {
  emu = await start({ port: 0 });
  token = emu.driver.createBot({ username: "every_bot" }).token;
});
afterAll(() => emu.close());

/** A valid value for a top-level parameter of the given types. */
function fill(types: readonly string[]): unknown {
  const type = types[0] as string;
  if (type === "Integer") return 1;
  if (type === "Float") return 1.5;
  if (type === "String") return "x";
  if (type === "Boolean" || type === "True") return true;
  if (type === "InputFile")
    return new Blob([new Uint8Array([1, 2, 3])], { type: "application/octet-stream" });
  return synthesize(types);
}

const names = Object.keys(METHOD_SHAPES);

describe("all methods of the spec", () => {
  it("has the 185 methods of the Bot API spec", () => {
    expect(names.length).toBe(185);
  });

  it("refuses each method called without its required parameters", async () => {
    const accepted: string[] = [];
    for (const name of names) {
      const required = METHOD_SHAPES[name]?.params.filter(([, , r]) => r) ?? [];
      if (required.length === 0) continue;
      const answer = await call(emu, token, name, {});
      if (answer.status !== 400 || !answer.description?.startsWith("Bad Request: "))
        accepted.push(`${name}: ${answer.status}`);
    }
    expect(accepted).toEqual([]);
  });

  it("answers each method it does not simulate with a well-formed result of its return type", async () => {
    const generic = names.filter((n) => !(n in SIMULATED));
    expect(generic.length).toBeGreaterThan(80);
    const problems: string[] = [];
    for (const name of generic) {
      const shape = METHOD_SHAPES[name];
      if (!shape) continue;
      const params = Object.fromEntries(
        shape.params.filter(([, , r]) => r).map(([p, types]) => [p, fill(types)]),
      );
      const answer = await call(emu, token, name, params, "multipart");
      if (!answer.ok) problems.push(`${name}: ${answer.description}`);
      else problems.push(...conforms(answer.result, shape.returns, name));
    }
    expect(problems).toEqual([]);
  });
});
