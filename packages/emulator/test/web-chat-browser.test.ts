// The web chat as a new user finds it, in a real browser at desktop and at phone size: no error on
// load (the favicon), a composer that waits for a chat, "1 member", in-page dialogs instead of
// window.prompt, and switching "You are" showing the new user's own chats.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHandle, type Emulator, start, type UserHandle } from "../src/index.js";
import { ARTIFACTS, type Chromium, launchChromium } from "./chromium.js";
import { echoBot, runPolling } from "./echo-bot.js";

const SIZES = [
  ["desktop", { width: 1280, height: 800 }],
  ["phone", { width: 390, height: 844 }],
] as const;

describe.each(SIZES)("the web chat at %s size", (size, viewport) => {
  let emu: Emulator;
  let chromium: Chromium;
  let stopBot: () => Promise<void>;
  let echo: BotHandle;
  let alice: UserHandle;
  let bob: UserHandle;
  /** What went wrong in the page: console errors, failed requests, HTTP errors, window dialogs. */
  let problems: string[];

  beforeAll(async () => {
    emu = await start({ port: 0 });
    echo = emu.driver.createBot({ username: "echo_bot", firstName: "Echo" });
    alice = emu.driver.createUser({ firstName: "Alice" });
    bob = emu.driver.createUser({ firstName: "Bob" });
    emu.driver.createUser({ firstName: "Carol" });
    alice.createGroup("Book club", { members: [bob, echo] });
    alice.createGroup("Notes to self", { members: [] });
    stopBot = await runPolling(echoBot(echo.token, emu.apiRoot));
    chromium = await launchChromium(viewport);
  });

  afterAll(async () => {
    await chromium?.close();
    await stopBot?.();
    await emu?.close();
  });

  /** A fresh page on the web chat, as Alice, watched for problems. */
  async function openPage(): Promise<Page> {
    problems = [];
    const page = await chromium.browser.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => {
      // A reload or close cuts the event stream and any fetch under way: not a fault of the page.
      if (r.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`failed: ${r.url()}`);
    });
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
    });
    page.on("dialog", (d) => {
      problems.push(`window.${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(emu.webUrl);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.waitForSelector("body[data-ready='1']");
    return page;
  }

  const phone = size === "phone";

  /** Opens a chat from the list (going back to the list first on a phone). */
  async function openChat(page: Page, title: string): Promise<void> {
    if (await page.locator("#back").isVisible()) await page.locator("#back").click();
    await page.locator(".chat-item", { hasText: title }).click();
    await expect.poll(() => page.locator("#chat-title").textContent()).toBe(title);
  }

  async function send(page: Page, text: string): Promise<void> {
    await page.fill("#input", text);
    await page.press("#input", "Enter");
    await page.locator("#messages .msg.mine", { hasText: text }).waitFor();
  }

  /** The titles in the chat list. */
  const chatTitles = (page: Page) => page.locator(".chat-item .chat-title").allTextContents();

  async function screenshot(page: Page, name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `web-chat-${name}-${size}.png`) });
  }

  it("loads with an icon and without errors; the composer waits for a chat", async () => {
    const page = await openPage();
    await expect.poll(() => page.locator(".chat-item").count()).toBeGreaterThan(0);
    // Without an icon, chromium asks for /favicon.ico: a 404 and a console error on every load.
    expect(problems).toEqual([]);
    expect(await page.locator("link[rel=icon]").getAttribute("href")).toMatch(/^data:image\/svg\+xml,/);
    const icon = await fetch(`${emu.webUrl.replace(/\/$/, "")}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(await icon.text()).toContain("<svg");

    // No chat picked: the composer is off, with a hint where the text goes.
    expect(await page.locator("#input").isDisabled()).toBe(true);
    expect(await page.locator("#send").isDisabled()).toBe(true);
    expect(await page.locator("#input").getAttribute("placeholder")).toBe("Pick a chat to write in it");
    await screenshot(page, "start");

    await openChat(page, "Echo");
    expect(await page.locator("#input").isEnabled()).toBe(true);
    expect(await page.locator("#send").isEnabled()).toBe(true);
    await send(page, "hello");
    await page.locator("#messages .msg.theirs", { hasText: "you said: hello" }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says "1 member" and "3 members"', async () => {
    const page = await openPage();
    await openChat(page, "Notes to self");
    await expect.poll(() => page.locator("#chat-sub").textContent()).toBe("1 member");
    await openChat(page, "Book club");
    await expect.poll(() => page.locator("#chat-sub").textContent()).toBe("3 members");
    await page.close();
  });

  it("switching 'You are' shows the new user's own chats", async () => {
    const page = await openPage();
    await openChat(page, "Echo");
    await send(page, `Alice at ${size}`);

    // Bob never wrote to Echo: no chat stays open, his list shows, without Alice's "Notes to self".
    await page.selectOption("#user", { label: "Bob" });
    await expect.poll(() => page.locator("#chat-title").textContent()).toBe("Pick a chat");
    expect(await page.locator("#messages .msg").count()).toBe(0);
    expect(await page.locator("#input").isDisabled()).toBe(true);
    expect(await page.locator("#chat-list").isVisible()).toBe(true);
    await expect.poll(() => chatTitles(page)).toEqual(expect.arrayContaining(["botEcho", "groupBook club"]));
    expect(await chatTitles(page)).not.toContain("groupNotes to self");
    await screenshot(page, "switched");

    // Bob writes to Echo in his own chat: it works, and is his.
    await openChat(page, "Echo");
    await send(page, `Bob at ${size}`);
    await page.locator("#messages .msg.theirs", { hasText: `you said: Bob at ${size}` }).waitFor();
    expect(await page.locator("#messages", { hasText: `Alice at ${size}` }).count()).toBe(0);

    // Back to Alice with Bob's Echo chat open: Alice's own chat with Echo, her messages on her side.
    await page.selectOption("#user", { label: "Alice" });
    await page.locator("#messages .msg.mine", { hasText: `Alice at ${size}` }).waitFor();
    expect(await page.locator("#messages", { hasText: `Bob at ${size}` }).count()).toBe(0);
    await send(page, "Alice again");
    await page.locator("#messages .msg.theirs", { hasText: "you said: Alice again" }).waitFor();

    // In a group both are in, the group stays open, seen from the other side.
    await openChat(page, "Book club");
    await send(page, "Alice in the club");
    await page.selectOption("#user", { label: "Bob" });
    // Alice's message is now on the other side, under her name (Echo's reply quotes it too).
    const fromAlice = page.locator(".sender", { hasText: /^Alice$/ });
    await page
      .locator("#messages .msg.theirs", { hasText: "Alice in the club" })
      .filter({ has: fromAlice })
      .waitFor();
    expect(await page.locator("#chat-title").textContent()).toBe("Book club");
    await send(page, "Bob in the club");

    // Carol is in no group: nothing stays open.
    await page.selectOption("#user", { label: "Carol" });
    await expect.poll(() => page.locator("#chat-title").textContent()).toBe("Pick a chat");
    // The title changes before the list is fetched again: wait for Carol's own list.
    await expect.poll(() => chatTitles(page)).toEqual(["botEcho"]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("creates users and groups in in-page dialogs, not window.prompt", async () => {
    const page = await openPage();
    // Cancelled: nothing is created.
    await page.locator("#new-user").click();
    await page.locator("#user-dialog").waitFor();
    await page.locator("#user-dialog input[name=first_name]").fill("Nobody");
    await page.locator("#user-dialog button[value=cancel]").click();
    await page.locator("#user-dialog").waitFor({ state: "hidden" });
    expect(await page.locator("#user option", { hasText: "Nobody" }).count()).toBe(0);

    // An empty name is refused by the form; a name creates the user, who becomes "You are".
    const dora = `Dora ${size}`;
    await page.locator("#new-user").click();
    await page.locator("#user-dialog button[value=ok]").click();
    expect(await page.locator("#user-dialog").isVisible()).toBe(true);
    await page.locator("#user-dialog input[name=first_name]").fill(dora);
    await screenshot(page, "user-dialog");
    await page.locator("#user-dialog button[value=ok]").click();
    await page.locator("#user-dialog").waitFor({ state: "hidden" });
    await expect.poll(() => page.locator("#user option:checked").textContent()).toBe(dora);
    expect([...emu.runtime.world.users.values()].some((u) => u.user.first_name === dora)).toBe(true);

    // A group with the members ticked in the dialog (all are ticked at first).
    await page.locator("#new-group").click();
    await page.locator("#group-dialog").waitFor();
    expect(await page.locator("#group-members input:checked").count()).toBe(
      await page.locator("#group-members input").count(),
    );
    await page.locator("#group-dialog input[name=title]").fill(`Picnic ${size}`);
    await page.locator("#group-members label", { hasText: "Carol" }).locator("input").uncheck();
    await page.locator("#group-members label", { hasText: "Echo" }).locator("input").uncheck();
    await screenshot(page, "group-dialog");
    await page.locator("#group-dialog button[value=ok]").click();
    await expect.poll(() => page.locator("#chat-title").textContent()).toBe(`Picnic ${size}`);
    // Dora, Alice and Bob: Carol and Echo were left out.
    await expect.poll(() => page.locator("#chat-sub").textContent()).toBe("3 members");
    const group = [...emu.runtime.world.chats.values()].find((c) => c.title === `Picnic ${size}`);
    const names = [...(group?.members.keys() ?? [])].map((id) => emu.runtime.world.userObject(id).first_name);
    expect(names.toSorted()).toEqual(["Alice", "Bob", dora]);
    expect(await page.locator("#input").isEnabled()).toBe(true);
    if (phone) expect(await page.locator("#chat-list").isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });
});
