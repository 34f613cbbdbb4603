// The root README's "Durability": the counting bot, restarted on the same inbox file, goes on
// counting where it was, and answers what was sent while it was down.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { durableBot } from "../snippets/durability.ts";
import { type World, world } from "./helpers.ts";

let w: World;
let dir: string;
beforeEach(async () => {
  w = await world();
  dir = mkdtempSync(join(tmpdir(), "durability-doc-"));
});
afterEach(async () => {
  await w.close();
  rmSync(dir, { recursive: true, force: true });
});

it("resumes a chat's count after a restart on the same file", async () => {
  const path = join(dir, "bot.db");
  const run = async (texts: string[], sendWhileDown: string[] = []) => {
    for (const text of sendWhileDown) w.nick.send(w.account, text);
    const { bot, inbox } = durableBot(w.account.token, path, w.emu.apiRoot);
    const loop = bot.messageLoop(undefined, { timeout: 1 });
    const replies: (string | undefined)[] = [];
    for (let i = 0; i < sendWhileDown.length; i++) replies.push((await w.nick.nextMessage(w.account)).text);
    for (const text of texts) {
      w.nick.send(w.account, text);
      replies.push((await w.nick.nextMessage(w.account)).text);
    }
    await loop.stop();
    await bot.closeDelegates();
    inbox.close();
    await bot.dispose();
    return replies;
  };
  expect(await run(["a", "b"])).toEqual(["message 1", "message 2"]);
  expect(await run(["d"], ["c"])).toEqual(["message 3", "message 4"]);
});
