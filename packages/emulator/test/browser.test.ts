// The web chat in a real browser (Debian's chromium driven by playwright-core): talk to the grammY
// echo bot, press an inline button, run an inline query, and save a screenshot as an artifact.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, start } from "../src/index.js";
import { ARTIFACTS, type Chromium, launchChromium } from "./chromium.js";
import { echoBot, runPolling } from "./echo-bot.js";
import { PNG } from "./helpers.js";

let emu: Emulator;
let chromium: Chromium;
let browser: BrowserContext;
let stopBot: () => Promise<void>;

beforeAll(async () => {
  emu = await start({ port: 0 });
  const handle = emu.driver.createBot({ username: "echo_bot", firstName: "Echo" });
  const alice = emu.driver.createUser({ firstName: "Alice" });
  const bob = emu.driver.createUser({ firstName: "Bob" });
  alice.createGroup("Book club", { members: [bob, handle] });
  stopBot = await runPolling(echoBot(handle.token, emu.apiRoot));
  chromium = await launchChromium({ width: 390, height: 780 });
  browser = chromium.browser;
}, 30_000);

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
  }, 30_000);

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
  }, 30_000);
});
