// Guess scaled out (REDIS_URL): two processes share one bot on a real redis-server. A game goes
// on across processes: after one of them is killed with SIGKILL (the poller or not), the other
// handles the rest (polling too, once the lease runs out), and the game keeps its number (its
// state lives in Redis, not in a process).
import { fileURLToPath } from "node:url";
import { type BotHandle, type Emulator, start, type UserHandle } from "@telepot/emulator";
import { RedisInbox } from "@telepot/redis";
import { type RedisServer, startRedisServer } from "@telepot/redis/testing";
import { AppProcess } from "@telepot/service/testing";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
let emu: Emulator;
let redis: RedisServer;
let bot: BotHandle;
const running: AppProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  emu = await start({ port: 0, web: false });
  bot = emu.driver.createBot({ username: "guess_cluster_bot" });
});

afterEach(async () => {
  for (const app of running.splice(0)) await app.kill();
});

afterAll(async () => {
  await emu.close();
  await redis.stop();
});

function launch(timeoutSeconds = "60"): AppProcess {
  const app = AppProcess.start(MAIN, {
    TELEGRAM_BOT_TOKEN: bot.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    POLL_TIMEOUT_SECONDS: "1",
    GUESS_TIMEOUT_SECONDS: timeoutSeconds,
    REDIS_URL: redis.url,
  });
  running.push(app);
  return app;
}

async function say(user: UserHandle, text: string): Promise<string | undefined> {
  user.send(bot, text);
  return (await user.nextMessage(bot)).text;
}

it("plays one game across two processes and through a SIGKILL of one of them", async () => {
  const apps = [launch(), launch()];
  await Promise.all(apps.map((app) => app.ready()));
  const gail = emu.driver.createUser({ firstName: "Gail" });
  expect(await say(gail, "start")).toBe("Guess my number");
  let [lo, hi] = [0, 99];
  const step = async () => {
    const guess = Math.floor((lo + hi) / 2);
    const answer = await say(gail, String(guess));
    if (answer === "larger") lo = guess + 1;
    else if (answer === "smaller") hi = guess - 1;
    else expect(answer).toBe("Correct!");
    return answer === "Correct!";
  };
  if (await step()) return; // a 1 in 100 chance: won before the kill
  // Killed once the last guess is marked done: killed before, its handling would run again on the
  // other process (at least once) and send a second reply, which this scripted player would take
  // for the answer to its next guess. (What a kill mid-handling does is the crash tests' subject.)
  const inbox = new RedisInbox({ redis: redis.url, prefix: `guess:{${bot.token.split(":")[0]}}:` });
  try {
    await expect.poll(() => inbox.backlog()).toBe(0);
  } finally {
    await inbox.redis.quit();
  }
  await apps[0]?.kill();
  let won = false;
  for (let tries = 0; tries < 8 && !won; tries++) won = await step();
  expect(won).toBe(true);
  expect(gail.history(bot).filter((m) => m.text === "Guess my number")).toHaveLength(1);
});

it("expires an idle game once, from whichever process finds it first", async () => {
  const apps = [launch("1"), launch("1")];
  await Promise.all(apps.map((app) => app.ready()));
  const hal = emu.driver.createUser({ firstName: "Hal" });
  expect(await say(hal, "start")).toBe("Guess my number");
  expect((await hal.nextMessage(bot)).text).toMatch(/^Game expired\. The answer is \d+$/);
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // a second expiry would show by now
  expect(hal.history(bot).filter((m) => m.text?.startsWith("Game expired"))).toHaveLength(1);
});
