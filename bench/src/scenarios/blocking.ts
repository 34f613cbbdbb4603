// Scenario 5: the round-trip latency of a blocking call vs the same async call (telepot only: no
// peer has a blocking API). Until @telepot/blocking exports a Bot this prints "not available yet".
import { fileURLToPath, pathToFileURL } from "node:url";
import { NotAvailable } from "../contenders/types.ts";
import type { Section } from "../report.ts";
import { runChild, startFake } from "../spawn.ts";
import { fmt, median, quantile } from "../stats.ts";
import { chatIdOf } from "../updates.ts";
import { progress } from "./common.ts";
import type { Scenario } from "./types.ts";

interface AnyBot {
  sendMessage(chatId: number, text: string): unknown;
  close?(): unknown;
}
type BotConstructor = new (token: string, options: object) => AnyBot;

/** Loads a workspace package's Bot: by name if bench/ depends on it, else from its built dist. */
async function loadBot(packageName: string, folder: string): Promise<BotConstructor> {
  let module: Record<string, unknown>;
  try {
    const specifier: string = packageName;
    module = (await import(specifier)) as Record<string, unknown>;
  } catch {
    const dist = fileURLToPath(new URL(`../../../packages/${folder}/dist/index.js`, import.meta.url));
    try {
      module = (await import(pathToFileURL(dist).href)) as Record<string, unknown>;
    } catch (error) {
      throw new NotAvailable(`${packageName} cannot be imported: ${(error as Error).message}`);
    }
  }
  if (typeof module.Bot !== "function") throw new NotAvailable(`${packageName} does not export a Bot yet`);
  return module.Bot as BotConstructor;
}

/** The blocking scenario. */
export const blocking: Scenario = {
  id: "blocking",
  title: "5. Blocking: round-trip latency of a blocking call vs the same async call",
  async run(options) {
    const calls = options.quick ? 1_000 : 5_000;
    const repetitions = options.repetitions ?? (options.quick ? 1 : 3);
    const runs: Record<string, number>[] = [];
    let problem: string | undefined;
    for (let round = 0; round < repetitions && problem === undefined; round++) {
      const fake = await startFake();
      try {
        const outcome = await runChild({
          scenario: this.id,
          contender: "telepot",
          endpoint: fake.endpoint,
          params: { calls },
        });
        if (outcome.kind === "ok") {
          runs.push(outcome.values);
          progress(
            `[blocking] ${round + 1}/${repetitions}: async ${fmt(outcome.values.asyncMedianUs ?? 0)} us, ` +
              `blocking ${fmt(outcome.values.blockingMedianUs ?? 0)} us`,
          );
        } else {
          problem = outcome.reason;
          progress(`[blocking] ${outcome.kind === "na" ? "not available yet" : "ERROR"}: ${outcome.reason}`);
        }
      } finally {
        await fake.stop();
      }
    }
    const mid = (key: string) => median(runs.map((run) => run[key] ?? Number.NaN));
    const ratio = mid("blockingMedianUs") / mid("asyncMedianUs");
    const available = runs.length > 0;
    const rows = available
      ? [
          ["raw undici Pool (reference)", fmt(mid("rawMedianUs")), fmt(mid("rawP99Us")), ""],
          [
            "telepot async: await bot.sendMessage",
            fmt(mid("asyncMedianUs")),
            fmt(mid("asyncP99Us")),
            "1.00x",
          ],
          [
            "telepot blocking: bot.sendMessage",
            fmt(mid("blockingMedianUs")),
            fmt(mid("blockingP99Us")),
            `${ratio.toFixed(2)}x`,
          ],
        ]
      : [["telepot blocking", "not available yet"]];
    return {
      id: this.id,
      title: this.title,
      description: [
        `${fmt(calls)} sequential sendMessage calls per kind in one process, interleaved in blocks of 100 ` +
          "(raw undici, async, blocking), each call timed on its own after 200 warm-up calls per kind. " +
          `Median of the per-run medians over ${repetitions} run(s), microseconds.`,
      ],
      header: available ? ["Call", "median us", "p99 us", "vs async"] : ["Call", "status"],
      rows,
      notes: [
        "No peer library offers a blocking call; this compares our two drivers on the same fake server.",
        ...(problem === undefined ? [] : [`telepot blocking: ${problem}`]),
      ],
      targets: [
        {
          target: "blocking call <= 1.3x the async call",
          measured: available ? `${ratio.toFixed(2)}x` : "n/a",
          met: available ? ratio <= 1.3 : undefined,
        },
      ],
    } satisfies Section;
  },
  async measure(_contender, params, context) {
    const { calls } = params as { calls: number };
    const { apiRoot, token } = context.endpoint!;
    const BlockingBot = await loadBot("@telepot/blocking", "blocking");
    const AsyncBot = await loadBot("@telepot/async", "async");
    const { Pool } = await import("undici");
    const pool = new Pool(apiRoot);
    const blockingBot = new BlockingBot(token, { apiRoot });
    const asyncBot = new AsyncBot(token, { apiRoot });
    const raw = async (text: string) => {
      const response = await pool.request({
        method: "POST",
        path: `/bot${token}/sendMessage`,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ chat_id: chatIdOf(1), text }),
      });
      await response.body.json();
    };
    const samples = { raw: [] as number[], async: [] as number[], blocking: [] as number[] };
    const block = async (count: number, record: boolean) => {
      for (let i = 0; i < count; i++) {
        const started = performance.now();
        await raw(`raw ${i}`);
        if (record) samples.raw.push(performance.now() - started);
      }
      for (let i = 0; i < count; i++) {
        const started = performance.now();
        await asyncBot.sendMessage(chatIdOf(1), `async ${i}`);
        if (record) samples.async.push(performance.now() - started);
      }
      for (let i = 0; i < count; i++) {
        const started = performance.now();
        const result = blockingBot.sendMessage(chatIdOf(1), `blocking ${i}`);
        if (record) samples.blocking.push(performance.now() - started);
        if (result instanceof Promise) throw new Error("the blocking Bot's sendMessage returned a Promise");
      }
    };
    await block(200, false);
    for (let done = 0; done < calls; done += 100) await block(100, true);
    await blockingBot.close?.();
    await asyncBot.close?.();
    await pool.close();
    const us = (values: number[], q?: number) =>
      (q === undefined ? median(values) : quantile(values, q)) * 1000;
    return {
      rawMedianUs: us(samples.raw),
      rawP99Us: us(samples.raw, 0.99),
      asyncMedianUs: us(samples.async),
      asyncP99Us: us(samples.async, 0.99),
      blockingMedianUs: us(samples.blocking),
      blockingP99Us: us(samples.blocking, 0.99),
    };
  },
};
