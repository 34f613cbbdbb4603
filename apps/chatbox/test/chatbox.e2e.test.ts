// Chatbox as a deployed service (child process) against the emulator, with its mailbox in a SQLite
// file: the owner's commands with the exact strings, welcomes, non-text messages forwarded, and
// the mailbox surviving a SIGKILL and a restart.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BotHandle, type Emulator, start, type UserHandle } from "@telepot/emulator";
import { AppProcess } from "@telepot/service/testing";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";

const ENTRY = fileURLToPath(new URL("../src/main.ts", import.meta.url));

let emu: Emulator;
let bot: BotHandle;
let owner: UserHandle;
let dir: string;
const running: AppProcess[] = [];

function launch(db: string, extra: Record<string, string> = {}): AppProcess {
  const app = AppProcess.start(ENTRY, {
    TELEGRAM_BOT_TOKEN: bot.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    POLL_TIMEOUT_SECONDS: "1",
    CHATBOX_OWNER_ID: String(owner.id),
    CHATBOX_DB: join(dir, db),
    ...extra,
  });
  running.push(app);
  return app;
}

beforeAll(async () => {
  emu = await start({ port: 0, web: false });
  bot = emu.driver.createBot({ username: "chatbox_bot" });
  owner = emu.driver.createUser({ firstName: "Owner" });
  dir = mkdtempSync(join(tmpdir(), "chatbox-test-"));
});

afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
});

afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

async function ask(user: UserHandle, text: string): Promise<string | undefined> {
  user.send(bot, text);
  return (await user.nextMessage(bot)).text;
}

it("answers the owner's commands and keeps other chats' messages, texts and others", async () => {
  const app = launch("commands.sqlite");
  await app.ready();
  expect(await ask(owner, "/unread")).toBe("No unread messages");
  expect(await ask(owner, "/next")).toBe("No unread messages");
  expect(await ask(owner, "hello")).toBe("I don't understand");
  owner.sendPhoto(bot, { data: "owner photo" });
  expect((await owner.nextMessage(bot)).text).toBe("I don't understand");

  const bob = emu.driver.createUser({ firstName: "Bob" });
  const carol = emu.driver.createUser({ firstName: "Carol" });
  bob.send(bot, "first from Bob");
  expect((await bob.nextMessage(bot)).text).toBe("Hello!");
  bob.send(bot, "second from Bob");
  bob.sendPhoto(bot, { data: "a picture" }, "look");
  carol.send(bot, "from Carol");
  expect((await carol.nextMessage(bot)).text).toBe("Hello!");
  await app.waitForLog((l) => l.msg === "message stored" && l.chat === carol.id);

  // Commands are trimmed and lower-cased.
  expect(await ask(owner, "  /UNREAD ")).toBe(`ID: ${bob.id}\n3 unread\nID: ${carol.id}\n1 unread`);
  owner.send(bot, "/next");
  expect((await owner.nextMessage(bot)).text).toBe(`From ID: ${bob.id}`);
  expect((await owner.nextMessage(bot)).text).toBe("first from Bob");
  expect((await owner.nextMessage(bot)).text).toBe("second from Bob");
  const forwarded = await owner.nextMessage(bot);
  expect(forwarded.photo).toBeDefined();
  expect(forwarded.caption).toBe("look");
  expect(await ask(owner, "/unread")).toBe(`ID: ${carol.id}\n1 unread`);
  expect(await ask(owner, "/next")).toBe(`From ID: ${carol.id}`);
  expect((await owner.nextMessage(bot)).text).toBe("from Carol");
  expect(await ask(owner, "/next")).toBe("No unread messages");
  // Bob was welcomed once only.
  expect(bob.history(bot).filter((m) => m.text === "Hello!")).toHaveLength(1);
  expect(app.output).not.toContain(bot.token);
});

it("keeps the mailbox across a SIGKILL and a restart, and does not welcome the same chat twice", async () => {
  const app = launch("survive.sqlite");
  await app.ready();
  const dan = emu.driver.createUser({ firstName: "Dan" });
  dan.send(bot, "d1");
  expect((await dan.nextMessage(bot)).text).toBe("Hello!");
  dan.send(bot, "d2");
  const storedFor = (a: AppProcess) => a.lines.filter((l) => l.msg === "message stored" && l.chat === dan.id);
  await expect.poll(() => storedFor(app).length).toBe(2);
  const killed = await app.kill();
  expect(killed.signal).toBe("SIGKILL");

  dan.send(bot, "d3 (while the service is down)");
  const again = launch("survive.sqlite");
  await again.ready();
  await expect.poll(() => storedFor(again).length).toBe(1); // d3 (d1, d2 at most "already stored")
  expect(await ask(owner, "/unread")).toBe(`ID: ${dan.id}\n3 unread`);
  owner.send(bot, "/next");
  const texts = [];
  for (let i = 0; i < 4; i++) texts.push((await owner.nextMessage(bot)).text);
  expect(texts).toEqual([`From ID: ${dan.id}`, "d1", "d2", "d3 (while the service is down)"]);
  expect(dan.history(bot).filter((m) => m.text === "Hello!")).toHaveLength(1);

  // A graceful stop keeps it too, and loses nothing sent meanwhile.
  dan.send(bot, "d4");
  await expect.poll(() => storedFor(again).length).toBe(2);
  expect((await again.stop()).code).toBe(0);
  const third = launch("survive.sqlite");
  await third.ready();
  expect(await ask(owner, "/unread")).toBe(`ID: ${dan.id}\n1 unread`);
});

it("ends the owner's conversation after CHATBOX_TIMEOUT_SECONDS idle; the next command still works", async () => {
  const app = launch("idle.sqlite", { CHATBOX_TIMEOUT_SECONDS: "0.5" });
  await app.ready();
  expect(await ask(owner, "/next")).toBe("No unread messages");
  await app.waitForLog("owner conversation ended (idle)");
  expect(await ask(owner, "/unread")).toBe("No unread messages");
});
