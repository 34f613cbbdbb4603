// Scenario 7: flood control. A broadcast of 600 messages to 600 chats against the fake enforcing
// Telegram's limits (30 messages/s overall, 1/s per chat): achieved rate vs 30/s, and 429s.
import type { FakeServerStats } from "../fake-server.ts";
import type { Section } from "../report.ts";
import { runChild, startFake } from "../spawn.ts";
import { fmt } from "../stats.ts";
import { chatIdOf } from "../updates.ts";
import {
  alternate,
  configurationNotes,
  getJson,
  maxOf,
  medianOf,
  preload,
  problemNotes,
  type Series,
  spread,
  unavailable,
} from "./common.ts";
import type { Scenario } from "./types.ts";

const LIMIT_PER_SECOND = 30;

/** The earliest first-429 time over the runs ("-" when no run got a 429). */
function earliest429(series: Series | undefined): string {
  if (!series || series.runs.length === 0) return unavailable(series);
  const times = series.runs
    .map((run) => run.first429 ?? Number.NaN)
    .filter((value) => Number.isFinite(value));
  return times.length === 0
    ? "-"
    : `${Math.min(...times).toFixed(2)} (${times.length}/${series.runs.length} runs)`;
}

/** The flood-control scenario. */
export const flood: Scenario = {
  id: "flood",
  title: "7. Flood control: broadcast to distinct chats under Telegram's limits",
  async run(options) {
    const messages = options.quick ? 150 : 600;
    const repetitions = options.repetitions ?? (options.quick ? 1 : 2);
    const all = await alternate(
      this.id,
      options.contenders,
      repetitions,
      async (contender) => {
        const fake = await startFake({ flood: { globalPerSecond: LIMIT_PER_SECOND, perChatPerSecond: 1 } });
        try {
          return await runChild(
            { scenario: this.id, contender: contender.id, endpoint: fake.endpoint, params: { messages } },
            undefined,
            { timeoutMs: 180_000 },
          );
        } finally {
          await fake.stop();
        }
      },
      (values) =>
        `${fmt(values.delivered ?? 0)}/${messages} delivered at ${fmt(values.rate ?? Number.NaN)}/s, ` +
        `${values.tooMany} x 429, ${values.failed} failed`,
    );
    const rows = options.contenders.map((contender) => {
      const series = all.get(contender.id);
      const rate = medianOf(series, "rate");
      const counter = (key: string) => {
        const value = maxOf(series, key);
        return value === undefined ? unavailable(series) : fmt(value);
      };
      return [
        contender.label,
        spread(series, "delivered"),
        spread(series, "rate"),
        rate === undefined ? unavailable(series) : `${((rate / LIMIT_PER_SECOND) * 100).toFixed(0)}%`,
        counter("tooMany"),
        counter("failed"),
        counter("peak"),
        earliest429(series),
      ];
    });
    const ours = all.get("telepot");
    const oursRate = medianOf(ours, "rate");
    const ours429 = maxOf(ours, "tooMany");
    const oursDelivered = medianOf(ours, "delivered");
    return {
      id: this.id,
      title: this.title,
      description: [
        `${messages} sendMessage calls to ${messages} distinct chats, all issued at once (a broadcast left to the library's ` +
          `flood control). The fake enforces ${LIMIT_PER_SECOND} accepted sends in any sliding 1 s window and 1/s per chat, ` +
          "answering 429 with parameters.retry_after otherwise. Rate = messages delivered / wall time from the first call until " +
          `every call settled; % is of the ${LIMIT_PER_SECOND}/s limit. 429s, failures (calls that rejected) and the peak ` +
          `accepted in one window are the worst run; "first 429 at" is the earliest, in seconds after the first accepted send, and in how many runs any 429 came. Median of ${repetitions} run(s).`,
      ],
      header: [
        "Library",
        "delivered",
        "msgs/s",
        "of 30/s",
        "429s",
        "failed calls",
        "peak in 1 s",
        "first 429 at s",
      ],
      rows,
      notes: [...configurationNotes(options.contenders, "flood"), ...problemNotes(all)],
      targets: [
        {
          target: "flood control >= 95% of the allowed rate with zero 429s",
          measured:
            oursRate === undefined
              ? "n/a"
              : `${((oursRate / LIMIT_PER_SECOND) * 100).toFixed(0)}%, ${ours429} x 429, ${oursDelivered}/${messages} delivered`,
          met:
            oursRate === undefined
              ? undefined
              : oursRate >= 0.95 * LIMIT_PER_SECOND && ours429 === 0 && oursDelivered === messages,
        },
      ],
    } satisfies Section;
  },
  async measure(contender, params, context) {
    const { messages } = params as { messages: number };
    const endpoint = context.endpoint!;
    await preload(contender);
    const sender = await contender.floodSender(endpoint);
    const started = performance.now();
    const settled = await Promise.allSettled(
      Array.from({ length: messages }, (_, index) =>
        sender.sendMessage(chatIdOf(index), `broadcast ${index}`),
      ),
    );
    const elapsed = performance.now() - started;
    await sender.close();
    const stats = await getJson<FakeServerStats>(`${endpoint.apiRoot}/__bench/stats`);
    return {
      delivered: stats.accepted,
      rate: stats.accepted / (elapsed / 1000),
      elapsedMs: elapsed,
      tooMany: stats.tooManyRequests,
      failed: settled.filter((result) => result.status === "rejected").length,
      peak: stats.peakPerSecond,
      first429: stats.firstTooManyAfterMs < 0 ? Number.NaN : stats.firstTooManyAfterMs / 1000,
    };
  },
};
