// The web chat in a real browser (Debian's chromium driven by playwright-core): talk to the grammY
// echo bot, press an inline button, run an inline query, and save a screenshot as an artifact.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Update } from "@telepot/core";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, start, type UserHandle } from "../src/index.js";
import { ARTIFACTS, type Chromium, launchChromium } from "./chromium.js";
import { echoBot, runPolling } from "./echo-bot.js";
import { ok, PNG, SOLD_OUT_KEYBOARD } from "./helpers.js";

let emu: Emulator;
let chromium: Chromium;
let browser: BrowserContext;
let stopBot: () => Promise<void>;
let alice: UserHandle;

beforeAll(async () => {
  emu = await start({ port: 0 });
  const handle = emu.driver.createBot({ username: "echo_bot", firstName: "Echo" });
  alice = emu.driver.createUser({ firstName: "Alice" });
  const bob = emu.driver.createUser({ firstName: "Bob" });
  alice.createGroup("Book club", { members: [bob, handle] });
  stopBot = await runPolling(echoBot(handle.token, emu.apiRoot));
  chromium = await launchChromium({ width: 390, height: 780 });
  browser = chromium.browser;
});

afterAll(async () => {
  await chromium?.close();
  await stopBot?.();
  await emu?.close();
});

/** The text of the last message bubble in the open chat. */
const lastBubble = (page: Page) => page.locator("#messages .msg").last();

describe("the web chat", () => {
  it("chats with an echo bot: text, an inline button and an inline query", async () => {
    const page = await browser.newPage();
    page.on("dialog", (d) => void d.dismiss());
    await page.goto(emu.webUrl);
    await page.waitForSelector("body[data-ready='1']");
    await page.locator(".chat-item", { hasText: "Echo" }).click();
    await expect.poll(() => page.locator("#chat-title").textContent()).toBe("Echo");

    await page.fill("#input", "hello from the browser");
    await page.press("#input", "Enter");
    await lastBubble(page).getByText("you said: hello from the browser").waitFor();

    await page.fill("#input", "/start");
    await page.press("#input", "Enter");
    await lastBubble(page).getByText("Hi Alice! payload=").waitFor();
    await lastBubble(page).getByRole("button", { name: "Ping" }).click();
    await page.locator("#toast.show", { hasText: "pong" }).waitFor();
    await page.locator("#messages").getByText("pinged").waitFor();

    await page.fill("#input", "@echo_bot cheese");
    await page.locator("#results .result", { hasText: "Echo" }).click();
    await page.locator("#messages").getByText("echo: cheese").first().waitFor();
    await page.locator("#messages").getByText("you said: echo: cheese").waitFor();
    expect(await page.locator("#messages .msg.mine").count()).toBe(3);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "emulator-web-chat.png") });
    await page.close();
  });

  it("lets a person speak as several users in a group, with a photo from the bot", async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 900, height: 640 });
    await page.goto(emu.webUrl);
    await page.waitForSelector("body[data-ready='1']");
    await page.locator(".chat-item", { hasText: "Book club" }).click();
    await page.locator("#messages .service", { hasText: "Alice added Bob" }).waitFor();
    await page.selectOption("#speak-as", { label: "Bob" });
    await expect.poll(() => page.locator("#user").inputValue()).not.toBe("");
    await page.fill("#input", "Bob here");
    await page.press("#input", "Enter");
    await page.locator("#messages .msg.mine", { hasText: "Bob here" }).waitFor();
    const reply = page.locator("#messages .msg.theirs", { hasText: "you said: Bob here" });
    await reply.waitFor();
    expect(await reply.locator(".sender").textContent()).toBe("Echo");
    await page.setInputFiles("#file", { name: "dot.png", mimeType: "image/png", buffer: Buffer.from(PNG) });
    await page
      .locator("#messages .msg.theirs", { hasText: `got ${PNG.length} bytes` })
      .locator("img.photo")
      .waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "emulator-web-chat-group.png") });
    await page.close();
  });

  it("shows a disabled button that sends nothing, and a draft's stop button that reaches the bot", async () => {
    const bot = emu.driver.createBot({ username: "draft_bot", firstName: "Drafter" });
    alice.start(bot);
    await ok(emu, bot.token, "sendMessage", {
      chat_id: alice.id,
      text: "Tickets",
      reply_markup: SOLD_OUT_KEYBOARD,
    });
    await ok(emu, bot.token, "sendMessageDraft", {
      chat_id: alice.id,
      draft_id: 5,
      text: "Writing a long answer",
      can_stop: true,
    });
    const updates = () => ok<Update[]>(emu, bot.token, "getUpdates", {});
    const before = (await updates()).length;

    const page = await browser.newPage();
    await page.goto(emu.webUrl);
    await page.waitForSelector("body[data-ready='1']");
    // the page remembers the last user (Bob, after the test above): be Alice again
    await page.selectOption("#user", { label: "Alice" });
    await page.locator(".chat-item", { hasText: "Drafter" }).click();
    const soldOut = page
      .locator("#messages .msg", { hasText: "Tickets" })
      .getByRole("button", { name: "Sold out" });
    await soldOut.waitFor();
    expect(await soldOut.isDisabled()).toBe(true);
    await soldOut.click({ force: true });
    const draft = page.locator("#messages .draft", { hasText: "Writing a long answer" });
    await draft.getByRole("button", { name: "Stop" }).click();
    await draft.waitFor({ state: "detached" });
    const after = await updates();
    // the stop reached the bot; the disabled button sent nothing
    expect(after.slice(before).map((u) => Object.keys(u).filter((k) => k !== "update_id"))).toEqual([
      ["stopped_message_generation"],
    ]);
    expect(after.at(-1)?.stopped_message_generation).toMatchObject({ chat: { id: alice.id }, draft_id: 5 });
    await page.close();
  });
});
