// JSON-lines logs with the secrets masked wherever they appear.
import { expect, it } from "vitest";
import { createLogger, REDACTED } from "../src/index.js";

const TOKEN = "123456:ABCdef_ghi-JKL";

function capture(level?: "debug" | "info" | "warn" | "error") {
  const lines: string[] = [];
  const logger = createLogger({
    app: "test",
    secrets: [TOKEN, "hook-secret", undefined],
    ...(level ? { level } : {}),
    write: (line) => lines.push(line),
    now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
  });
  return { logger, lines };
}

it("writes one JSON object per line with time, level, app, msg and fields", () => {
  const { logger, lines } = capture();
  logger.child({ chat: 5 }).info("replied", { message: 9 });
  expect(lines.map((l) => JSON.parse(l))).toEqual([
    { time: "2026-01-02T03:04:05.000Z", level: "info", app: "test", msg: "replied", chat: 5, message: 9 },
  ]);
});

it("masks the secrets in messages, fields and errors", () => {
  const { logger, lines } = capture();
  const error = new Error(`request to https://api.telegram.org/bot${TOKEN}/getMe failed`);
  logger.error(`token ${TOKEN}`, { error, url: `x?secret=hook-secret`, nested: { deep: [TOKEN] } });
  expect(lines).toHaveLength(1);
  const line = lines[0] as string;
  expect(line).not.toContain(TOKEN);
  expect(line).not.toContain("ABCdef_ghi-JKL");
  expect(line).not.toContain("hook-secret");
  const parsed = JSON.parse(line);
  expect(parsed.msg).toBe(`token ${REDACTED}`);
  expect(parsed.error.message).toBe(`request to https://api.telegram.org/bot${REDACTED}/getMe failed`);
  expect(parsed.error.name).toBe("Error");
  expect(parsed.nested.deep).toEqual([REDACTED]);
});

it("drops lines below the level and survives fields that cannot be serialized", () => {
  const { logger, lines } = capture("warn");
  logger.info("hidden");
  logger.debug("hidden");
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  logger.warn("kept", { cyclic });
  expect(lines.map((l) => JSON.parse(l).msg)).toEqual(["kept"]);
  expect(JSON.parse(lines[0] as string).logError).toContain("circular");
});
