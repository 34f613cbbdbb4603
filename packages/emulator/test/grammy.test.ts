// Interoperability: a bot written with grammY (a library we did not write) runs unchanged against
// the emulator, by long polling and by webhook.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { webhookCallback } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, start } from "../src/index.js";
import { echoBot, runPolling } from "./echo-bot.js";
import { PNG } from "./helpers.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await start({ port: 0 });
});
afterAll(() => emu.close());

/** The same conversation, whatever way the bot receives updates. */
async function converse(username: string) {
  const handle = emu.runtime.world.botByUsername(username);
  if (!handle) throw new Error("no bot");
  const botHandle = { kind: "bot" as const, id: handle.id, token: handle.token, username, user: handle.user };
  const ann = emu.driver.createUser({ firstName: "Ann" });
  ann.start(botHandle, "xyz");
  const hello = await ann.nextMessage(botHandle);
  expect(hello.text).toBe("Hi Ann! payload=xyz");
  expect(await ann.press(hello, "ping")).toEqual({ text: "pong" });
  expect((await ann.nextEdit(botHandle)).text).toBe("pinged");
  const mine = ann.send(botHandle, "hello there");
  const echo = await ann.nextMessage(botHandle);
  expect(echo).toMatchObject({
    text: "you said: hello there",
    reply_to_message: { message_id: mine.message_id },
  });
  const answer = await ann.inlineQuery(botHandle, "abc");
  expect(answer.choose("1")).toMatchObject({ text: "echo: abc", via_bot: { username } });
  expect((await ann.nextMessage(botHandle)).text).toBe("you said: echo: abc");
  ann.sendPhoto(botHandle, { data: PNG, filename: "p.png", contentType: "image/png" });
  const photo = await ann.nextMessage(botHandle);
  expect(photo.caption).toBe(`got ${PNG.length} bytes`);
  expect(photo.photo?.[0]).toMatchObject({ width: 1, height: 1 });
}

describe("grammY against the emulator", () => {
  it("works by long polling", async () => {
    const handle = emu.driver.createBot({ username: "grammy_poll_bot" });
    const bot = echoBot(handle.token, emu.apiRoot);
    const errors: unknown[] = [];
    bot.catch((e) => errors.push(e));
    const stop = await runPolling(bot);
    try {
      await converse("grammy_poll_bot");
      expect(bot.botInfo.username).toBe("grammy_poll_bot");
    } finally {
      await stop();
    }
    expect(errors).toEqual([]);
  });

  it("works by webhook, with the secret token checked by grammY", async () => {
    const handle = emu.driver.createBot({ username: "grammy_hook_bot" });
    const bot = echoBot(handle.token, emu.apiRoot);
    await bot.init();
    const server: Server = createServer(webhookCallback(bot, "http", { secretToken: "hook-secret" }));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      await bot.api.setWebhook(url, { secret_token: "hook-secret" });
      expect((await bot.api.getWebhookInfo()).url).toBe(url);
      await converse("grammy_hook_bot");
      // The last update stays pending until grammY's handler has finished and answered the POST.
      await expect.poll(async () => (await bot.api.getWebhookInfo()).pending_update_count).toBe(0);
      const info = await bot.api.getWebhookInfo();
      expect(info.last_error_message).toBeUndefined();
    } finally {
      await bot.api.deleteWebhook();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
