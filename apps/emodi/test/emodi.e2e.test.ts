// Emodi as a deployed service: the app runs as a child process (`node src/main.ts`) against the
// emulator, in polling and in webhook mode; a user talks to it through the emulator's driver.
import { fileURLToPath } from "node:url";
import { Bot } from "@telepot/async";
import { type BotHandle, type Emulator, start, type UserHandle } from "@telepot/emulator";
import { AppProcess, freePort } from "@telepot/service/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GREETING } from "../src/reply.ts";

const ENTRY = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const BLOCKING = fileURLToPath(new URL("../src/main-blocking.ts", import.meta.url));
/** Both styles of the app: the async service, and the blocking variant. */
const VARIANTS = [
  ["async", ENTRY],
  ["blocking", BLOCKING],
] as const;
let entry: string = ENTRY;

let emu: Emulator;
let bot: BotHandle;
let alice: UserHandle;
const running: AppProcess[] = [];

function launch(extra: Record<string, string> = {}): AppProcess {
  const app = AppProcess.start(entry, {
    TELEGRAM_BOT_TOKEN: bot.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    POLL_TIMEOUT_SECONDS: "1",
    ...extra,
  });
  running.push(app);
  return app;
}

beforeAll(async () => {
  emu = await start({
    port: 0,
    web: false,
    webhook: { retryMs: 50, maxRetryMs: 200 },
  });
  bot = emu.driver.createBot({ username: "emodi_bot" });
  alice = emu.driver.createUser({ firstName: "Alice" });
});

afterEach(async () => {
  // A graceful stop, so that no update is left unconfirmed for the next test.
  for (const app of running.splice(0)) await app.stop();
  alice.skipAll(bot);
});

afterAll(async () => {
  await emu.close();
});

async function reply(text: string): Promise<string | undefined> {
  alice.send(bot, text);
  return (await alice.nextMessage(bot)).text;
}

describe.each(VARIANTS)("polling mode (%s)", (_style, main) => {
  beforeAll(() => {
    entry = main;
  });

  it("answers with the exact escapes, greets on /start, ignores non-text, logs no token", async () => {
    const app = launch();
    await app.ready();
    alice.start(bot);
    expect((await alice.nextMessage(bot)).text).toBe(GREETING);
    expect(await reply("😄")).toBe("\\U0001f604\n\n😄 grinning face with smiling eyes");
    alice.send(bot, "👩🏽‍💻🇺🇦");
    const named = await alice.nextMessage(bot);
    expect(named.text).toBe(
      "\\U0001f469\\U0001f3fd\\u200d\\U0001f4bb\\U0001f1fa\\U0001f1e6\n\n👩🏽‍💻 woman technologist: medium skin tone\n🇺🇦 flag: Ukraine",
    );
    // A button per emoji; pressing one answers its code points and name.
    expect(named.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(["👩🏽‍💻", "🇺🇦"]);
    expect((await alice.press(named, "🇺🇦")).text).toBe("U+1F1FA U+1F1E6: flag: Ukraine");
    expect(await reply("Good morning, 世界!")).toBe("First 10 characters:\nGood morni");
    alice.sendPhoto(bot, { data: "not really a jpeg" });
    // The photo gets no reply: the next reply is the one to the next text.
    expect(await reply("ok")).toBe("ok");

    const exit = await app.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(app.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["started", "stopping", "stopped"]));
    expect(app.output).not.toContain(bot.token);
    expect(app.output).not.toContain(bot.token.split(":")[1]);
  });

  it("loses no update across a graceful stop (SIGTERM mid-stream) and a restart", async () => {
    const app = launch();
    await app.ready();
    const before = Array.from({ length: 40 }, (_, i) => `before ${i}`);
    const during = Array.from({ length: 20 }, (_, i) => `during ${i}`);
    for (const text of before) alice.send(bot, text);
    const first = await alice.nextMessage(bot); // the service is busy with the burst
    const exited = app.stop();
    for (const text of during) alice.send(bot, text); // arriving while it stops
    expect((await exited).code).toBe(0);

    const again = launch();
    await again.ready();
    const replies = [first.text];
    for (let i = 1; i < before.length + during.length; i++) replies.push((await alice.nextMessage(bot)).text);
    // Every message answered exactly once: all of them, and nothing more is pending.
    expect(replies.toSorted()).toEqual([...before, ...during].toSorted());
    alice.send(bot, "last");
    expect((await alice.nextMessage(bot)).text).toBe("last");
  });

  it("stops with exit code 1 when receiving fails for good (a webhook set behind its back)", async () => {
    const app = launch();
    await app.ready();
    // getUpdates now fails with 409 Conflict: the loop ends, and the service learns it at once.
    const other = new Bot(bot.token, { apiRoot: emu.apiRoot });
    await other.setWebhook("http://127.0.0.1:9/hook");
    try {
      expect((await app.exited).code).toBe(1);
      expect(app.output).toContain("PollingStopped");
      expect(app.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["receiving stopped", "stopped"]));
      expect(app.lines.at(-1)).toMatchObject({ msg: "stopped", exitCode: 1 });
    } finally {
      await other.deleteWebhook();
      await other.dispose();
    }
  });
});

describe("configuration", () => {
  it("fails fast with exit code 2 and a clear message on a bad configuration", async () => {
    const app = AppProcess.start(ENTRY, { TELEGRAM_BOT_TOKEN: "not-a-token" });
    running.push(app);
    const exit = await app.exited;
    expect(exit.code).toBe(2);
    const line = app.lines.find((l) => l.msg === "bad configuration");
    expect(line?.problem).toBe("TELEGRAM_BOT_TOKEN does not look like a bot token (<digits>:<secret>)");
    expect(app.output).not.toContain("not-a-token");
  });
});

describe("webhook mode", () => {
  beforeAll(() => {
    entry = ENTRY;
  });

  it("serves the webhook and /healthz, checks the secret, and loses nothing while it is down", async () => {
    const port = await freePort();
    const env = {
      WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/emodi`,
      WEBHOOK_SECRET: "s3cret_value",
      PORT: String(port),
      HOST: "127.0.0.1",
    };
    const app = launch(env);
    await app.ready();
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", app: "emodi", mode: "webhook" });
    const forged = await fetch(`http://127.0.0.1:${port}/telegram/emodi`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "wrong" },
      body: JSON.stringify({
        update_id: 1,
        message: { message_id: 1, date: 0, chat: { id: 1, type: "private" } },
      }),
    });
    expect(forged.status).toBe(401);

    expect(await reply("🙂")).toBe("\\U0001f642\n\n🙂 slightly smiling face");
    expect((await app.stop()).code).toBe(0);

    // Down: the emulator keeps the updates and retries the webhook until the service is back.
    for (const text of ["a", "b", "c"]) alice.send(bot, text);
    const again = launch(env);
    await again.ready();
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push((await alice.nextMessage(bot)).text);
    expect(replies).toEqual(["a", "b", "c"]);
    expect(again.output).not.toContain("s3cret_value");
    expect(again.output).not.toContain(bot.token);
  });
});
