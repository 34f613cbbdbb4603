// Interop: the scenario's bot written with Telegraf runs unchanged against the emulator.
import { Telegraf } from "telegraf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start } from "../../src/index.js";
import { STEPS, type StepContext, WRONG_TOKEN } from "./scenario.js";
import { telegrafBot } from "./telegraf-bot.js";

let ctx: StepContext;
let bot: Telegraf;
let running: Promise<void> | undefined;
beforeAll(async () => {
  const emu = await start({ port: 0 });
  const handle = emu.driver.createBot({ username: "telegraf_interop_bot" });
  ctx = { emu, bot: handle, user: emu.driver.createUser({ firstName: "Ann" }) };
  bot = telegrafBot(handle.token, emu.apiRoot);
  await new Promise<void>((onLaunch) => {
    running = bot.launch(onLaunch);
  });
});
afterAll(async () => {
  bot?.stop("test over");
  await running?.catch(() => undefined);
  await ctx?.emu.close();
});

describe("Telegraf 4.16 against the emulator", () => {
  for (const step of STEPS) it(step.name, () => step.run(ctx));

  it("a wrong token", async () => {
    const wrong = new Telegraf(WRONG_TOKEN, { telegram: { apiRoot: ctx.emu.apiRoot } });
    await expect(wrong.telegram.getMe()).rejects.toMatchObject({
      response: { ok: false, error_code: 401, description: "Unauthorized" },
    });
  });
});
