import { describe, expect, test } from "vitest";
import { type ApiRequest, type Middleware, Pipeline } from "../src/index.js";
import { bindArguments, callOptionsAt, callOptionsIndex } from "../src/internal.js";

type Sync = Middleware<"blocking">;

/** A stage that records its name on the way in and out. */
function recorder(name: string, log: string[]): Sync {
  return (request, next) => {
    log.push(`${name}>`);
    const result = next(request);
    log.push(`<${name}`);
    return result;
  };
}

const REQUEST: ApiRequest<"blocking"> = { method: "getMe", params: {}, options: {} };

describe("Pipeline", () => {
  test("trace, then user middleware in order, then journal, flood, retry and send", () => {
    const log: string[] = [];
    const pipeline = new Pipeline<"blocking">({
      trace: recorder("trace", log),
      retry: recorder("retry", log),
      flood: recorder("flood", log),
      journal: recorder("journal", log),
      send: (request) => {
        log.push(`send ${request.method}`);
        return "result";
      },
    });
    pipeline.use(recorder("a", log));
    pipeline.use(recorder("b", log), recorder("c", log));
    expect(pipeline.run(REQUEST)).toBe("result");
    expect(log).toEqual([
      "trace>",
      "a>",
      "b>",
      "c>",
      "journal>",
      "flood>",
      "retry>",
      "send getMe",
      "<retry",
      "<flood",
      "<journal",
      "<c",
      "<b",
      "<a",
      "<trace",
    ]);
  });

  test("absent built-in stages are skipped; a middleware may answer and skip the rest", () => {
    let sent = 0;
    const pipeline = new Pipeline<"blocking">({ send: () => ++sent });
    expect(pipeline.run(REQUEST)).toBe(1);
    pipeline.use((request, next) => (request.method === "getMe" ? "cached" : next(request)));
    expect(pipeline.run(REQUEST)).toBe("cached");
    expect(pipeline.run({ ...REQUEST, method: "close" })).toBe(2);
  });

  test("a middleware's rewritten request is what later stages get", () => {
    const pipeline = new Pipeline<"blocking">({ send: (request) => request.params });
    pipeline.use((request, next) => next({ ...request, params: { ...request.params, text: "new" } }));
    expect(pipeline.run({ ...REQUEST, params: { text: "old", chat_id: 1 } })).toEqual({
      text: "new",
      chat_id: 1,
    });
  });
});

describe("per-call options among positional arguments", () => {
  test("they come after the required parameters and the options object (if the method has one)", () => {
    expect(callOptionsIndex("getMe")).toBe(0);
    expect(callOptionsIndex("sendMessage")).toBe(3);
    const signal = new AbortController().signal;
    const args = [1, "hi", { parse_mode: "HTML" }, { signal }];
    expect(bindArguments("sendMessage", args)).toEqual({ chat_id: 1, text: "hi", parse_mode: "HTML" });
    expect(callOptionsAt("sendMessage", args, 3)).toEqual({ signal });
    expect(callOptionsAt("sendMessage", [1, "hi"], 3)).toBeUndefined();
    expect(bindArguments("getMe", [{ timeout: 5 }])).toEqual({});
    expect(callOptionsAt("getMe", [{ timeout: 5 }], 0)).toEqual({ timeout: 5 });
    expect(() => callOptionsAt("getMe", ["x"], 0)).toThrow(/getMe\(\) expects the call's options/);
  });
});
