// getUpdates (offset, limit, timeout, allowed_updates, conflicts) and webhooks (delivery with the
// secret token, retry after failure, methods in the reply, 409 for getUpdates meanwhile).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "@telepot/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, start } from "../src/index.js";
import { call, ok } from "./helpers.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await start({ port: 0, webhook: { retryMs: 5, maxRetryMs: 20, timeoutMs: 30_000 } });
});
afterAll(() => emu.close());

/** Resolves once the bot's long poll has reached the emulator and waits there (or fails at the poll deadline). */
async function pollWaiting(botId: number) {
  await expect.poll(() => emu.runtime.world.bots.get(botId)?.updates.polling, { interval: 2 }).toBe(true);
}

function cast() {
  const bot = emu.driver.createBot({ username: `u${Math.random().toString(36).slice(2, 8)}_bot` });
  const user = emu.driver.createUser({ firstName: "Ann" });
  return { bot, user };
}

describe("getUpdates", () => {
  it("hands out updates in order, confirms by offset and honours limit", async () => {
    const { bot, user } = cast();
    for (const text of ["one", "two", "three"]) user.send(bot, text);
    const first = await ok<Update[]>(emu, bot.token, "getUpdates", { limit: 2 });
    expect(first.map((u) => u.message?.text)).toEqual(["one", "two"]);
    expect(first[1]?.update_id).toBe((first[0]?.update_id as number) + 1);
    const again = await ok<Update[]>(emu, bot.token, "getUpdates", {});
    expect(again.map((u) => u.message?.text)).toEqual(["one", "two", "three"]);
    const rest = await ok<Update[]>(emu, bot.token, "getUpdates", {
      offset: (first[1]?.update_id as number) + 1,
    });
    expect(rest.map((u) => u.message?.text)).toEqual(["three"]);
    const none = await ok<Update[]>(emu, bot.token, "getUpdates", {
      offset: (rest[0]?.update_id as number) + 1,
    });
    expect(none).toEqual([]);
  });

  it("keeps only the last updates for a negative offset", async () => {
    const { bot, user } = cast();
    for (const text of ["a", "b", "c"]) user.send(bot, text);
    const last = await ok<Update[]>(emu, bot.token, "getUpdates", { offset: -1 });
    expect(last.map((u) => u.message?.text)).toEqual(["c"]);
  });

  it("gives the message a full Telegram shape with the command entity", async () => {
    const { bot, user } = cast();
    user.command(bot, "start", "ref42");
    const [update] = await ok<Update[]>(emu, bot.token, "getUpdates", {});
    expect(update?.message).toMatchObject({
      message_id: 1,
      from: { id: user.id, is_bot: false, first_name: "Ann" },
      chat: { id: user.id, type: "private", first_name: "Ann" },
      text: "/start ref42",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
    });
    expect(typeof update?.message?.date).toBe("number");
  });

  it("long-polls: an update arriving during the wait ends it at once", async () => {
    const { bot, user } = cast();
    const poll = ok<Update[]>(emu, bot.token, "getUpdates", { timeout: 30 });
    await pollWaiting(bot.id);
    user.send(bot, "wake up");
    const updates = await poll;
    expect(updates.map((u) => u.message?.text)).toEqual(["wake up"]);
  });

  it("ends an older long poll with 409 when a newer one starts", async () => {
    const { bot, user } = cast();
    const older = call(emu, bot.token, "getUpdates", { timeout: 30 });
    await pollWaiting(bot.id);
    const newer = ok<Update[]>(emu, bot.token, "getUpdates", { timeout: 30 });
    expect(await older).toMatchObject({
      status: 409,
      description:
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    });
    user.send(bot, "x");
    expect((await newer).length).toBe(1);
  });

  it("filters by allowed_updates and leaves chat_member out by default", async () => {
    const { bot, user } = cast();
    const group = user.createGroup("Club", { members: [bot], admins: [bot] });
    const other = emu.driver.createUser({ firstName: "Bo" });
    other.join(group);
    const byDefault = await ok<Update[]>(emu, bot.token, "getUpdates", {});
    expect(byDefault.some((u) => u.chat_member)).toBe(false);
    expect(byDefault.some((u) => u.my_chat_member)).toBe(true);
    await ok(emu, bot.token, "getUpdates", { offset: -1, allowed_updates: ["chat_member"] });
    await ok(emu, bot.token, "getUpdates", { offset: (byDefault.at(-1)?.update_id as number) + 1 });
    emu.driver.createUser({ firstName: "Cy" }).join(group);
    user.send(group, "hello all");
    const later = await ok<Update[]>(emu, bot.token, "getUpdates", {});
    expect(later.map((u) => Object.keys(u)[1])).toEqual(["chat_member"]);
  });
});

describe("webhooks", () => {
  let hook: Server;
  let hookUrl: string;
  const received: { headers: IncomingMessage["headers"]; update: Update }[] = [];
  let failNext = 0;
  let reply: unknown;
  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        if (failNext > 0) {
          failNext--;
          res.writeHead(500).end();
          return;
        }
        received.push({ headers: req.headers, update: JSON.parse(body) as Update });
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(reply === undefined ? "" : JSON.stringify(reply));
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", () => r()));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  });
  afterEach(() => {
    received.length = 0;
    reply = undefined;
  });
  afterAll(() => new Promise<void>((r) => hook.close(() => r())));

  const until = async (check: () => boolean) => {
    await expect.poll(check, { interval: 5 }).toBe(true);
  };

  it("delivers updates by POST with the secret token, and refuses getUpdates with 409", async () => {
    const { bot, user } = cast();
    const set = await call(emu, bot.token, "setWebhook", { url: hookUrl, secret_token: "s3cret" });
    expect(set).toMatchObject({ ok: true, result: true, description: "Webhook was set" });
    user.send(bot, "via hook");
    await until(() => received.length === 1);
    expect(received[0]?.headers["x-telegram-bot-api-secret-token"]).toBe("s3cret");
    expect(received[0]?.update.message?.text).toBe("via hook");
    expect(await call(emu, bot.token, "getUpdates")).toMatchObject({
      status: 409,
      description:
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    });
    expect(await ok(emu, bot.token, "getWebhookInfo")).toMatchObject({
      url: hookUrl,
      pending_update_count: 0,
      has_custom_certificate: false,
    });
    expect(await call(emu, bot.token, "deleteWebhook")).toMatchObject({
      result: true,
      description: "Webhook was deleted",
    });
    expect(await ok(emu, bot.token, "getUpdates")).toEqual([]);
  });

  it("retries a failed delivery and reports the error in getWebhookInfo", async () => {
    const { bot, user } = cast();
    failNext = 2;
    await ok(emu, bot.token, "setWebhook", { url: hookUrl });
    user.send(bot, "first");
    user.send(bot, "second");
    await until(() => received.length === 2);
    expect(received.map((r) => r.update.message?.text)).toEqual(["first", "second"]);
    const info = await ok(emu, bot.token, "getWebhookInfo");
    expect(info.last_error_message).toBe("Wrong response from the webhook: 500 Internal Server Error");
    expect(typeof info.last_error_date).toBe("number");
    await ok(emu, bot.token, "deleteWebhook");
  });

  it("reports a refused connection and keeps the update pending", async () => {
    const { bot, user } = cast();
    await ok(emu, bot.token, "setWebhook", { url: "http://127.0.0.1:1/nothing-listens" });
    user.send(bot, "lost?");
    let info: Record<string, unknown> = {};
    await until(() => {
      void ok(emu, bot.token, "getWebhookInfo").then((i) => {
        info = i;
      });
      return info.last_error_message === "Connection refused";
    });
    expect(info.pending_update_count).toBe(1);
    await ok(emu, bot.token, "deleteWebhook");
    const pending = await ok<Update[]>(emu, bot.token, "getUpdates");
    expect(pending.map((u) => u.message?.text)).toEqual(["lost?"]);
  });

  it("runs a method given in the webhook's reply", async () => {
    const { bot, user } = cast();
    await ok(emu, bot.token, "setWebhook", { url: hookUrl });
    reply = { method: "sendMessage", chat_id: user.id, text: "answered in the reply" };
    user.send(bot, "hi");
    const message = await user.nextMessage(bot, { timeout: 30_000 });
    expect(message.text).toBe("answered in the reply");
    await ok(emu, bot.token, "deleteWebhook");
  });

  it("refuses a webhook URL that is not http(s) and a bad secret token", async () => {
    const { bot } = cast();
    expect(await call(emu, bot.token, "setWebhook", { url: "ftp://example.org/x" })).toMatchObject({
      status: 400,
      description: "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
    });
    expect(
      await call(emu, bot.token, "setWebhook", { url: hookUrl, secret_token: "no spaces!" }),
    ).toMatchObject({
      status: 400,
      description: "Bad Request: secret token contains unallowed characters",
    });
  });
});
