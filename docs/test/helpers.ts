// Shared by the docs tests: an emulator with one bot and one user, and a Bot pointed at it.
import { Bot } from "@telepot/async";
import {
  type BotHandle,
  type Emulator,
  type EmulatorOptions,
  start,
  type UserHandle,
} from "@telepot/emulator";

/** An emulator, a bot account on it, a user (Nick) who has opened a chat with it, and a Bot for the account. */
export interface World {
  readonly emu: Emulator;
  readonly account: BotHandle;
  readonly nick: UserHandle;
  readonly bot: Bot;
  /** Closes the Bot and the emulator. */
  close(): Promise<void>;
}

/** Starts a world on 127.0.0.1 (any free port); `options` go to the emulator. */
export async function world(options: EmulatorOptions = {}): Promise<World> {
  // The driver waits generously: a loaded machine can take seconds to answer.
  const emu = await start({ driverTimeout: 30_000, ...options, port: 0, web: false });
  const account = emu.driver.createBot({ username: "YourBot", inlineFeedback: true });
  const nick = emu.driver.createUser({ firstName: "Nick" });
  const bot = new Bot(account.token, { apiRoot: emu.apiRoot });
  return {
    emu,
    account,
    nick,
    bot,
    async close() {
      await bot.dispose();
      await emu.close();
    },
  };
}

/** Polls `check` every 5 ms until it gives a value; rejects after `timeout` ms saying `what`. */
export async function eventually<T>(check: () => T | undefined, what: string, timeout = 5000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} (waited ${timeout} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
