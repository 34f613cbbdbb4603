// The emulator in the root README: a bot and a user on a local Bot API server, the user writing
// and awaiting the bot's reply, as a test would. docs/test/emulator.test.ts runs it.
import { Bot, hasFlavor } from "@telepot/async";
import { start } from "@telepot/emulator";

/** Starts an emulator, an echo bot and a user; returns what the bot answered the user. */
export async function echoOnTheEmulator(): Promise<string | undefined> {
  // #region readme-emulator
  const emu = await start({ port: 0 }); // any free port on 127.0.0.1
  const account = emu.driver.createBot({ username: "echo_bot" }); // its token: account.token
  const alice = emu.driver.createUser({ firstName: "Alice" });

  // The bot under test, pointed at the emulator: an echo.
  const bot = new Bot(account.token, { apiRoot: emu.apiRoot });
  const loop = bot.messageLoop(async (msg) => {
    if (hasFlavor(msg, "normal") && msg.text) await bot.sendMessage(msg.chat.id, msg.text);
  });

  // Alice writes; nextMessage waits for the bot's next message in her chat (5 s at most).
  alice.send(account, "hello");
  const reply = await alice.nextMessage(account);
  console.log(reply.text); // hello

  await loop.stop();
  await bot.dispose();
  await emu.close();
  // #endregion
  return reply.text;
}
