import { it } from "vitest";
import { start } from "/work/main/packages/emulator/src/index.js";

it("bench", async () => {
  const emu = await start({ port: 0 });
  const bot = emu.driver.createBot({ username: "bench_bot" });
  const u = emu.driver.createUser({ firstName: "B" });
  u.start(bot);
  const url = `${emu.apiRoot}/bot${bot.token}/sendMessage`;
  const body = JSON.stringify({ chat_id: u.id, text: "hello" });
  const n = 3000,
    conc = 10;
  let i = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (i++ < n) {
        const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
        await r.json();
      }
    }),
  );
  const dt = performance.now() - t0;
  console.log(`sendMessage: ${n} calls in ${dt.toFixed(0)} ms = ${((n / dt) * 1000).toFixed(0)}/s`);
  // update round trip: user message -> long poll returns
  const lat: number[] = [];
  let offset = 0;
  for (let k = 0; k < 200; k++) {
    const p = fetch(`${emu.apiRoot}/bot${bot.token}/getUpdates`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ offset, timeout: 10 }),
    }).then((r) => r.json());
    while (!emu.runtime.world.bots.get(bot.id)?.updates.polling) await new Promise((r) => setTimeout(r, 0));
    const s = performance.now();
    u.send(bot, "x");
    const res = (await p) as { result: { update_id: number }[] };
    lat.push(performance.now() - s);
    offset = res.result.at(-1)!.update_id + 1;
  }
  lat.sort((a, b) => a - b);
  console.log(`long-poll wake-up median ${lat[100]!.toFixed(2)} ms p95 ${lat[190]!.toFixed(2)} ms`);
  await emu.close();
}, 60000);
