// The user tracker as a deployed service (child process) against the emulator: counts per user and
// flavor (read from its JSON logs), inline answers, no chat replies, the idle timeout.
import { fileURLToPath } from "node:url";
import { type BotHandle, type Emulator, start } from "@telepot/emulator";
import { AppProcess, type LogLine } from "@telepot/service/testing";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";

const ENTRY = fileURLToPath(new URL("../src/main.ts", import.meta.url));

let emu: Emulator;
let bot: BotHandle;
const running: AppProcess[] = [];

function launch(timeoutSeconds: string): AppProcess {
  const app = AppProcess.start(ENTRY, {
    TELEGRAM_BOT_TOKEN: bot.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    POLL_TIMEOUT_SECONDS: "1",
    TRACKER_TIMEOUT_SECONDS: timeoutSeconds,
  });
  running.push(app);
  return app;
}

beforeAll(async () => {
  emu = await start({ port: 0, web: false });
  // inlineFeedback: Telegram sends chosen_inline_result only to bots that enabled it.
  bot = emu.driver.createBot({ username: "tracker_bot", inlineFeedback: true });
});

afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
});

afterAll(async () => {
  await emu.close();
});

const counts =
  (user: number, expected: Record<string, number>) =>
  (line: LogLine): boolean =>
    line.msg === "counts" && line.user === user && JSON.stringify(line.counts) === JSON.stringify(expected);

it("counts each user's messages, inline queries and chosen results, answers queries, never chats", async () => {
  const app = launch("20");
  await app.ready();
  const alice = emu.driver.createUser({ firstName: "Alice" });
  const bob = emu.driver.createUser({ firstName: "Bob" });

  alice.send(bot, "hello");
  await app.waitForLog(counts(alice.id, { normal: 1, inline_query: 0, chosen_inline_result: 0 }));
  const answer = await alice.inlineQuery(bot, "anything");
  expect(answer.results).toEqual([
    { type: "article", id: "abc", title: "ABC", input_message_content: { message_text: "Good morning" } },
  ]);
  await app.waitForLog(counts(alice.id, { normal: 1, inline_query: 1, chosen_inline_result: 0 }));
  const sent = answer.choose("abc");
  expect(sent.text).toBe("Good morning");
  await app.waitForLog(
    (l) => l.msg === "counts" && l.user === alice.id && l.flavor === "chosen_inline_result",
  );

  bob.send(bot, "hi");
  await app.waitForLog(counts(bob.id, { normal: 1, inline_query: 0, chosen_inline_result: 0 }));
  expect((await bob.inlineQuery(bot, "")).results).toHaveLength(1);

  // It never writes in a chat: every message there is the users' own.
  for (const user of [alice, bob]) {
    expect(user.history(bot).filter((m) => m.from?.id !== user.id)).toEqual([]);
  }
  expect(app.output).not.toContain(bot.token);
});

it("starts counting over after the idle timeout", async () => {
  const app = launch("0.5");
  await app.ready();
  const carol = emu.driver.createUser({ firstName: "Carol" });
  const first = counts(carol.id, { normal: 1, inline_query: 0, chosen_inline_result: 0 });
  carol.send(bot, "one");
  await app.waitForLog(first);
  await app.waitForLog((l) => l.msg === "tracker closed" && l.user === carol.id);
  carol.send(bot, "two");
  // A new tracker: the count is 1 again (a second such line after the first one).
  await expect.poll(() => app.lines.filter(first).length).toBe(2);
});
