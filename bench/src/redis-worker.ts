// A worker process of the scale-out scenario: takes updates from the shared Redis inbox with a
// 5 ms I/O-bound handler (a timer, as a database or HTTP call would be), records each update's
// latency from its append (the time is in the update's text) to its handler's end, and prints
// the latencies and its own CPU time (from ready to stop) as one JSON line when told to stop
// (SIGTERM).
import { RedisInbox, RedisWorker } from "@telepot/redis";

const [redisUrl, prefix, handlerMs] = process.argv.slice(2) as [string, string, string];
const latenciesMs: number[] = [];
const inbox = new RedisInbox({ redis: redisUrl, prefix });
const worker = new RedisWorker({
  inbox,
  concurrency: Number(process.argv[5] ?? 8),
  handle: async (update) => {
    await new Promise((resolve) => setTimeout(resolve, Number(handlerMs)));
    latenciesMs.push(Date.now() - Number(update.message?.text));
  },
});
await worker.start();
const cpuAtReady = process.cpuUsage();
process.stdout.write("ready\n");
process.once("SIGTERM", async () => {
  await worker.stop();
  const cpu = process.cpuUsage(cpuAtReady);
  process.stdout.write(`${JSON.stringify({ latenciesMs, cpuUs: cpu.user + cpu.system })}\n`);
  await inbox.close();
  process.exit(0);
});
