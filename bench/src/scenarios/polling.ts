// Scenario 2: polling inbound. The fake serves 100,000 updates from 1,000 chats in batches of
// 100; the handler awaits a 1 ms timer per update and the benchmark checks each chat's order.

import type { MessageHandler } from "../contenders/types.ts";
import { measureInboxSize } from "../inbox-size.ts";
import type { Section } from "../report.ts";
import { runChild, startFake } from "../spawn.ts";
import { fmt } from "../stats.ts";
import { FIRST_UPDATE_ID } from "../updates.ts";
import {
  alternate,
  configurationNotes,
  maxOf,
  medianOf,
  preload,
  problemNotes,
  ratioCells,
  type Series,
  spread,
  unavailable,
} from "./common.ts";
import type { Scenario } from "./types.ts";

/**
 * Watches the handler calls: an update of a chat arriving after a later update of that chat is an
 * order violation; a second update of a chat starting while one is still running is an overlap
 * (the chat's updates were not handled one after another); a repeat is a duplicate.
 */
export class OrderTracker {
  handled = 0;
  violations = 0;
  overlaps = 0;
  duplicates = 0;
  private readonly seen: Uint8Array;
  private readonly last = new Map<number, number>();
  private readonly running = new Map<number, number>();

  constructor(count: number) {
    this.seen = new Uint8Array(count);
  }

  /** Records the start of an update's handling. */
  enter(chatId: number, sequence: number): void {
    const index = sequence - FIRST_UPDATE_ID;
    if (this.seen[index] === 1) this.duplicates++;
    this.seen[index] = 1;
    const last = this.last.get(chatId);
    if (last !== undefined && sequence < last) this.violations++;
    else this.last.set(chatId, sequence);
    const running = this.running.get(chatId) ?? 0;
    if (running > 0) this.overlaps++;
    this.running.set(chatId, running + 1);
  }

  /** Records the end of an update's handling. */
  leave(chatId: number): void {
    this.running.set(chatId, (this.running.get(chatId) ?? 1) - 1);
    this.handled++;
  }
}

/** One telepot row's rate against grammY's and whether it kept each chat's order, for the targets table. */
function telepotVerdict(
  series: Series | undefined,
  grammyRate: number | undefined,
): { text: string; met: boolean | undefined } {
  const rate = medianOf(series, "updatesPerSecond");
  if (!series || series.runs.length === 0 || !rate || !grammyRate) return { text: "n/a", met: undefined };
  const orderKept = maxOf(series, "violations") === 0 && maxOf(series, "overlaps") === 0;
  return {
    text: `${(rate / grammyRate).toFixed(2)}x, order ${orderKept ? "kept" : "NOT kept"}`,
    met: rate >= 2 * grammyRate && orderKept,
  };
}

/** The polling scenario. */
export const polling: Scenario = {
  id: "polling",
  title: "2. Polling inbound: updates/s with a 1 ms handler, per-chat order checked",
  async run(options) {
    const count = options.quick ? 10_000 : 100_000;
    const chats = 1_000;
    const capMs = options.quick ? 4_000 : 5_000;
    const repetitions = options.repetitions ?? (options.quick ? 1 : 3);
    const all = await alternate(
      this.id,
      options.contenders,
      repetitions,
      async (contender, round) => {
        const fake = await startFake({ updates: { count, chats, seed: 42 + round, batch: 100 } });
        try {
          return await runChild({
            scenario: this.id,
            contender: contender.id,
            endpoint: fake.endpoint,
            params: { count, capMs },
          });
        } finally {
          await fake.stop();
        }
      },
      (values) =>
        `${fmt(values.updatesPerSecond ?? Number.NaN)} updates/s, ${fmt(values.handled ?? 0)} handled, ` +
        `${values.violations} order violations, ${values.overlaps} overlaps`,
    );
    const rows = options.contenders.map((contender) => {
      const series = all.get(contender.id);
      const [vsGrammy, vsRaw] = ratioCells(all, contender.id, "updatesPerSecond");
      const counter = (key: string) => {
        const value = maxOf(series, key);
        return value === undefined ? unavailable(series) : fmt(value);
      };
      const handled = medianOf(series, "handled");
      return [
        contender.label,
        spread(series, "updatesPerSecond"),
        vsGrammy,
        vsRaw,
        handled === undefined ? unavailable(series) : `${fmt(handled)}${handled < count ? " (cap)" : ""}`,
        counter("violations"),
        counter("overlaps"),
        counter("duplicates"),
      ];
    });
    const grammyRate = medianOf(all.get("grammy"), "updatesPerSecond");
    // Like for like: grammY's runner confirms updates on fetch (at-most-once), so the target compares
    // telepot with the same guarantee; the default (at-least-once) is reported beside it.
    const likeForLike = telepotVerdict(all.get("telepot-amo"), grammyRate);
    const byDefault = telepotVerdict(all.get("telepot"), grammyRate);
    const durable = telepotVerdict(all.get("telepot-durable"), grammyRate);
    const durableRate = medianOf(all.get("telepot-durable"), "updatesPerSecond");
    const amoRate = medianOf(all.get("telepot-amo"), "updatesPerSecond");
    const durableVsAmo = durableRate && amoRate ? durableRate / amoRate : undefined;
    const size = options.contenders.some((c) => c.id === "telepot-durable")
      ? await measureInboxSize()
      : undefined;
    return {
      id: this.id,
      title: this.title,
      description: [
        `${fmt(count)} message updates from ${fmt(chats)} chats (each update's chat drawn at random, seeded, so a batch often ` +
          `holds several updates of one chat), served in getUpdates batches of 100 honouring offset. The handler records the update, ` +
          "awaits `setTimeout(1)` and returns. The clock runs from starting the library's loop until every update was handled, " +
          `or stops at ${fmt(capMs / 1000)} s (then the rate is over the updates handled so far, marked "cap"). Median of ${repetitions} run(s).`,
        "Delivery guarantees differ. telepot's default loop confirms an update to the server only after its handler " +
          "finished (at-least-once: after a crash the updates in flight come again); since the server re-sends everything " +
          "from the first unconfirmed update, a slow update holds back polling. grammY's runner confirms updates as soon as " +
          'it fetched them (at-most-once). The row "telepot, at-most-once" is telepot with the documented option ' +
          '`delivery: "at-most-once"`, the same guarantee as grammY\'s runner: the target compares that row with grammY ' +
          "and reports the default beside it.",
        "Order columns (worst run): _violations_ = an update of a chat started after a later update of the same chat; " +
          "_overlaps_ = an update of a chat started while an earlier one of that chat was still in its handler " +
          "(the chat was not handled sequentially); _duplicates_ = an update handled twice.",
      ],
      header: [
        "Library",
        "updates/s",
        "vs grammY",
        "vs raw undici",
        "handled",
        "violations",
        "overlaps",
        "duplicates",
      ],
      rows,
      notes: [...configurationNotes(options.contenders, "polling"), ...problemNotes(all)],
      targets: [
        {
          target: "polling inbound >= 2x grammY runner, order kept (both at-most-once)",
          measured: `at-most-once ${likeForLike.text}; default (at-least-once) ${byDefault.text}`,
          met: likeForLike.met,
        },
        {
          target: "durable polling >= 2x grammY runner and within 10% of at-most-once",
          measured:
            `durable ${durable.text}; ` +
            (durableVsAmo === undefined
              ? "vs at-most-once n/a"
              : `${Math.round(durableVsAmo * 100)}% of at-most-once`),
          met:
            durable.met === undefined || durableVsAmo === undefined
              ? undefined
              : durable.met && durableVsAmo >= 0.9,
        },
        {
          target: "inbox bytes per pending update and per conversation state (reported)",
          measured:
            size === undefined
              ? "n/a"
              : `${fmt(Math.round(size.perUpdate))} B per pending update (its JSON: ${fmt(size.updateJson)} B); ` +
                `${fmt(Math.round(size.perState))} B per conversation state`,
          met: size === undefined ? undefined : true,
        },
      ],
    } satisfies Section;
  },
  async measure(contender, params, context) {
    const { count, capMs } = params as { count: number; capMs: number };
    await preload(contender);
    const tracker = new OrderTracker(count);
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const handler: MessageHandler = async (chatId, sequence) => {
      tracker.enter(chatId, sequence);
      await new Promise((resolve) => setTimeout(resolve, 1));
      tracker.leave(chatId);
      if (tracker.handled >= count) finish();
    };
    const started = performance.now();
    const poller = await contender.poll(context.endpoint!, handler);
    const cap = setTimeout(finish, capMs);
    await finished;
    const elapsed = performance.now() - started;
    clearTimeout(cap);
    const result = {
      updatesPerSecond: tracker.handled / (elapsed / 1000),
      elapsedMs: elapsed,
      handled: tracker.handled,
      violations: tracker.violations,
      overlaps: tracker.overlaps,
      duplicates: tracker.duplicates,
    };
    await Promise.race([poller.stop().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 200))]);
    return result;
  },
};
