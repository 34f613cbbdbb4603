// A blocking bot tested in one file: an emulator started on this thread could never answer a
// blocking call (this thread waits), so the call fails at once and says what to do; the emulator
// started off the thread (startOffThread, same driver) answers it.
import { Bot } from "@telepot/blocking";
import { ServerOnThisThreadError } from "@telepot/core";
import { start, startOffThread } from "@telepot/emulator";
import { describe, expect, it } from "vitest";

describe("a blocking bot and an emulator in one process", () => {
  it("fails at once, saying why and what to do, when the emulator runs on the calling thread", async () => {
    const emu = await start({ port: 0 });
    const account = emu.driver.createBot({ username: "same_thread_bot" });
    const bot = new Bot(account.token, { apiRoot: emu.apiRoot });
    try {
      const getMe = () => bot.getMe();
      expect(getMe).toThrow(ServerOnThisThreadError);
      expect(getMe).toThrow(`getMe: the Bot API server at ${emu.apiRoot} runs on this thread`);
      expect(getMe).toThrow(/startOffThread\(\) from @telepot\/emulator/);
      // The message loop too, before it waits for anything.
      expect(() => bot.notifyOnMessage(() => {})).toThrow(ServerOnThisThreadError);
      // Another host name of the same server is the same server.
      const local = new Bot(account.token, { apiRoot: emu.apiRoot.replace("127.0.0.1", "localhost") });
      expect(() => local.getMe()).toThrow(ServerOnThisThreadError);
      local.dispose();
    } finally {
      bot.dispose();
      await emu.close();
    }
  });

  it("works against the emulator started off the thread, with the same driver", async () => {
    const emu = await startOffThread({ port: 0 });
    try {
      const account = emu.driver.createBot({ username: "off_thread_bot" });
      const alice = emu.driver.createUser({ firstName: "Alice" });
      expect(account).toMatchObject({ kind: "bot", username: "off_thread_bot" });
      expect(alice).toMatchObject({ kind: "user", id: expect.any(Number) });
      const bot = new Bot(account.token, { apiRoot: emu.apiRoot });
      try {
        expect(bot.getMe()).toMatchObject({ is_bot: true, username: "off_thread_bot" });
        alice.send(account, "hello");
        const [update] = bot.getUpdates();
        expect(update?.message).toMatchObject({ text: "hello", chat: { id: alice.id } });
        bot.sendMessage(alice.id, "Good morning!");
        // The driver's waits return Promises, settled while this thread is idle.
        expect((await alice.nextMessage(account)).text).toBe("Good morning!");
        // A failing driver call throws here, with the emulator's message.
        expect(() => emu.driver.createBot({ username: "no-suffix" })).toThrow(/bad bot username/);
      } finally {
        bot.dispose();
      }
    } finally {
      await emu.close();
    }
  });
});
