import { expect, test } from "vitest";
import { BadHTTPResponse, BotWasBlockedError, TelegramError, TooManyRequestsError } from "../src/index.js";
import { decodeResponse, REDACTED, redactError, redactText } from "../src/internal.js";

test("ok:true gives the result", () => {
  expect(decodeResponse("getMe", 200, '{"ok":true,"result":{"id":1}}')).toEqual({ id: 1 });
  expect(decodeResponse("setWebhook", 200, '{"ok":true,"result":true}')).toBe(true);
});

test("ok:false gives the most specific TelegramError", () => {
  const call = () =>
    decodeResponse(
      "sendMessage",
      403,
      '{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}',
    );
  expect(call).toThrow(BotWasBlockedError);
  const flood = (() => {
    try {
      decodeResponse(
        "sendMessage",
        429,
        '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}',
      );
    } catch (error) {
      return error;
    }
  })() as TooManyRequestsError;
  expect(flood).toBeInstanceOf(TooManyRequestsError);
  expect(flood.retryAfter).toBe(3);
});

test("ok:false without an error_code takes the HTTP status", () => {
  try {
    decodeResponse("getMe", 500, '{"ok":false}');
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(TelegramError);
    expect((error as TelegramError).errorCode).toBe(500);
    expect((error as TelegramError).description).toBe("no description given");
  }
});

test.each([
  ["<html>Bad Gateway</html>", 502],
  ["", 200],
  ["[1,2]", 200],
  ['{"result":1}', 200],
])("a reply that is not a Bot API answer is a BadHTTPResponse: %j", (body, status) => {
  try {
    decodeResponse("getMe", status, body);
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(BadHTTPResponse);
    expect((error as BadHTTPResponse).status).toBe(status);
    expect((error as BadHTTPResponse).body).toBe(body);
  }
});

test("redactText replaces the raw and the URL-encoded secret", () => {
  const token = "123:ABC-def";
  expect(redactText(`POST /bot${token}/getMe and /bot${encodeURIComponent(token)}/x`, token)).toBe(
    `POST /bot${REDACTED}/getMe and /bot${REDACTED}/x`,
  );
});

test("redactError scrubs message, stack, own properties and the whole cause chain, keeping classes", () => {
  const token = "999:SECRET";
  class SocketProblem extends Error {
    code = "UND_ERR_SOCKET";
    url = `https://api.telegram.org/bot${token}/sendMessage`;
    socket = { remoteAddress: "1.2.3.4", path: `/bot${token}` };
  }
  const inner = new SocketProblem(`socket hang up at /bot${token}/sendMessage`);
  const outer = new AggregateError([new Error(`failed ${token}`)], `fetch /bot${token} failed`, {
    cause: inner,
  });
  const clean = redactError(outer, token);
  expect(clean).toBeInstanceOf(AggregateError);
  expect(clean.message).toBe(`fetch /bot${REDACTED} failed`);
  const cause = clean.cause as SocketProblem;
  expect(cause).toBeInstanceOf(SocketProblem);
  expect(cause.code).toBe("UND_ERR_SOCKET");
  expect(cause.socket.remoteAddress).toBe("1.2.3.4");
  const everything = JSON.stringify([
    clean.message,
    clean.stack,
    clean.errors,
    cause,
    cause.stack,
    cause.message,
  ]);
  expect(everything).not.toContain("SECRET");
  // The original is untouched.
  expect(inner.message).toContain(token);
});

test("redactError survives cycles", () => {
  const error = new Error("tok") as Error & { self?: unknown };
  error.self = error;
  const clean = redactError(error, "tok") as Error & { self?: unknown };
  expect(clean.message).toBe(REDACTED);
  expect(clean.self).toBe(clean);
});
