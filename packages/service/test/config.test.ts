// Reading the service settings from the environment.
import { describe, expect, it } from "vitest";
import { ConfigError, envInteger, envSeconds, readServiceConfig } from "../src/index.js";

const TOKEN = "123456:ABCdef_ghi-JKL";

describe("readServiceConfig", () => {
  it("defaults to polling with Telegram's API root", () => {
    expect(readServiceConfig({ TELEGRAM_BOT_TOKEN: TOKEN })).toEqual({
      token: TOKEN,
      apiRoot: undefined,
      mode: { kind: "polling", timeout: 20 },
      port: undefined,
      host: "0.0.0.0",
      stopTimeout: 10_000,
    });
  });

  it("switches to webhook mode when WEBHOOK_URL is set, listening on PORT (8080 by default)", () => {
    const config = readServiceConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081",
      WEBHOOK_URL: "https://bots.example.com/hooks/guess",
      WEBHOOK_SECRET: "abc_DEF-123",
      HOST: "127.0.0.1",
    });
    expect(config.mode).toEqual({
      kind: "webhook",
      url: "https://bots.example.com/hooks/guess",
      path: "/hooks/guess",
      secret: "abc_DEF-123",
    });
    expect(config.port).toBe(8080);
    expect(config.apiRoot).toBe("http://127.0.0.1:8081");
    expect(readServiceConfig({ TELEGRAM_BOT_TOKEN: TOKEN, PORT: "9000" }).port).toBe(9000);
  });

  it("refuses bad settings with a message that names the variable and never shows a secret", () => {
    const cases: [Record<string, string>, string][] = [
      [{}, "TELEGRAM_BOT_TOKEN is not set"],
      [{ TELEGRAM_BOT_TOKEN: "secret-but-malformed" }, "TELEGRAM_BOT_TOKEN does not look like a bot token"],
      [{ TELEGRAM_BOT_TOKEN: TOKEN, WEBHOOK_URL: "not a url" }, "WEBHOOK_URL is not a URL"],
      [{ TELEGRAM_BOT_TOKEN: TOKEN, WEBHOOK_URL: "ftp://x/y" }, "WEBHOOK_URL must be an https:// URL"],
      [
        { TELEGRAM_BOT_TOKEN: TOKEN, WEBHOOK_URL: "https://x/y", WEBHOOK_SECRET: "has space" },
        "WEBHOOK_SECRET must be 1-256 characters",
      ],
      [{ TELEGRAM_BOT_TOKEN: TOKEN, PORT: "http" }, 'PORT must be an integer from 0 to 65535, got "http"'],
      [{ TELEGRAM_BOT_TOKEN: TOKEN, POLL_TIMEOUT_SECONDS: "-1" }, "POLL_TIMEOUT_SECONDS must be a positive"],
      [{ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "nope" }, "TELEGRAM_API_ROOT is not a URL"],
    ];
    for (const [env, message] of cases) {
      let error: unknown;
      try {
        readServiceConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error, message).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).not.toContain("secret-but-malformed");
      expect((error as Error).message).not.toContain("has space");
    }
  });
});

describe("REDIS_URL", () => {
  it("takes a redis:// or rediss:// URL, and names the variable but never shows a bad value", () => {
    expect(readServiceConfig({ TELEGRAM_BOT_TOKEN: TOKEN }).redisUrl).toBeUndefined();
    const url = "redis://:pw@redis.internal:6379/0";
    expect(readServiceConfig({ TELEGRAM_BOT_TOKEN: TOKEN, REDIS_URL: ` ${url} ` }).redisUrl).toBe(url);
    expect(readServiceConfig({ TELEGRAM_BOT_TOKEN: TOKEN, REDIS_URL: "rediss://r:6380" }).redisUrl).toBe(
      "rediss://r:6380",
    );
    for (const bad of ["http://:secretpw@r:6379", "secretpw"]) {
      expect(() => readServiceConfig({ TELEGRAM_BOT_TOKEN: TOKEN, REDIS_URL: bad })).toThrow(
        new ConfigError("REDIS_URL must be a redis:// or rediss:// URL"),
      );
    }
  });
});

describe("app settings", () => {
  it("reads seconds and integers, with clear errors", () => {
    expect(envSeconds({}, "GUESS_TIMEOUT_SECONDS", 10)).toBe(10);
    expect(envSeconds({ GUESS_TIMEOUT_SECONDS: "0.5" }, "GUESS_TIMEOUT_SECONDS", 10)).toBe(0.5);
    expect(() => envSeconds({ T: "0" }, "T", 1)).toThrow('T must be a positive number of seconds, got "0"');
    expect(envInteger({ OWNER: " 42 " }, "OWNER")).toBe(42);
    expect(envInteger({}, "OWNER")).toBeUndefined();
    expect(() => envInteger({ OWNER: "4.2" }, "OWNER")).toThrow('OWNER must be an integer, got "4.2"');
  });
});
