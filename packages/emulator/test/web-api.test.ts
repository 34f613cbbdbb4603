// The web chat's JSON API and event stream (the browser test covers the page itself).
import type { Message } from "@telepot/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, start } from "../src/index.js";
import { ok } from "./helpers.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await start({ port: 0 });
});
afterAll(() => emu.close());

const get = async (path: string) =>
  (await fetch(`${emu.webUrl}emulator/${path}`)).json() as Promise<Record<string, unknown>>;
const post = async (path: string, body: Record<string, unknown>) => {
  const res = await fetch(`${emu.webUrl}emulator/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe("the web chat API", () => {
  it("serves the page", async () => {
    const res = await fetch(emu.webUrl);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("<title>Telepot emulator</title>");
  });

  it("shows a reply keyboard until a one-time keyboard is used", async () => {
    const bot = emu.driver.createBot({ username: "keys_bot" });
    const user = (await post("users", { first_name: "Web" })).body;
    const { key } = (await post("open", { user: user.id, bot: bot.id })).body as { key: string };
    await post("send", { user: user.id, chat: key, text: "hi" });
    const keyboard = { keyboard: [[{ text: "Red" }, { text: "Blue" }]], one_time_keyboard: true };
    await ok(emu, bot.token, "sendMessage", { chat_id: user.id, text: "Pick", reply_markup: keyboard });
    const view = await get(`chat?user=${user.id}&key=${key}`);
    expect(view.keyboard).toEqual(keyboard);
    expect((view.messages as Message[]).map((m) => m.text)).toEqual(["hi", "Pick"]);
    await post("send", { user: user.id, chat: key, text: "Red" });
    expect((await get(`chat?user=${user.id}&key=${key}`)).keyboard).toBeNull();
  });

  it("reports a failed action with its reason", async () => {
    const answer = await post("send", { user: 1, chat: "nowhere", text: "x" });
    expect(answer).toEqual({ status: 400, body: { error: 'no chat "nowhere"' } });
  });

  it("streams a change event when a bot writes", async () => {
    const bot = emu.driver.createBot({ username: "stream_bot" });
    const user = emu.driver.createUser({ firstName: "S" });
    user.start(bot);
    const abort = new AbortController();
    const res = await fetch(`${emu.webUrl}emulator/events`, { signal: abort.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await ok(emu, bot.token, "sendMessage", { chat_id: user.id, text: "live" });
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe(`event: chat\ndata: {"key":"p${bot.id}_${user.id}"}\n\n`);
    abort.abort();
  });
});
