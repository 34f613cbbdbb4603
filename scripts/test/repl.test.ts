// `./dev repl` as a person sees it: run in a real pseudo-terminal (util-linux `script`), it prints
// the banner, answers the first calls it suggests at the prompt, resolves the four packages, and
// leaving it stops the emulator it started.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { root } from "../readme.ts";

/** What the terminal showed, without colour and cursor codes. */
function screen(raw: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are the point.
  return raw.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
}

let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null) child.kill("SIGKILL");
});

describe("./dev repl", () => {
  it("opens a prompt with a bot, a user who wrote to it and the web chat; .exit stops the emulator", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: "dumb", NODE_NO_WARNINGS: "1" };
    delete env.TELEGRAM_BOT_TOKEN;
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, "scripts/repl.ts"))}`;
    const repl = spawn("script", ["-qfec", command, "/dev/null"], { cwd: root, env });
    child = repl;
    let raw = "";
    repl.stdout.on("data", (chunk: Buffer) => {
      raw += chunk.toString("utf8");
    });
    const exited = new Promise<number | null>((resolve) => repl.on("exit", (code) => resolve(code)));
    const shows = async (text: string | RegExp) => {
      await expect.poll(() => screen(raw)).toMatch(text);
    };
    const type = async (line: string, answer: string | RegExp) => {
      const before = raw.length;
      repl.stdin.write(`${line}\n`);
      await expect.poll(() => screen(raw.slice(before))).toMatch(answer);
    };

    await shows(/^> /m);
    const banner = screen(raw);
    expect(banner).toContain("@repl_bot, a blocking Bot");
    const chatId = /chatId {4}(\d+): Alice, who has already written to the bot/.exec(banner)?.[1];
    const webUrl = /web chat {2}(http:\/\/127\.0\.0\.1:\d+\/)/.exec(banner)?.[1];
    expect(chatId).toBeDefined();
    expect(webUrl).toBeDefined();
    expect(banner).toContain(
      "  bot.getMe()\n  bot.getUpdates()\n  bot.sendMessage(chatId, 'Good morning!')\n",
    );
    expect((await fetch(webUrl as string)).status).toBe(200);

    await type("bot.getMe()", /username: 'repl_bot'/);
    await type("bot.getUpdates()", /text: 'Hello, bot!'/);
    await type("bot.sendMessage(chatId, 'Good morning!').text", /'Good morning!'/);
    await type(
      "['blocking', 'async', 'core', 'namedtuple'].map((p) => typeof require('@telepot/' + p)).join()",
      /'object,object,object,object'/,
    );
    repl.stdin.write(".exit\n");
    expect(await exited).toBe(0);
    // The emulator went with the prompt.
    await expect(fetch(webUrl as string)).rejects.toThrow();
  });
});
