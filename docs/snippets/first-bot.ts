// The README's first program: a bot that says who it is.
//   TELEGRAM_BOT_TOKEN=<token> node docs/snippets/first-bot.ts
// #region readme-first-bot
import { Bot } from "@telepot/async";

// The token comes from the environment: a token is a secret, keep it out of your code.
// TELEGRAM_API_ROOT is unset for Telegram, or the address of the emulator (see "The emulator").
const bot = new Bot(process.env.TELEGRAM_BOT_TOKEN!, { apiRoot: process.env.TELEGRAM_API_ROOT });
console.log(await bot.getMe());
// #endregion
await bot.dispose();
