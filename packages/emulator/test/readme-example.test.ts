// The example of the package README, kept here so it is known to run (the README copies this file
// minus this comment; the import paths there are the published package names).
import { Bot } from "@telepot/async";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type BotHandle, type Emulator, start, type UserHandle } from "../src/index.js";

/** The bot under test: greets on /start with a button, answers the button, echoes text. */
function runGreeter(token: string, apiRoot: string) {
  const bot = new Bot(token, { apiRoot });
  const loop = bot.messageLoop(
    async (_payload, update) => {
      if (update.kind === "message" && update.payload.text === "/start") {
        await bot.sendMessage(update.payload.chat.id, "Welcome!", {
          reply_markup: { inline_keyboard: [[{ text: "Roll a die", callback_data: "roll" }]] },
        });
      } else if (update.kind === "message" && update.payload.text) {
        await bot.sendMessage(update.payload.chat.id, update.payload.text.toUpperCase());
      } else if (update.kind === "callback_query") {
        await bot.answerCallbackQuery(update.payload.id, { text: "Rolled 4" });
      }
    },
    { timeout: 1 },
  );
  return async () => {
    await loop.stop();
    await bot.dispose();
  };
}

let emu: Emulator;
let greeter: BotHandle;
let alice: UserHandle;
let stopBot: () => Promise<void>;

beforeAll(async () => {
  emu = await start({ port: 0 });
  greeter = emu.driver.createBot({ username: "greeter_bot" });
  alice = emu.driver.createUser({ firstName: "Alice" });
  stopBot = runGreeter(greeter.token, emu.apiRoot);
});

afterAll(async () => {
  await stopBot();
  await emu.close();
});

test("greets, answers its button and echoes", async () => {
  alice.start(greeter);
  const welcome = await alice.nextMessage(greeter);
  expect(welcome.text).toBe("Welcome!");

  const answer = await alice.press(welcome, "roll");
  expect(answer.text).toBe("Rolled 4");

  alice.send(greeter, "hello");
  expect((await alice.nextMessage(greeter)).text).toBe("HELLO");
});
