// The entry point of one measurement: a fresh process that loads one scenario and one contender,
// measures, reports over IPC and exits (so nothing a library left running can skew the next run).
import { contenderById } from "./contenders/index.ts";
import { NotAvailable } from "./contenders/types.ts";
import { SCENARIOS } from "./scenarios/index.ts";
import type { ChildContext } from "./scenarios/types.ts";
import type { ChildMessage, Job, Outcome } from "./spawn.ts";

const job = JSON.parse(process.argv[2] ?? "{}") as Job;
let nextAsk = 0;
const pending = new Map<number, (reply: Record<string, unknown>) => void>();
process.on("message", (raw) => {
  const { id, reply } = raw as { id: number; reply: Record<string, unknown> };
  pending.get(id)?.(reply);
  pending.delete(id);
});

const context: ChildContext = {
  endpoint: job.endpoint,
  ask: (message) =>
    new Promise((resolve) => {
      const id = nextAsk++;
      pending.set(id, resolve);
      process.send?.({ type: "ask", id, message } satisfies ChildMessage);
    }),
};

let outcome: Outcome;
try {
  const scenario = SCENARIOS.find((candidate) => candidate.id === job.scenario);
  if (!scenario?.measure) throw new Error(`scenario ${job.scenario} has no child side`);
  outcome = { kind: "ok", values: await scenario.measure(contenderById(job.contender), job.params, context) };
} catch (error) {
  // One line per reason: reasons end up in table notes.
  const reason = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ");
  outcome = error instanceof NotAvailable ? { kind: "na", reason } : { kind: "error", reason };
}
// Exit as soon as the result is delivered: pollers, sockets and timers of the library are not
// allowed to delay or outlive the measurement.
process.send?.({ type: "result", outcome } satisfies ChildMessage, () => process.exit(0));
