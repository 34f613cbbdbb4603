import { describe, expect, test } from "vitest";
import { BadHTTPResponse, NetworkError, TelegramError, telegramErrorFrom } from "../src/index.js";
import { DEFAULT_RETRY, isSafeToRepeat, resolveRetryOptions, retryDecision } from "../src/internal.js";

const fresh = { faults: 0, floodWaited: 0 };
const flood = (seconds: number) =>
  telegramErrorFrom({
    method: "sendMessage",
    description: "Too Many Requests",
    errorCode: 429,
    parameters: { retry_after: seconds },
  });
const refused = new NetworkError("sendMessage", "connect", false, "refused");
const timedOut = new NetworkError("sendMessage", "timeout", true, "timeout");

describe("isSafeToRepeat", () => {
  test.each([
    "getMe",
    "getUpdates",
    "setWebhook",
    "deleteMessage",
    "editMessageText",
    "answerCallbackQuery",
    "banChatMember",
    "pinChatMessage",
    "sendChatAction",
    "closeForumTopic",
    "stopPoll",
  ])("%s is safe", (method) => expect(isSafeToRepeat(method)).toBe(true));
  test.each([
    "sendMessage",
    "sendMediaGroup",
    "forwardMessage",
    "copyMessages",
    "createChatInviteLink",
    "sendInvoice",
    "transferGift",
    "uploadStickerFile",
    "postStory",
    "close",
    "logOut",
    "settle",
    "getaway",
  ])("%s is not", (method) => expect(isSafeToRepeat(method)).toBe(false));
});

describe("retryDecision", () => {
  const options = resolveRetryOptions({});
  const send = { method: "sendMessage", replayable: true };
  const get = { method: "getChat", replayable: true };

  test("a 429 waits retry_after for any method, within the total flood budget", () => {
    expect(retryDecision(flood(3), send, fresh, options)).toEqual({ delay: 3000, reason: "flood" });
    expect(retryDecision(flood(3), send, { faults: 0, floodWaited: 57_000 }, options)).toEqual({
      delay: 3000,
      reason: "flood",
    });
    expect(retryDecision(flood(3), send, { faults: 0, floodWaited: 57_001 }, options)).toBeUndefined();
    expect(retryDecision(flood(61), send, fresh, options)).toBeUndefined();
  });

  test("a connect failure is repeated for any method, with doubling backoff, up to maxRetries", () => {
    expect(retryDecision(refused, send, fresh, options)).toEqual({ delay: 500, reason: "fault" });
    expect(retryDecision(refused, send, { faults: 2, floodWaited: 0 }, options)).toEqual({
      delay: 2000,
      reason: "fault",
    });
    expect(retryDecision(refused, send, { faults: 3, floodWaited: 0 }, options)).toBeUndefined();
    const capped = resolveRetryOptions({ maxRetries: 50 });
    expect(retryDecision(refused, send, { faults: 20, floodWaited: 0 }, capped)?.delay).toBe(10_000);
  });

  test("a fault that may have reached Telegram is repeated only for safe methods, unless opted in", () => {
    const serverError = telegramErrorFrom({
      method: "m",
      description: "Internal Server Error",
      errorCode: 500,
    });
    const gateway = new BadHTTPResponse("m", 502, "<html>");
    for (const error of [timedOut, serverError, gateway]) {
      expect(retryDecision(error, send, fresh, options)).toBeUndefined();
      expect(retryDecision(error, get, fresh, options)).toEqual({ delay: 500, reason: "fault" });
      expect(retryDecision(error, send, fresh, resolveRetryOptions({ retryUnsafe: true }))).toEqual({
        delay: 500,
        reason: "fault",
      });
    }
  });

  test("refusals, aborts, bad replies below 500 and other errors are never repeated", () => {
    const refusal = new TelegramError({
      method: "getChat",
      description: "Bad Request: chat not found",
      errorCode: 400,
    });
    const aborted = new NetworkError("getChat", "aborted", true, "aborted");
    for (const error of [
      refusal,
      aborted,
      new BadHTTPResponse("getChat", 404, "nope"),
      new Error("x"),
      "x",
    ]) {
      expect(retryDecision(error, get, fresh, options)).toBeUndefined();
    }
  });

  test("a request whose upload stream was consumed is never repeated", () => {
    expect(
      retryDecision(refused, { method: "sendPhoto", replayable: false }, fresh, options),
    ).toBeUndefined();
    expect(
      retryDecision(flood(1), { method: "sendPhoto", replayable: false }, fresh, options),
    ).toBeUndefined();
  });

  test("retry: false turns everything off; bad numbers are rejected", () => {
    const off = resolveRetryOptions(false);
    expect(retryDecision(flood(1), send, fresh, off)).toBeUndefined();
    expect(retryDecision(refused, send, fresh, off)).toBeUndefined();
    expect(resolveRetryOptions(undefined)).toEqual(DEFAULT_RETRY);
    expect(() => resolveRetryOptions({ maxRetries: -1 })).toThrow(RangeError);
    expect(() => resolveRetryOptions({ backoff: { maxMs: -1 } })).toThrow(/retry\.backoff\.maxMs/);
  });

  test("durations are named in milliseconds; the old names still work, the new ones win", () => {
    const renamed = { maxFloodWaitMs: 5000, backoff: { firstMs: 10, maxMs: 20 } };
    const deprecated = { maxFloodWait: 5000, backoffBase: 10, backoffMax: 20 };
    const expected = { ...DEFAULT_RETRY, maxFloodWait: 5000, backoffBase: 10, backoffMax: 20 };
    expect(resolveRetryOptions(renamed)).toEqual(expected);
    expect(resolveRetryOptions(deprecated)).toEqual(expected);
    expect(resolveRetryOptions({ ...deprecated, maxFloodWaitMs: 1, backoff: { firstMs: 2 } })).toEqual({
      ...expected,
      maxFloodWait: 1,
      backoffBase: 2,
    });
  });
});
