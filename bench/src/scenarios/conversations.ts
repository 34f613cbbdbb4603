// Scenario 4: conversations - memory per idle delegate at 100,000 chats and a leak check over a
// million delegate open/close cycles. The measurement itself lives next to the conversation engine
// (packages/core/bench/delegates.ts, written with it); this scenario runs it in a fresh process
// and reports what it prints.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Section } from "../report.ts";
import { progress } from "./common.ts";
import type { Scenario } from "./types.ts";

const script = fileURLToPath(new URL("../../../packages/core/bench/delegates.ts", import.meta.url));

/** A number printed by the script after/before a label ("991 bytes per delegate"), or undefined. */
function number(output: string, pattern: RegExp, occurrence = 0): number | undefined {
  const matches = [...output.matchAll(new RegExp(pattern.source, `${pattern.flags}g`))];
  const text = matches[occurrence]?.[1];
  return text === undefined ? undefined : Number(text.replaceAll(",", ""));
}

/** A leak adds at least one small object (tens of bytes) per cycle; less than 1 byte per cycle is no growth. */
const GROWTH_TOLERANCE_BYTES_PER_CYCLE = 1;

const PEERS = [
  "grammY: conversations come from the @grammyjs/conversations plugin (not installed here): each chat's conversation " +
    "is kept as stored state (a replay log of what it awaited) in a storage adapter, and the conversation function is " +
    "replayed on each update; its memory is what that storage holds, so the measurement would be of the plugin plus storage.",
  "Telegraf: Scenes/WizardScene with the session middleware; per-chat state lives in the session store (in memory by default).",
  "node-telegram-bot-api 2.x: no conversation layer; a bot keeps its own per-chat state (e.g. a Map keyed by chat id) " +
    "and has to delete entries itself to avoid growth.",
];

/** The conversations scenario. */
export const conversations: Scenario = {
  id: "conversations",
  title: "4. Conversations: memory per idle delegate, leak check",
  async run(options) {
    const base: Omit<Section, "rows" | "header" | "targets"> = {
      id: this.id,
      title: this.title,
      description: [
        "Measured by packages/core/bench/delegates.ts (run in a fresh `node --expose-gc` process): heap per idle delegate " +
          "with 100,000 chats open, and heap growth over 1,000,000 delegate open/close cycles. Ours only; the peers " +
          "have no delegate model (see notes).",
      ],
      notes: PEERS,
    };
    const target = (measured: string, met: boolean | undefined) => ({
      target: "< 1.5 KB heap per idle delegate, no growth over open/close cycles",
      measured,
      met,
    });
    if (!existsSync(script)) {
      progress("[conversations] not available yet: packages/core/bench/delegates.ts does not exist");
      return {
        ...base,
        header: ["Measure", "status"],
        rows: [["telepot delegates", "not available yet (packages/core/bench/delegates.ts missing)"]],
        targets: [target("n/a", undefined)],
      };
    }
    const args = ["--expose-gc", script, ...(options.quick ? ["--quick"] : [])];
    const output = await new Promise<{ stdout: string; error?: string }>((resolve) => {
      execFile(
        process.execPath,
        args,
        { maxBuffer: 16 * 2 ** 20, timeout: 300_000 },
        (error, stdout, stderr) =>
          resolve(error ? { stdout, error: `${error.message}\n${stderr}`.trim() } : { stdout }),
      );
    });
    progress(`[conversations] ${output.error ? `ERROR ${output.error}` : "done"}`);
    const text = output.stdout;
    const perDelegate = number(text, /([\d,]+) bytes per delegate/);
    const live = number(text, /delegates: ([\d,]+) live/);
    const cycles = number(text, /^open\/close cycles: ([\d,]+)/m);
    const cyclesPerSecond = number(text, /open\/close cycles: [\d,]+ in [\d.]+ s \((\d+)\/s\)/);
    const growthMb = number(text, /difference (-?[\d.]+) MB/);
    const asyncCycles = number(text, /async open\/close cycles: ([\d,]+)/);
    const asyncGrowthMb = number(text, /difference (-?[\d.]+) MB/, 1);
    const show = (value: number | undefined, unit = "") =>
      value === undefined ? "not reported" : `${value.toLocaleString("en-US")}${unit}`;
    const rows = [
      [`heap per idle delegate (${show(live)} live, each with an idle timer)`, show(perDelegate, " B")],
      [`heap growth over ${show(cycles)} open/close cycles (blocking)`, show(growthMb, " MB")],
      ["open/close cycles per second", show(cyclesPerSecond)],
      [`heap growth over ${show(asyncCycles)} open/close cycles (async)`, show(asyncGrowthMb, " MB")],
    ];
    const noGrowth =
      growthMb === undefined || cycles === undefined
        ? undefined
        : (growthMb * 2 ** 20) / cycles < GROWTH_TOLERANCE_BYTES_PER_CYCLE &&
          (asyncGrowthMb === undefined ||
            asyncCycles === undefined ||
            (asyncGrowthMb * 2 ** 20) / asyncCycles < GROWTH_TOLERANCE_BYTES_PER_CYCLE);
    const met =
      perDelegate === undefined || noGrowth === undefined ? undefined : perDelegate < 1536 && noGrowth;
    return {
      ...base,
      description: [
        ...base.description,
        `"No growth" means less than ${GROWTH_TOLERANCE_BYTES_PER_CYCLE} byte of heap per cycle (a leak keeps at least one object, tens of bytes, per cycle). The script's output:`,
        `\`\`\`\n${(output.error ?? text).trim()}\n\`\`\``,
      ],
      header: ["Measure", "value"],
      rows,
      targets: [
        target(
          `${show(perDelegate, " B")} per delegate; growth ${show(growthMb, " MB")} over ${show(cycles)} cycles`,
          met,
        ),
      ],
    };
  },
};
