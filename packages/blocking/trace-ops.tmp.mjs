import { Bot } from "@telepot/async";
let bot;
const abs = () => performance.timeOrigin + performance.now();
export function createOps({ data }) {
  bot = new Bot("123:bench", { apiRoot: data });
  return {
    traced: async (t0) => { const t1 = abs(); await bot.getMe(); const t2 = abs(); return [t0, t1, t2, abs()]; },
  };
}
