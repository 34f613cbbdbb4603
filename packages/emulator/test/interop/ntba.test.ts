// Interop: the scenario's bot written with node-telegram-bot-api runs unchanged against the emulator.
import TelegramBot from "node-telegram-bot-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start } from "../../src/index.js";
import { ntbaBot } from "./ntba-bot.js";
import { STEPS, type StepContext, WRONG_TOKEN } from "./scenario.js";

let ctx: StepContext;
let bot: TelegramBot;
const errors: unknown[] = [];
beforeAll(async () => {
  const emu = await start({ port: 0 });
  const handle = emu.driver.createBot({ username: "ntba_interop_bot" });
  ctx = { emu, bot: handle, user: emu.driver.createUser({ firstName: "Ann" }) };
  bot = ntbaBot(handle.token, emu.apiRoot);
  bot.on("polling_error", (e) => errors.push(e));
});
afterAll(async () => {
  await bot?.stopPolling({ cancel: true });
  await ctx?.emu.close();
});

describe("node-telegram-bot-api 0.67 against the emulator", () => {
  for (const step of STEPS) it(step.name, () => step.run(ctx));

  it("a wrong token", async () => {
    const wrong = new TelegramBot(WRONG_TOKEN, { baseApiUrl: ctx.emu.apiRoot });
    await expect(wrong.getMe()).rejects.toMatchObject({
      code: "ETELEGRAM",
      response: { statusCode: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } },
    });
    expect(errors).toEqual([]);
  });
});
