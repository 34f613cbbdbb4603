// The seed's REPL session, typed into a real `node -i` (through the CJS build, with require):
// each call prints its result at the prompt, and notifyOnMessage handles updates between commands.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeApi, startFakeApi, TOKEN, text } from "./helpers/fake-api.js";

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(async () => {
  await api.close();
});

/** A node REPL whose output is collected; `type` sends a line and waits for `expected` to appear. */
function startRepl(): {
  type(line: string, expected: string): Promise<string>;
  child: ChildProcessWithoutNullStreams;
} {
  const child = spawn(process.execPath, ["-i"], {
    // The package's own folder: require('@telepot/blocking') resolves to this package by its name.
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { ...process.env, TOKEN, API_ROOT: api.apiRoot, NODE_NO_WARNINGS: "1", NODE_DISABLE_COLORS: "1" },
  });
  let output = "";
  let seen = 0;
  let waiter: (() => void) | undefined;
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    waiter?.();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += `[stderr] ${chunk.toString()}`;
    waiter?.();
  });
  return {
    child,
    type(line, expected) {
      child.stdin.write(`${line}\n`);
      return new Promise((resolve) => {
        const check = () => {
          const at = output.indexOf(expected, seen);
          if (at < 0) return;
          const printed = output.slice(seen, at + expected.length);
          seen = at + expected.length;
          waiter = undefined;
          resolve(printed);
        };
        waiter = check;
        check();
      });
    },
  };
}

describe("the REPL session", () => {
  it("prints each call's result at the prompt and handles updates between commands", async () => {
    const repl = startRepl();
    await repl.type("const { Bot } = require('@telepot/blocking')", "undefined");
    await repl.type("const bot = new Bot(process.env.TOKEN, { apiRoot: process.env.API_ROOT })", "undefined");
    expect(await repl.type("bot.getMe()", "}")).toContain(
      "{\n  id: 123456789,\n  is_bot: true,\n  first_name: 'Your Bot',\n  username: 'YourBot'\n}",
    );
    const sent = await repl.type("bot.sendMessage(999999999, 'Good morning!')", "text: 'Good morning!'\n}");
    expect(sent).toContain("message_id: 4015,");
    expect(sent).toContain("chat: { id: 999999999, type: 'private', first_name: 'Nick' },");
    expect(await repl.type("bot", "}")).toContain(`Bot { apiRoot: "${api.apiRoot}" }`);
    const error = await repl.type("bot.sendMessage(404, 'x')", "\n");
    expect(error).not.toContain(TOKEN);
    await repl.type("", "ChatNotFoundError");
    // A handler that itself makes a blocking call; it runs when the prompt is idle.
    await repl.type(
      "const loop = bot.notifyOnMessage((msg) => console.log('got', msg.text, 'replied', bot.sendMessage(msg.chat.id, 'Hi!').message_id), { timeout: 1 })",
      "undefined",
    );
    await api.push([text(42, "hello from Nick")]);
    expect(await repl.type("", "replied")).toContain("got hello from Nick replied");
    expect(await repl.type("loop", "}")).toContain("MessageLoop { running: true }");
    await repl.type("loop.stop()", "undefined");
    expect(await repl.type("loop.running", "false")).toContain("false");
    repl.child.stdin.end();
    const code = await new Promise((resolve) => repl.child.on("exit", resolve));
    expect(code).toBe(0);
    expect(await api.sent()).toContainEqual([42, "Hi!"]);
  });
});
