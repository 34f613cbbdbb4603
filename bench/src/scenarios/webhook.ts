// Scenario 3: webhook inbound. autocannon (its own process) posts updates over loopback to each
// library's node:http webhook handler -> requests/s and p99 latency.

import type { LoadResult } from "../loadgen.ts";
import type { Section } from "../report.ts";
import { runChild, runLoad, startFake } from "../spawn.ts";
import { fmt } from "../stats.ts";
import {
  alternate,
  configurationNotes,
  maxOf,
  medianOf,
  preload,
  problemNotes,
  ratioCells,
  sleep,
  spread,
  unavailable,
} from "./common.ts";
import type { Scenario } from "./types.ts";

/** The webhook scenario. */
export const webhook: Scenario = {
  id: "webhook",
  title: "3. Webhook inbound: requests/s and p99 latency",
  async run(options) {
    const connections = 40;
    const warmupRequests = options.quick ? 1_000 : 4_000;
    const durationSeconds = 2;
    // Loopback webhook runs are the noisiest (two busy processes on two cores): more, shorter rounds.
    const repetitions = options.repetitions ?? (options.quick ? 1 : 5);
    const all = await alternate(
      this.id,
      options.contenders,
      repetitions,
      async (contender) => {
        // The fake answers the getMe some libraries make before handling their first update.
        const fake = await startFake();
        let load: LoadResult | undefined;
        try {
          const outcome = await runChild(
            { scenario: this.id, contender: contender.id, endpoint: fake.endpoint, params: {} },
            async (message) => {
              load = await runLoad({
                url: `http://127.0.0.1:${message.port}${message.path}`,
                connections,
                warmupRequests,
                durationSeconds,
              });
              return { expected: load.okIncludingWarmup };
            },
          );
          if (outcome.kind !== "ok" || !load) return outcome;
          const handledInTotal = outcome.values.handled ?? 0;
          return {
            kind: "ok",
            values: {
              requestsPerSecond: load.requestsPerSecond,
              p50: load.p50,
              p99: load.p99,
              failed: load.non2xx + load.errors + load.timeouts,
              // Every 2xx answer must stand for an update the handler saw (warm-up included).
              unhandled: Math.max(0, load.okIncludingWarmup - handledInTotal),
            },
          };
        } finally {
          await fake.stop();
        }
      },
      (values) => `${fmt(values.requestsPerSecond ?? Number.NaN)} req/s, p99 ${values.p99} ms`,
    );
    const rows = options.contenders.map((contender) => {
      const series = all.get(contender.id);
      const [vsGrammy, vsRaw] = ratioCells(all, contender.id, "requestsPerSecond");
      const failed = maxOf(series, "failed");
      const unhandled = maxOf(series, "unhandled");
      return [
        contender.label,
        spread(series, "requestsPerSecond"),
        vsGrammy,
        vsRaw,
        spread(series, "p50"),
        spread(series, "p99"),
        failed === undefined ? unavailable(series) : fmt(failed),
        unhandled === undefined ? unavailable(series) : fmt(unhandled),
      ];
    });
    const ours = medianOf(all.get("telepot"), "requestsPerSecond");
    const grammy = medianOf(all.get("grammy"), "requestsPerSecond");
    const durable = medianOf(all.get("telepot-durable"), "requestsPerSecond");
    const durableP99 = medianOf(all.get("telepot-durable"), "p99");
    return {
      id: this.id,
      title: this.title,
      description: [
        `autocannon with ${connections} keep-alive connections (Telegram's default max_connections) posts a distinct message ` +
          `update per request, with the secret token header, to the library's node:http handler (each checks the secret): ${fmt(warmupRequests)} warm-up requests, then ${durationSeconds} s measured. ` +
          "The handler only records the update (no API call), so this measures the library's request path. " +
          `Median of ${repetitions} run(s); latencies in ms (autocannon's 1 ms resolution).`,
      ],
      header: [
        "Library",
        "requests/s",
        "vs grammY",
        "vs raw",
        "p50 ms",
        "p99 ms",
        "failed",
        "200 but not handled",
      ],
      rows,
      notes: [
        ...configurationNotes(options.contenders, "webhook"),
        "raw: node:http without undici (undici is a client); it is the no-framework limit here.",
        ...problemNotes(all),
      ],
      targets: [
        {
          target: "webhook >= 1.5x grammY's http adapter",
          measured: ours && grammy ? `${(ours / grammy).toFixed(2)}x` : "n/a",
          met: ours && grammy ? ours >= 1.5 * grammy : undefined,
        },
        {
          target: "durable webhook (SQLite inbox) >= 1.0x grammY's http adapter, p99 < 10 ms",
          measured:
            durable && grammy && durableP99 !== undefined
              ? `${(durable / grammy).toFixed(2)}x, p99 ${fmt(durableP99)} ms`
              : "n/a",
          met:
            durable && grammy && durableP99 !== undefined ? durable >= grammy && durableP99 < 10 : undefined,
        },
      ],
    } satisfies Section;
  },
  async measure(contender, _params, context) {
    await preload(contender);
    let handled = 0;
    const target = await contender.webhook(context.endpoint!, () => {
      handled++;
    });
    const { expected } = (await context.ask({ port: target.port, path: target.path })) as {
      expected: number;
    };
    // A library may answer before its handler runs (telepot queues first): give it time to catch up.
    for (let waited = 0; handled < expected && waited < 5_000; waited += 20) await sleep(20);
    await Promise.race([target.close(), new Promise((resolve) => setTimeout(resolve, 200))]);
    return { handled };
  },
};
