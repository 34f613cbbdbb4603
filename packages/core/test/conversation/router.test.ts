import { describe, expect, it } from "vitest";
import { parseCommand, Router } from "../../src/index.js";
import { callbackQuery, inlineQuery, text } from "./fake-bot.js";

describe("Router", () => {
  const router = () =>
    new Router({ username: "my_bot" })
      .onCommand(["start", "/help"], (_m, c) => `command ${c.name} [${c.args}]`)
      .onText(/^roll (\d+)$/, (_m, match) => `roll ${match[1]}`)
      .onContent("photo", (_m, photo) => `photo of ${photo.length}`)
      .onData(/^vote:(\w+)$/, (_q, match) => `vote ${match[1]}`)
      .onFlavor("inline_query", (q) => `inline ${q.query}`)
      .onFlavor("_alarm", () => "alarm")
      .otherwise(() => "default");

  it("routes by command, regex, content, callback data, flavor and event", () => {
    const r = router();
    expect(r.route(text(1, "/start abc def"))).toBe("command start [abc def]");
    expect(r.route(text(1, "/HELP@my_bot"))).toBe("command help []");
    expect(r.route(text(1, "/help@other_bot"))).toBe("default");
    expect(r.route(text(1, "roll 6"))).toBe("roll 6");
    expect(r.route({ ...text(1, ""), text: undefined, photo: [{}, {}] })).toBe("photo of 2");
    expect(r.route(callbackQuery(1, 2, "vote:yes"))).toBe("vote yes");
    expect(r.route(callbackQuery(1, 2, "other"))).toBe("default");
    expect(r.route(inlineQuery(1, "q"))).toBe("inline q");
    expect(r.route({ _alarm: {} })).toBe("alarm");
    expect(r.route(text(1, "just text"))).toBe("default");
  });

  it("throws without a default route when nothing matches", () => {
    const r = new Router().onCommand("start", () => 1);
    expect(r.matches(text(1, "hi"))).toBe(false);
    expect(() => r.route(text(1, "hi"))).toThrow(/No route/);
  });

  it("returns the handler's promise for async handlers", async () => {
    const r = new Router().on(
      () => true,
      async () => "later",
    );
    await expect(r.route(text(1, "x"))).resolves.toBe("later");
  });

  it("parses commands", () => {
    expect(parseCommand("/start")).toEqual({ name: "start", bot: undefined, args: "" });
    expect(parseCommand("  /Go@Bot  a  b ")).toEqual({ name: "go", bot: "Bot", args: "a  b" });
    expect(parseCommand("no command")).toBeUndefined();
  });
});
