import { describe, expect, it } from "vitest";
import { BadHTTPResponse, NetworkError, type PollingStopped, telegramErrorFrom } from "../../src/index.js";
import { DEFAULT_RETRY, judgePollFailure, POLL_BACKOFF } from "../../src/internal.js";

const delays = { ...DEFAULT_RETRY, ...POLL_BACKOFF };
const refusal = (errorCode: number, description: string, parameters?: { retry_after?: number }) =>
  telegramErrorFrom({ method: "getUpdates", errorCode, description, parameters });

function stopped(error: unknown): PollingStopped {
  const verdict = judgePollFailure(error, 1, delays);
  if (!("stop" in verdict)) throw new Error("expected the loop to stop");
  return verdict.stop;
}

describe("judgePollFailure", () => {
  it("stops on 409 with an explanation and the cause", () => {
    const cause = refusal(409, "Conflict: terminated by other getUpdates request");
    const stop = stopped(cause);
    expect(stop.reason).toBe("conflict");
    expect(stop.message).toMatch(/another process is polling.*webhook/);
    expect(stop.cause).toBe(cause);
  });

  it("stops on 401 and 404", () => {
    expect(stopped(refusal(401, "Unauthorized")).reason).toBe("unauthorized");
    expect(stopped(refusal(404, "Not Found")).reason).toBe("not-found");
    expect(stopped(new BadHTTPResponse("getUpdates", 404, "<html>")).reason).toBe("not-found");
  });

  it("stops on other refusals such as 400", () => {
    const stop = stopped(refusal(400, "Bad Request: wrong allowed_updates"));
    expect(stop.reason).toBe("refused");
    expect(stop.message).toContain("wrong allowed_updates");
  });

  it("waits retry_after on 429", () => {
    expect(judgePollFailure(refusal(429, "Too Many Requests", { retry_after: 7 }), 1, delays)).toEqual({
      retryAfter: 7000,
    });
  });

  it("backs off exponentially with a cap on faults and 5xx", () => {
    const fault = new NetworkError("getUpdates", "connect", false, "connection refused");
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => judgePollFailure(fault, n, delays));
    expect(waits.map((w) => ("retryAfter" in w ? w.retryAfter : -1))).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(judgePollFailure(refusal(502, "Bad Gateway"), 1, delays)).toEqual({ retryAfter: 500 });
    expect(judgePollFailure(new BadHTTPResponse("getUpdates", 502, "oops"), 2, delays)).toEqual({
      retryAfter: 1000,
    });
    expect(judgePollFailure(new TypeError("weird"), 1, delays)).toEqual({ retryAfter: 500 });
  });
});
