// Scenario 1: 20,000 sendMessage calls at concurrency 64 -> calls/s per library and vs raw undici.
import { type Contender, messageKey, type Sender } from "../contenders/types.ts";
import type { Section } from "../report.ts";
import { runChild, startFake } from "../spawn.ts";
import { fmt } from "../stats.ts";
import { chatIdOf } from "../updates.ts";
import {
  alternate,
  configurationNotes,
  cores,
  fakeCpuMicros,
  medianOf,
  preload,
  problemNotes,
  ratioCells,
  spread,
} from "./common.ts";
import type { Scenario } from "./types.ts";

/** Issues `count` sendMessage calls with `concurrency` in flight; returns how many answers were wrong. */
async function drive(sender: Sender, count: number, concurrency: number, offset: number): Promise<number> {
  let next = 0;
  let wrong = 0;
  const worker = async () => {
    while (next < count) {
      const index = offset + next++;
      const chatId = chatIdOf(index % 1000);
      const message = await sender.sendMessage(chatId, `message ${index}`);
      if (messageKey(message)?.chatId !== chatId) wrong++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return wrong;
}

/** The outbound scenario. */
export const outbound: Scenario = {
  id: "outbound",
  title: "1. Outbound: sendMessage calls/s",
  async run(options) {
    const total = options.quick ? 2_000 : 20_000;
    const warmup = options.quick ? 200 : 1_000;
    const concurrency = 64;
    // Short runs (a few seconds each) are sensitive to anything else on the machine: five rounds.
    const repetitions = options.repetitions ?? (options.quick ? 1 : 5);
    const all = await alternate(
      this.id,
      options.contenders,
      repetitions,
      async (contender: Contender) => {
        const fake = await startFake();
        try {
          return await runChild({
            scenario: this.id,
            contender: contender.id,
            endpoint: fake.endpoint,
            params: { total, warmup, concurrency },
          });
        } finally {
          await fake.stop();
        }
      },
      (values) => `${fmt(values.callsPerSecond ?? Number.NaN)} calls/s`,
    );
    const rows = options.contenders.map((contender) => {
      const series = all.get(contender.id);
      const [vsGrammy, vsRaw] = ratioCells(all, contender.id, "callsPerSecond");
      return [
        contender.label,
        spread(series, "callsPerSecond"),
        vsGrammy,
        vsRaw,
        spread(series, "clientCpu", cores),
        spread(series, "serverCpu", cores),
        series && series.runs.length > 0
          ? String(Math.max(...series.runs.map((run) => run.wrong ?? 0)))
          : "-",
      ];
    });
    const ours = medianOf(all.get("telepot"), "callsPerSecond");
    const grammy = medianOf(all.get("grammy"), "callsPerSecond");
    const raw = medianOf(all.get("undici"), "callsPerSecond");
    const section: Section = {
      id: this.id,
      title: this.title,
      description: [
        `${fmt(total)} sendMessage calls with ${concurrency} in flight (after ${fmt(warmup)} warm-up calls on the same client), ` +
          `each library in a fresh process against a fresh fake server process. Median of ${repetitions} run(s), min-max in brackets. ` +
          "CPU columns: cores busy during the timed window (1.00 = one core), for the library's process and for the fake server; " +
          "a fake near 1.00 would mean the fake, not the library, set the pace.",
      ],
      header: ["Library", "calls/s", "vs grammY", "vs raw undici", "client CPU", "fake CPU", "wrong answers"],
      rows,
      notes: [...configurationNotes(options.contenders, "outbound"), ...problemNotes(all)],
      targets: [
        {
          target: "outbound >= 3x grammY",
          measured: ours && grammy ? `${(ours / grammy).toFixed(2)}x` : "n/a",
          met: ours && grammy ? ours >= 3 * grammy : undefined,
        },
        {
          target: "outbound within 80% of raw undici",
          measured: ours && raw ? `${((ours / raw) * 100).toFixed(0)}%` : "n/a",
          met: ours && raw ? ours >= 0.8 * raw : undefined,
        },
      ],
    };
    return section;
  },
  async measure(contender, params, context) {
    const { total, warmup, concurrency } = params as { total: number; warmup: number; concurrency: number };
    const endpoint = context.endpoint!;
    await preload(contender);
    const sender = await contender.sender(endpoint);
    let wrong = await drive(sender, warmup, concurrency, 0);
    const serverBefore = await fakeCpuMicros(endpoint.apiRoot);
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    wrong += await drive(sender, total, concurrency, warmup);
    const elapsed = performance.now() - started;
    const client = process.cpuUsage(clientBefore);
    const serverAfter = await fakeCpuMicros(endpoint.apiRoot);
    await sender.close();
    return {
      callsPerSecond: total / (elapsed / 1000),
      elapsedMs: elapsed,
      wrong,
      clientCpu: (client.user + client.system) / (elapsed * 1000),
      serverCpu: (serverAfter - serverBefore) / (elapsed * 1000),
    };
  },
};
