// Guess-a-number as a deployed service (child process) against the emulator: exact strings, one
// game per chat, the idle timeout (shortened through GUESS_TIMEOUT_SECONDS), a graceful stop.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BotHandle, type Emulator, start, type UserHandle } from "@telepot/emulator";
import { AppProcess, freePort } from "@telepot/service/testing";
import { SqliteInbox } from "@telepot/sqlite";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

/** Both styles of the app: the async service, and the blocking variant. */
const VARIANTS = [
  ["async", fileURLToPath(new URL("../src/main.ts", import.meta.url))],
  ["blocking", fileURLToPath(new URL("../src/main-blocking.ts", import.meta.url))],
] as const;
let entry = VARIANTS[0][1] as string;

let emu: Emulator;
let bot: BotHandle;
const running: AppProcess[] = [];

function launch(timeoutSeconds: string, extra: Record<string, string> = {}): AppProcess {
  const app = AppProcess.start(entry, {
    TELEGRAM_BOT_TOKEN: bot.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    POLL_TIMEOUT_SECONDS: "1",
    GUESS_TIMEOUT_SECONDS: timeoutSeconds,
    GUESS_DB: ":memory:",
    ...extra,
  });
  running.push(app);
  return app;
}

beforeAll(async () => {
  emu = await start({ port: 0, web: false });
  bot = emu.driver.createBot({ username: "guess_bot" });
});

afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
});

afterAll(async () => {
  await emu.close();
});

async function say(user: UserHandle, text: string): Promise<string | undefined> {
  user.send(bot, text);
  return (await user.nextMessage(bot)).text;
}

/** Plays by bisection from [lo, hi]; returns the number once the bot says Correct!. */
async function bisect(user: UserHandle, lo = 0, hi = 99): Promise<number> {
  for (let tries = 0; tries < 8; tries++) {
    const guess = Math.floor((lo + hi) / 2);
    const answer = await say(user, String(guess));
    if (answer === "Correct!") return guess;
    if (answer === "larger") lo = guess + 1;
    else if (answer === "smaller") hi = guess - 1;
    else throw new Error(`unexpected reply ${answer}`);
  }
  throw new Error("no Correct! after 8 bisection steps: the secret is not in 0..99");
}

describe.each(VARIANTS)("guess (%s)", (_style, main) => {
  beforeAll(() => {
    entry = main;
  });

  it("plays a game to Correct! with the exact strings, then starts a new one", async () => {
    const app = launch("10");
    await app.ready();
    const alice = emu.driver.createUser({ firstName: "Alice" });
    alice.sendPhoto(bot, { data: "any content starts a game" });
    expect((await alice.nextMessage(bot)).text).toBe("Guess my number");
    expect(await say(alice, "ten")).toBe("Give me a number, please.");
    alice.sendLocation(bot, 51.5, -0.1);
    expect((await alice.nextMessage(bot)).text).toBe("Give me a number, please.");
    expect(await say(alice, " -1 ")).toBe("larger");
    expect(await say(alice, "1_000")).toBe("smaller");
    const secret = await bisect(alice);
    expect(secret).toBeGreaterThanOrEqual(0);
    expect(secret).toBeLessThanOrEqual(99);
    // The game is over: the next message opens a new one and is not a guess.
    expect(await say(alice, "50")).toBe("Guess my number");
    expect(["larger", "smaller", "Correct!"]).toContain(await say(alice, "50"));
    expect(app.output).not.toContain(bot.token);
  });

  it("keeps one game per chat", async () => {
    const app = launch("10");
    await app.ready();
    const bob = emu.driver.createUser({ firstName: "Bob" });
    const carol = emu.driver.createUser({ firstName: "Carol" });
    expect(await say(bob, "hi")).toBe("Guess my number");
    expect(await say(carol, "hi")).toBe("Guess my number");
    // Bob's bounds say nothing about Carol's game: each is won on its own.
    const bobs = await bisect(bob);
    expect(await say(carol, "hello")).toBe("Give me a number, please.");
    const carols = await bisect(carol);
    expect(await say(bob, String(bobs))).toBe("Guess my number");
    expect(await say(carol, String(carols))).toBe("Guess my number");
  });

  it("expires an idle game with the answer, and the next message starts a new game", async () => {
    const app = launch("0.5");
    await app.ready();
    const dave = emu.driver.createUser({ firstName: "Dave" });
    expect(await say(dave, "play")).toBe("Guess my number");
    const expired = await dave.nextMessage(bot);
    const match = /^Game expired\. The answer is (\d+)$/.exec(expired.text ?? "");
    expect(match, expired.text).not.toBeNull();
    expect(Number(match?.[1])).toBeLessThanOrEqual(99);
    await app.waitForLog((l) => l.msg === "game expired" && l.chat === dave.id);
    expect(await say(dave, match?.[1] ?? "")).toBe("Guess my number");
  });

  it("stops promptly mid-game (exit 0, no expiry message) and a restart picks up what came meanwhile", async () => {
    const app = launch("10");
    await app.ready();
    const erin = emu.driver.createUser({ firstName: "Erin" });
    expect(await say(erin, "start")).toBe("Guess my number");
    expect(["larger", "smaller", "Correct!"]).toContain(await say(erin, "1"));
    // The game's 10 s idle timer is pending: a graceful stop ends the game without waiting for it.
    const exit = await app.stop();
    expect(exit.code).toBe(0);
    expect(app.lines.find((l) => l.msg === "stopped")?.updates).toBe(2);
    // Sent while the service is down: handled after the restart, by a new game (games live in memory).
    erin.send(bot, "2");
    const again = launch("10");
    await again.ready();
    expect((await erin.nextMessage(bot)).text).toBe("Guess my number");
    expect(await say(erin, "x")).toBe("Give me a number, please.");
    expect(erin.history(bot).filter((m) => m.text?.startsWith("Game expired"))).toEqual([]);
  });
});

describe("guess (webhook mode)", () => {
  beforeAll(() => {
    entry = VARIANTS[0][1];
  });

  it("plays through the webhook and reports health", async () => {
    const port = await freePort();
    const app = launch("10", {
      WEBHOOK_URL: `http://127.0.0.1:${port}/guess`,
      PORT: String(port),
      HOST: "127.0.0.1",
    });
    await app.ready();
    const frank = emu.driver.createUser({ firstName: "Frank" });
    expect(await say(frank, "hi")).toBe("Guess my number");
    await bisect(frank);
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { updates: number };
    expect(health.updates).toBeGreaterThanOrEqual(2);
    expect((await app.stop()).code).toBe(0);
  });
});

/** How many received updates the app's inbox holds unhandled (a fresh connection each time). */
function pendingIn(path: string): number {
  const inbox = SqliteInbox.open(path);
  try {
    return inbox.backlog();
  } finally {
    inbox.close();
  }
}

describe("guess (durable games)", () => {
  beforeAll(() => {
    entry = VARIANTS[0][1];
  });

  it("keeps a game through a kill -9: same number, no new greeting, and what came meanwhile is answered", async () => {
    const dir = mkdtempSync(join(tmpdir(), "guess-db-"));
    try {
      const db = { GUESS_DB: join(dir, "guess.sqlite") };
      const app = launch("60", db);
      await app.ready();
      const gail = emu.driver.createUser({ firstName: "Gail" });
      expect(await say(gail, "start")).toBe("Guess my number");
      const first = await say(gail, "50");
      expect(["larger", "smaller", "Correct!"]).toContain(first);
      if (first === "Correct!") return; // a 1 in 100 chance: the game is over before the kill
      // The reply is out; the kill comes once its update is marked done (else it would be answered twice).
      await expect.poll(() => pendingIn(db.GUESS_DB)).toBe(0);
      const killed = await app.signal("SIGKILL");
      expect(killed.signal).toBe("SIGKILL");
      // Sent while the service is down: the restarted one answers it within the same game.
      gail.send(bot, "50");
      const again = launch("60", db);
      await again.ready();
      expect((await gail.nextMessage(bot)).text).toBe(first);
      const [lo, hi] = first === "larger" ? [51, 99] : [0, 49];
      await bisect(gail, lo, hi);
      expect(gail.history(bot).filter((m) => m.text === "Guess my number")).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
