// `./dev repl`: a Node prompt for trying the Bot API with blocking calls, telepot's classic way.
// `bot` is ready: a blocking Bot of Telegram when TELEGRAM_BOT_TOKEN is set, else of an emulator
// started for the session (off this thread: the prompt's blocking calls stop this thread, and an
// emulator on it could not answer), with a user who has already written to the bot. The packages
// resolve at the prompt: require('@telepot/blocking'), '@telepot/async', '@telepot/core',
// '@telepot/namedtuple'. Leaving the prompt (.exit, Ctrl-D) stops the emulator.
//
// Options: --port <n> picks the emulator's port (default: a free one).
import repl from "node:repl";
import { parseArgs } from "node:util";
import { Bot } from "@telepot/blocking";
import { type OffThreadEmulator, startOffThread } from "@telepot/emulator";

/** The first calls the banner suggests, as a person would type them. */
export const FIRST_CALLS = ["bot.getMe()", "bot.getUpdates()", "bot.sendMessage(chatId, 'Good morning!')"];

interface Session {
  readonly bot: Bot;
  readonly banner: string[];
  readonly context: Record<string, unknown>;
  readonly emulator?: OffThreadEmulator;
}

async function emulatorSession(port: number): Promise<Session> {
  const emulator = await startOffThread({ port });
  const account = emulator.driver.createBot({ username: "repl_bot", firstName: "REPL Bot" });
  const alice = emulator.driver.createUser({ firstName: "Alice" });
  alice.send(account, "Hello, bot!");
  const bot = new Bot(account.token, { apiRoot: emulator.apiRoot });
  return {
    bot,
    emulator,
    context: { bot, chatId: alice.id, alice, account, emulator },
    banner: [
      "telepot REPL, with an emulator started for this session (it stops when you leave).",
      `  bot       @${account.username}, a blocking Bot: every call returns its result`,
      `  chatId    ${alice.id}: Alice, who has already written to the bot (alice.send(account, 'Hi') writes more)`,
      `  web chat  ${emulator.webUrl} : write to the bot as Alice in a browser while you type here`,
    ],
  };
}

function telegramSession(token: string): Session {
  const bot = new Bot(token);
  let who = "(getMe failed: see bot.getMe())";
  try {
    who = `@${bot.getMe().username}`;
  } catch (error) {
    who = `(getMe failed: ${(error as Error).message})`;
  }
  return {
    bot,
    context: { bot, chatId: undefined },
    banner: [
      "telepot REPL, connected to Telegram (TELEGRAM_BOT_TOKEN).",
      `  bot       ${who}, a blocking Bot: every call returns its result`,
      "  chatId    not known yet: write to your bot in Telegram, then chatId = bot.getUpdates()[0].message.chat.id",
    ],
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: "string", default: "0" } } });
  const token = process.env.TELEGRAM_BOT_TOKEN;
  const session = token ? telegramSession(token) : await emulatorSession(Number(values.port));
  console.log(
    [
      ...session.banner,
      "Try:",
      ...FIRST_CALLS.map((call) => `  ${call}`),
      "require('@telepot/blocking'), '@telepot/async', '@telepot/core' and '@telepot/namedtuple' work here; .exit leaves.",
      "",
    ].join("\n"),
  );
  const server = repl.start({ prompt: "> " });
  Object.assign(server.context, session.context);
  server.on("exit", () => {
    session.bot.dispose();
    const closed = session.emulator?.close() ?? Promise.resolve();
    void closed.then(() => process.exit(0));
  });
}

await main();
