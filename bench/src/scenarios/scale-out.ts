// Scenario 8: scale-out on Redis. Updates over 200 chats go into the shared inbox; 1, 2 and 4
// worker processes take them with a 5 ms I/O-bound handler. Measured: updates/s (a backlog drained
// from the first append to the last commit), p99 latency from append to handler end at a steady
// feed of 100 updates/s, Redis commands per update (INFO commandstats), and CPU time per update
// of the workers and of Redis (which, unlike updates/s, a loaded machine hardly moves).
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Update } from "@telepot/core";
import { RedisInbox } from "@telepot/redis";
import { startRedisServer } from "@telepot/redis/testing";
import { Redis } from "ioredis";
import type { Section } from "../report.ts";
import { fmt, median, quantile } from "../stats.ts";
import { progress, sleep } from "./common.ts";
import type { Scenario } from "./types.ts";

const WORKER = fileURLToPath(new URL("../redis-worker.ts", import.meta.url));
const HANDLER_MS = 5;
const CHATS = 200;
// Conversations each worker handles at once. Small enough that a worker is held by its handlers'
// I/O waits (8 / 5 ms = 1,600 updates/s at most), not by the CPU: on 2 cores, 64 at once made one
// worker CPU-bound (about 6,500 updates/s with Redis on the same cores), and more workers then
// only shared the same cores.
const WORKER_CONCURRENCY = 8;

function update(id: number): Update {
  const chat = (id % CHATS) + 1;
  return {
    update_id: id,
    message: {
      message_id: id,
      date: 0,
      chat: { id: chat, type: "private", first_name: "u" },
      text: String(Date.now()),
    },
  } as Update;
}

function startWorker(
  url: string,
  prefix: string,
): { child: ChildProcess; lines: string[]; ready: Promise<void> } {
  const child = spawn(
    process.execPath,
    [WORKER, url, prefix, String(HANDLER_MS), String(WORKER_CONCURRENCY)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines: string[] = [];
  let buffer = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let at = buffer.indexOf("\n"); at >= 0; at = buffer.indexOf("\n")) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      if (line === "ready") markReady();
      else lines.push(line);
    }
  });
  return { child, lines, ready };
}

/** Calls of every command so far (commands inside scripts included), and of scripts alone. */
async function commandCalls(redis: Redis): Promise<{ all: number; scripts: number }> {
  const info = await redis.info("commandstats");
  const all = [...info.matchAll(/calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  const scripts = [...info.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+)/g)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
  return { all, scripts };
}

/** CPU seconds Redis has used so far (user + system, all its threads). */
async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info("cpu");
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)?.[1] ?? Number.NaN);
  return field("used_cpu_user") + field("used_cpu_sys");
}

interface Run {
  rate: number;
  p99Ms: number;
  commandsPerUpdate: number;
  scriptsPerUpdate: number;
  workerCpuUsPerUpdate: number;
  redisCpuUsPerUpdate: number;
}

async function measure(
  url: string,
  workers: number,
  backlog: number,
  pacedRate: number,
  pacedCount: number,
): Promise<Run> {
  const prefix = `bench:{${workers}-${Date.now()}}:`;
  const redis = new Redis(url);
  const inbox = new RedisInbox({ redis, prefix });
  const children = Array.from({ length: workers }, () => startWorker(url, prefix));
  await Promise.all(children.map((child) => child.ready));
  // Throughput: a backlog appended at once, drained by the workers.
  const callsBefore = await commandCalls(redis);
  const redisCpuBefore = await redisCpuSeconds(redis);
  const started = performance.now();
  for (let id = 1; id <= backlog; id += 500) {
    await inbox.append(Array.from({ length: Math.min(500, backlog - id + 1) }, (_, i) => update(id + i)));
  }
  while ((await inbox.backlog()) > 0) await sleep(5);
  const seconds = (performance.now() - started) / 1000;
  // Our own polling of the backlog is not the bot's work: leave it out of the count.
  const callsAfter = await commandCalls(redis);
  const commands = callsAfter.all - callsBefore.all - Math.ceil(seconds * 200) - 2;
  const scripts = callsAfter.scripts - callsBefore.scripts;
  // Redis's CPU includes appending the backlog and our polling (the same for every worker count).
  const redisCpuUs = ((await redisCpuSeconds(redis)) - redisCpuBefore) * 1e6;
  let workerCpuUs = 0;
  await Promise.all(
    children.map(({ child, lines }) => {
      const exited = new Promise<void>((resolve) =>
        child.once("exit", () => {
          for (const line of lines) workerCpuUs += (JSON.parse(line) as { cpuUs: number }).cpuUs;
          resolve();
        }),
      );
      child.kill("SIGTERM");
      return exited;
    }),
  );
  // Latency: a steady feed at `pacedRate`, one update per tick, with fresh workers.
  const paced = Array.from({ length: workers }, () => startWorker(url, prefix));
  await Promise.all(paced.map((child) => child.ready));
  const intervalMs = 1000 / pacedRate;
  const feedStart = performance.now();
  for (let i = 0; i < pacedCount; i++) {
    const due = feedStart + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    await inbox.append([update(backlog + 1 + i)]);
  }
  while ((await inbox.backlog()) > 0) await sleep(5);
  const latencies: number[] = [];
  await Promise.all(
    paced.map(
      ({ child, lines }) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => {
            for (const line of lines)
              latencies.push(...(JSON.parse(line) as { latenciesMs: number[] }).latenciesMs);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
  await redis.quit();
  return {
    rate: backlog / seconds,
    p99Ms: quantile(latencies, 0.99),
    commandsPerUpdate: commands / backlog,
    scriptsPerUpdate: scripts / backlog,
    workerCpuUsPerUpdate: workerCpuUs / backlog,
    redisCpuUsPerUpdate: redisCpuUs / backlog,
  };
}

/** The scale-out scenario. */
export const scaleOut: Scenario = {
  id: "scale-out",
  title: "8. Scale-out on Redis: worker processes sharing one inbox",
  async run(options) {
    const backlog = options.quick ? 1_000 : 4_000;
    const pacedCount = options.quick ? 100 : 400;
    // Rounds of 1, 2 and 4 workers in turn, so that a burst of load elsewhere on the machine
    // spreads over all counts rather than falling on one; each figure is the median of the rounds.
    const repetitions = options.repetitions ?? (options.quick ? 1 : 3);
    const server = await startRedisServer();
    const runs = new Map<number, Run[]>();
    try {
      for (let round = 1; round <= repetitions; round++) {
        for (const workers of [1, 2, 4]) {
          progress(`scale-out: ${workers} worker(s), round ${round} of ${repetitions}`);
          const run = await measure(server.url, workers, backlog, 100, pacedCount);
          runs.set(workers, [...(runs.get(workers) ?? []), run]);
        }
      }
    } finally {
      await server.stop();
    }
    const medianOfRuns = (workers: number, field: keyof Run) =>
      median((runs.get(workers) ?? []).map((run) => run[field]));
    const one = medianOfRuns(1, "rate");
    const two = medianOfRuns(2, "rate");
    return {
      id: this.id,
      title: this.title,
      description: [
        `${backlog} updates over ${CHATS} chats appended at once to the Redis inbox (a real redis-server on 127.0.0.1, ` +
          `AOF with appendfsync always), drained by 1, 2 or 4 worker processes (RedisWorker, ${WORKER_CONCURRENCY} conversations at once ` +
          `each, so the handlers' I/O waits bound a worker) whose handler waits ${HANDLER_MS} ms (I/O-bound). updates/s = backlog / time from the first append to ` +
          `an empty inbox. p99 latency: from append to handler end, with ${pacedCount} updates fed at 100/s. Redis ` +
          "commands per update: INFO commandstats calls during the drain (the commands inside the scripts count one by one; " +
          "the script calls themselves, claims and batched commits, are the next column), less the orchestrator's own polling. " +
          "CPU per update: the worker processes' CPU time (user + system) from ready to stop, and Redis's (INFO cpu, appending " +
          `the backlog included), over the drain, per update. Medians of ${repetitions} round(s) (updates/s: with the slowest and ` +
          "fastest round); on a loaded machine updates/s and latency move a lot, CPU per update much less.",
      ],
      header: [
        "workers",
        "updates/s",
        "vs 1 worker",
        "p99 latency ms",
        "Redis commands/update",
        "of them scripts",
        "worker CPU us/update",
        "Redis CPU us/update",
      ],
      rows: [...runs].map(([workers, series]) => {
        const rates = series.map((run) => run.rate);
        const rate = medianOfRuns(workers, "rate");
        return [
          String(workers),
          rates.length > 1
            ? `${fmt(rate)} (${fmt(Math.min(...rates))}-${fmt(Math.max(...rates))})`
            : fmt(rate),
          `${(rate / one).toFixed(2)}x`,
          fmt(medianOfRuns(workers, "p99Ms")),
          medianOfRuns(workers, "commandsPerUpdate").toFixed(1),
          medianOfRuns(workers, "scriptsPerUpdate").toFixed(1),
          fmt(medianOfRuns(workers, "workerCpuUsPerUpdate")),
          fmt(medianOfRuns(workers, "redisCpuUsPerUpdate")),
        ];
      }),
      notes: [],
      targets: [
        {
          target: "scale-out: 2 workers >= 1.8x one worker (5 ms I/O-bound handler)",
          measured: `${(two / one).toFixed(2)}x (${fmt(one)} -> ${fmt(two)} updates/s)`,
          met: Number.isFinite(two / one) ? two / one >= 1.8 : undefined,
        },
      ],
    } satisfies Section;
  },
};
