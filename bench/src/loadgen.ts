// The webhook load generator, in its own process so it never shares a core's event loop with the
// library being measured: autocannon posts a distinct message update per request (update_id and
// chat vary, as Telegram's would) and reports requests/s and latency percentiles over IPC.
import { createRequire } from "node:module";
import { chatIdOf, FIRST_UPDATE_ID, messageUpdate, WEBHOOK_SECRET } from "./updates.ts";

/** What the orchestrator asks for. */
export interface LoadRequest {
  url: string;
  connections: number;
  /** Requests sent (and all answered) before the measured run; a count, not a duration, so the
   * warm-up cancels no request and leaves no gap in the update_id sequence. */
  warmupRequests: number;
  durationSeconds: number;
}

/** What the load generator reports. */
export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  ok: number;
  /** 2xx answers including the warm-up (each must be an update the handler saw). */
  okIncludingWarmup: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface AutocannonRequest {
  method: string;
  path?: string;
  headers: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}

interface AutocannonResult {
  duration: number;
  latency: { p50: number; p99: number };
  requests: { total: number };
  "2xx": number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
const request = JSON.parse(process.argv[2] ?? "{}") as LoadRequest;
let nextId = 0;

function run(limit: { duration: number } | { amount: number }): Promise<AutocannonResult> {
  return autocannon({
    url: request.url,
    connections: request.connections,
    ...limit,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
        setupRequest: (template: AutocannonRequest) => {
          const id = nextId++;
          return {
            ...template,
            body: JSON.stringify(messageUpdate(FIRST_UPDATE_ID + id, chatIdOf(id % 1000))),
          };
        },
      },
    ],
  });
}

const warmup = request.warmupRequests > 0 ? await run({ amount: request.warmupRequests }) : undefined;
const result = await run({ duration: request.durationSeconds });
const report: LoadResult = {
  requestsPerSecond: result.requests.total / result.duration,
  p50: result.latency.p50,
  p99: result.latency.p99,
  total: result.requests.total,
  ok: result["2xx"],
  okIncludingWarmup: result["2xx"] + (warmup?.["2xx"] ?? 0),
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
};
process.send?.(report, () => process.exit(0));
