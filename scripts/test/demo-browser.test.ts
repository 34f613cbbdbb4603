// The demo in a real browser (Debian's chromium through playwright-core): open the web chat,
// play a game of guess against the guess app (a child process of the demo) up to "Correct!",
// press emodi's emoji buttons at desktop and phone size, and save screenshots to artifacts/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ARTIFACTS, type Chromium, launchChromium } from "../../packages/emulator/test/chromium.ts";
import { APPS, type Demo, startDemo } from "../demo.ts";

let demo: Demo;
let chromium: Chromium;
let browser: BrowserContext;

beforeAll(async () => {
  demo = await startDemo({ port: 0, print: null });
  chromium = await launchChromium({ width: 420, height: 860 });
  browser = chromium.browser;
});

afterAll(async () => {
  await chromium?.close();
  if (demo) {
    const exits = await demo.stop();
    for (const app of APPS) expect(exits[app].code, app).toBe(0);
  }
});

/** Sends `text` in the open chat and returns the text of the bot's next reply. */
async function exchange(page: Page, text: string): Promise<string> {
  const replies = page.locator("#messages .msg.theirs .text");
  const before = await replies.count();
  await page.fill("#input", text);
  await page.press("#input", "Enter");
  await expect.poll(() => replies.count()).toBeGreaterThan(before);
  return (await replies.nth(before).textContent()) ?? "";
}

it("plays a game of guess in the web chat up to Correct!", async () => {
  const page = await browser.newPage();
  await page.goto(demo.webUrl);
  await page.waitForSelector("body[data-ready='1']");
  await page.locator(".chat-item", { hasText: "Guess a number" }).click();
  await expect.poll(() => page.locator("#chat-title").textContent()).toBe("Guess a number");

  expect(await exchange(page, "hello")).toBe("Guess my number");
  expect(await exchange(page, "seven")).toBe("Give me a number, please.");
  let lo = 0;
  let hi = 99;
  let reply = "";
  for (let tries = 0; tries < 8 && reply !== "Correct!"; tries++) {
    const guess = Math.floor((lo + hi) / 2);
    reply = await exchange(page, String(guess));
    if (reply === "larger") lo = guess + 1;
    else if (reply === "smaller") hi = guess - 1;
    else expect(reply).toBe("Correct!");
  }
  expect(reply).toBe("Correct!");
  await page.locator("#messages .msg.theirs .text", { hasText: "Correct!" }).waitFor();

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "demo-guess.png") });
  await page.close();
  // The game was played by the guess app: its log shows it.
  expect(demo.apps.guess.lines.map((l) => l.msg)).toEqual(
    expect.arrayContaining(["game started", "game won"]),
  );
});

/** Opens the chat with the bot whose name is `name` (back to the chat list first, on a narrow screen). */
async function openChat(page: Page, name: string): Promise<void> {
  if (await page.locator("#back").isVisible()) await page.locator("#back").click();
  await page.locator(".chat-item", { hasText: name }).first().click();
  await expect.poll(() => page.locator("#chat-title").textContent()).toBe(name);
}

it("chats with the other three bots too: emodi, chatbox (also as its owner) and tracker's inline mode", async () => {
  const page = await browser.newPage();
  await page.goto(demo.webUrl);
  await page.waitForSelector("body[data-ready='1']");

  await openChat(page, "Emodi");
  expect(await exchange(page, "😄")).toBe("\\U0001f604\n\n😄 grinning face with smiling eyes");

  await openChat(page, "Chatbox");
  expect(await exchange(page, "Hi, owner!")).toBe("Hello!");

  // The tracker answers inline queries typed in any chat; picking the result sends it.
  await page.fill("#input", "@tracker_bot morning");
  await page.locator("#results .result", { hasText: "ABC" }).click();
  await page.locator("#messages .msg.mine", { hasText: "Good morning" }).waitFor();
  await demo.apps.tracker.waitForLog((l) => l.msg === "counts" && l.flavor === "chosen_inline_result");

  // Switch to the owner; the choice is remembered, and a reload shows the owner's chats only.
  const { owner } = demo.users;
  await page.selectOption("#user", { label: "Owner" });
  await expect.poll(() => page.evaluate(() => localStorage.getItem("emu.user"))).toBe(String(owner.id));
  await page.reload();
  await page.waitForSelector("body[data-ready='1']");
  await page.locator(`.chat-item[data-key="p${demo.bots.chatbox.id}_${owner.id}"]`).click();
  await expect.poll(() => page.locator("#chat-title").textContent()).toBe("Chatbox");
  expect(await exchange(page, "/next")).toBe(`From ID: ${demo.users.alice.id}`);
  await page.locator("#messages .msg.theirs .text", { hasText: "Hi, owner!" }).waitFor();
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "demo-chatbox-owner.png") });
  await page.close();
});

/** The web chat's sizes: a desktop window, and a phone. */
const SIZES = [
  ["desktop", { width: 1280, height: 800 }],
  ["phone", { width: 390, height: 844 }],
] as const;

it.each(SIZES)(
  "shows emodi's emoji names and inline keyboard at %s size; a press answers",
  async (size, viewport) => {
    const page = await browser.newPage();
    await page.setViewportSize(viewport);
    await page.goto(demo.webUrl);
    await page.waitForSelector("body[data-ready='1']");
    await openChat(page, "Emodi");

    // A skin tone and a flag are named as wholes, each with its button.
    expect(await exchange(page, "👍🏽🇺🇦")).toBe(
      "\\U0001f44d\\U0001f3fd\\U0001f1fa\\U0001f1e6\n\n👍🏽 thumbs up: medium skin tone\n🇺🇦 flag: Ukraine",
    );
    const keys = page.locator("#messages .msg.theirs").last().locator(".inline-keys .key");
    expect(await keys.allTextContents()).toEqual(["👍🏽", "🇺🇦"]);
    await keys.nth(0).click();
    await page.locator("#toast.show", { hasText: "U+1F44D U+1F3FD: thumbs up: medium skin tone" }).waitFor();
    // The screenshot shows the answer once its fade-in is over.
    await page.waitForFunction(
      () => getComputedStyle(document.getElementById("toast") as Element).opacity === "1",
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `demo-emodi-${size}.png`) });
    await keys.nth(1).click();
    await page.locator("#toast.show", { hasText: "U+1F1FA U+1F1E6: flag: Ukraine" }).waitFor();
    await demo.apps.emodi.waitForLog((l) => l.msg === "answered a press");
    await page.close();
  },
  60_000,
);
