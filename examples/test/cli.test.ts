// Every example runs with one command (node src/<name>.ts, token and API root from the
// environment) and stops cleanly on Ctrl-C; the token never shows in what it prints.
import { readdirSync, readFileSync } from "node:fs";
import { Bot } from "@telepot/async";
import { describe, expect, it } from "vitest";
import { run, SRC, world } from "./helpers.ts";

const EXAMPLES = readdirSync(SRC)
  .filter((name) => name.endsWith(".ts"))
  .map((name) => name.slice(0, -3));

describe("the examples from the command line", () => {
  it("has a package script per example: ./dev --filter @telepot/examples run <name>", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      scripts: Record<string, string>;
    };
    const runnable = Object.entries(pkg.scripts).filter(([, command]) => command.startsWith("node src/"));
    expect(Object.fromEntries(runnable)).toEqual(
      Object.fromEntries(EXAMPLES.map((name) => [name, `node src/${name}.ts`])),
    );
    expect(EXAMPLES).toHaveLength(16);
  });

  it.concurrent.each(EXAMPLES)("%s starts, works against the emulator and stops on SIGINT", async (name) => {
    const { emu, bot, ann } = await world();
    const env = { TELEGRAM_BOT_TOKEN: bot.token, TELEGRAM_API_ROOT: emu.apiRoot, PORT: "0" };
    const example = run(name, env);
    const probe = new Bot(bot.token, { apiRoot: emu.apiRoot });
    try {
      await example.printed("Listening ...");
      const webhook = (await probe.getWebhookInfo()).url;
      if (name.startsWith("webhook-") || name === "deep-linking") {
        expect(webhook).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook$/);
      } else {
        expect(webhook).toBe("");
      }
      if (name === "dicey-clock") {
        ann.command(bot, "roll");
        expect((await ann.nextMessage(bot)).text).toMatch(/^[1-6]$/);
      }
      if (name.includes("skeleton")) {
        ann.send(bot, "hello");
        await example.printed(`Normal Message: text private ${ann.id}`);
        const answer = await ann.inlineQuery(bot, "tea");
        expect(answer.results).toMatchObject([{ id: "abc", title: "ABC" }]);
        await example.printed(`Inline Query: ${answer.queryId} ${ann.id} tea`);
      }
      if (name.includes("counter")) {
        ann.send(bot, "hi");
        expect((await ann.nextMessage(bot)).text).toBe("1");
      }
      example.child.kill("SIGINT");
      const code = await example.exited;
      expect(code, example.output()).toBe(0);
      expect(example.output()).toContain("Stopping ...");
      expect(example.output()).not.toContain(bot.token);
      // A webhook example removes its webhook when it stops.
      expect((await probe.getWebhookInfo()).url).toBe("");
    } finally {
      example.child.kill();
      await probe.dispose();
      await emu.close();
    }
  });

  it("says how to give the token when there is none", async () => {
    const example = run("counter", { TELEGRAM_BOT_TOKEN: "" });
    expect(await example.exited).toBe(2);
    expect(example.output()).toContain("TELEGRAM_BOT_TOKEN=<token>");
  });

  it.concurrent.each(["dicey-clock", "skeleton-blocking", "webhook-hono-skeleton", "deep-linking"])(
    "%s stops with a clear error and exit code 1 when the token is refused",
    async (name) => {
      const { emu, bot } = await world();
      const wrong = `${bot.id}:wrong-secret-part`;
      const example = run(name, { TELEGRAM_BOT_TOKEN: wrong, TELEGRAM_API_ROOT: emu.apiRoot, PORT: "0" });
      try {
        expect(await example.exited).toBe(1);
        expect(example.output()).toMatch(/Unauthorized/);
        expect(example.output()).toMatch(/The bot stopped|Could not start/);
        expect(example.output()).not.toContain("wrong-secret-part");
      } finally {
        example.child.kill();
        await emu.close();
      }
    },
  );
});
