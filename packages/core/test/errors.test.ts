import { describe, expect, test } from "vitest";
import {
  BadFlavor,
  BadHTTPResponse,
  BotWasBlockedError,
  BotWasKickedError,
  ChatNotFoundError,
  IdleTerminate,
  MigratedToSupergroupChatError,
  NetworkError,
  NotEnoughRightsError,
  registerTelegramError,
  StopListening,
  TelegramError,
  TelepotError,
  TooManyRequestsError,
  telegramErrorFrom,
  UnauthorizedError,
  WaitTooLong,
} from "../src/index.js";

describe("telegramErrorFrom", () => {
  const cases: [string, number, object | undefined, typeof TelegramError][] = [
    ["Unauthorized", 401, undefined, UnauthorizedError],
    ["Forbidden: bot was kicked from the group chat", 403, undefined, BotWasKickedError],
    ["Forbidden: bot was blocked by the user", 403, undefined, BotWasBlockedError],
    ["Too Many Requests: retry after 5", 429, { retry_after: 5 }, TooManyRequestsError],
    [
      "Bad Request: group chat was upgraded to a supergroup chat",
      400,
      { migrate_to_chat_id: -100123 },
      MigratedToSupergroupChatError,
    ],
    [
      "Bad Request: not enough rights to send text messages to the chat",
      400,
      undefined,
      NotEnoughRightsError,
    ],
    ["Bad Request: chat not found", 400, undefined, ChatNotFoundError],
    ["Bad Request: message text is empty", 400, undefined, TelegramError],
  ];
  test.each(cases)("%s -> its class", (description, errorCode, parameters, cls) => {
    const error = telegramErrorFrom({ method: "sendMessage", description, errorCode, parameters });
    expect(error.constructor).toBe(cls);
    expect(error).toBeInstanceOf(TelegramError);
    expect(error).toBeInstanceOf(TelepotError);
    expect(error.name).toBe(cls.name);
    expect(error.errorCode).toBe(errorCode);
    expect(error.description).toBe(description);
    expect(error.method).toBe("sendMessage");
    expect(error.message).toBe(`sendMessage: ${description} (${errorCode})`);
  });

  test("the code and parameters decide even when the description is reworded", () => {
    expect(telegramErrorFrom({ method: "getMe", description: "Nope", errorCode: 401 })).toBeInstanceOf(
      UnauthorizedError,
    );
    const flood = telegramErrorFrom({
      method: "m",
      description: "Slow down",
      errorCode: 429,
      parameters: { retry_after: 7 },
    });
    expect(flood).toBeInstanceOf(TooManyRequestsError);
    expect((flood as TooManyRequestsError).retryAfter).toBe(7);
    const migrated = telegramErrorFrom({
      method: "m",
      description: "moved",
      errorCode: 400,
      parameters: { migrate_to_chat_id: -1001 },
    });
    expect(migrated).toBeInstanceOf(MigratedToSupergroupChatError);
    expect((migrated as MigratedToSupergroupChatError).migrateToChatId).toBe(-1001);
  });

  test("description patterns are case-insensitive and tried in order", () => {
    expect(telegramErrorFrom({ method: "m", description: "BOT WAS KICKED", errorCode: 403 })).toBeInstanceOf(
      BotWasKickedError,
    );
    // "kicked" comes before "blocked" in the table, as in telepot.
    expect(
      telegramErrorFrom({ method: "m", description: "bot was kicked and blocked", errorCode: 403 }),
    ).toBeInstanceOf(BotWasKickedError);
  });

  test("a registered subclass is chosen by its pattern", () => {
    class MessageNotModified extends TelegramError {
      static override readonly descriptionPatterns = [/message is not modified/i];
    }
    registerTelegramError(MessageNotModified);
    const error = telegramErrorFrom({
      method: "editMessageText",
      description: "Bad Request: message is not modified",
      errorCode: 400,
    });
    expect(error).toBeInstanceOf(MessageNotModified);
    expect(error.name).toBe("MessageNotModified");
  });

  test("parameters default to an empty object", () => {
    expect(telegramErrorFrom({ method: "m", description: "x", errorCode: 400 }).parameters).toEqual({});
  });
});

test("BadHTTPResponse keeps the status and a short excerpt of the body", () => {
  const body = `<html>${"x".repeat(1000)}</html>`;
  const error = new BadHTTPResponse("getMe", 502, body);
  expect(error.status).toBe(502);
  expect(error.method).toBe("getMe");
  expect(error.body.length).toBeLessThanOrEqual(201);
  expect(error.body.startsWith("<html>xxx")).toBe(true);
  expect(error.message).toContain("getMe: HTTP 502");
});

test("NetworkError names the method and says whether the request may have reached the server", () => {
  const cause = new Error("connect ECONNREFUSED");
  const error = new NetworkError("sendMessage", "connect", false, "could not connect", { cause });
  expect(error.message).toBe("sendMessage: could not connect");
  expect(error.mayHaveReachedServer).toBe(false);
  expect(error.kind).toBe("connect");
  expect(error.cause).toBe(cause);
  expect(error).toBeInstanceOf(TelepotError);
});

test("conversation errors", () => {
  const idle = new IdleTerminate(10);
  expect(idle).toBeInstanceOf(WaitTooLong);
  expect(idle.seconds).toBe(10);
  expect(idle.name).toBe("IdleTerminate");
  const stop = new StopListening(3, "done");
  expect([stop.code, stop.reason, stop.message]).toEqual([3, "done", "done"]);
  const bad = new BadFlavor({ x: 1 });
  expect(bad.offender).toEqual({ x: 1 });
});
