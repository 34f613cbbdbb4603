// Measures a blocking getMe against the same call through the async Bot, on loopback, against a
// tiny Bot API server in a separate process. Prints the medians and their ratio.
//   ./dev exec node packages/blocking/bench/latency.ts [calls]
import { type ChildProcess, spawn } from "node:child_process";
import { Bot as AsyncBot } from "@telepot/async";
import { Bot } from "@telepot/blocking";

const TOKEN = "123:bench";
let server: ChildProcess | undefined;
const CALLS = Number(process.argv[2] ?? 3000);
const WARMUP = 300;
process.on("exit", () => server?.kill());

const SERVER = `
  const body = JSON.stringify({ ok: true, result: { id: 1, is_bot: true, first_name: "Bench", username: "bench_bot" } });
  require("node:http").createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  }).listen(0, "127.0.0.1", function () { console.log(this.address().port); });
`;

function startServer(): Promise<{ child: ChildProcess; apiRoot: string }> {
  const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve) => {
    child.stdout?.once("data", (chunk: Buffer) =>
      resolve({ child, apiRoot: `http://127.0.0.1:${chunk.toString().trim()}` }),
    );
  });
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

// Rounds alternate between the two bots, so both see the same machine (load from other
// processes comes and goes); the medians are over all rounds' samples.
const ROUNDS = 10;

async function timeAsync(bot: AsyncBot, n: number, into: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await bot.getMe();
    into.push(performance.now() - t0);
  }
}

function timeBlocking(bot: Bot, n: number, into: number[]): void {
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    bot.getMe();
    into.push(performance.now() - t0);
  }
}

const { child, apiRoot } = await startServer();
server = child;
try {
  const asyncBot = new AsyncBot(TOKEN, { apiRoot });
  // The default spin depends on the cores (defaultSpinMicros): both settings are measured explicitly.
  const blocking = new Bot(TOKEN, { apiRoot, spinMicros: 300 });
  const noSpin = new Bot(TOKEN, { apiRoot, spinMicros: 0 });
  const samples = { async: [] as number[], blocking: [] as number[], noSpin: [] as number[] };
  await timeAsync(asyncBot, WARMUP, []);
  timeBlocking(blocking, WARMUP, []);
  timeBlocking(noSpin, WARMUP, []);
  const perRound = Math.ceil(CALLS / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    await timeAsync(asyncBot, perRound, samples.async);
    timeBlocking(blocking, perRound, samples.blocking);
    timeBlocking(noSpin, perRound, samples.noSpin);
  }
  const a = median(samples.async) * 1000;
  const b = median(samples.blocking) * 1000;
  const c = median(samples.noSpin) * 1000;
  console.log(`getMe on loopback, median of ${perRound * ROUNDS} calls each, ${ROUNDS} alternating rounds:`);
  console.log(`  async Bot:                       ${a.toFixed(0)} us`);
  console.log(`  blocking Bot (300 us spin):      ${b.toFixed(0)} us  (${(b / a).toFixed(2)}x)`);
  console.log(`  blocking Bot (no spin):          ${c.toFixed(0)} us  (${(c / a).toFixed(2)}x)`);
  await asyncBot.dispose();
  blocking.dispose();
  noSpin.dispose();
} finally {
  child.kill();
}
