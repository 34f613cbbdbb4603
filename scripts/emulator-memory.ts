// Memory of the emulator after a long run: 100,000 messages in one private chat (a user and a bot
// taking turns, the bot confirming its updates as a polling bot does), with the emulator's bounds
// (the driver's log per chat, the messages a chat keeps) and without them, for comparison.
// Prints numbers; it asserts nothing. Run: ./dev build && node --expose-gc scripts/emulator-memory.ts
import { Driver, Runtime } from "@telepot/emulator";

const MESSAGES = Number(process.argv[2] ?? 100_000);

/** Heap in use after a full collection, in MB. */
function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function run(bounded: boolean): Promise<void> {
  const runtime = new Runtime();
  if (!bounded) runtime.world.messageLimitPerChat = Number.POSITIVE_INFINITY;
  const driver = new Driver(runtime.world, 5000, bounded ? undefined : Number.POSITIVE_INFINITY);
  const bot = driver.createBot({ username: "memory_bot" });
  const record = runtime.world.bots.get(bot.id);
  if (!record) throw new Error("no bot");
  const ann = driver.createUser({ firstName: "Ann" });
  ann.start(bot);
  const before = heapMb();
  let offset = 0;
  for (let i = 1; i <= MESSAGES; i++) {
    if (i % 2 === 1) ann.send(bot, `message number ${i} from Ann`);
    else await runtime.call(record, "sendMessage", { chat_id: ann.id, text: `reply number ${i}` });
    if (i % 200 === 0) {
      const { result } = await runtime.call(record, "getUpdates", { offset, timeout: 0 });
      const updates = result as { update_id: number }[];
      if (updates.length > 0) offset = (updates.at(-1)?.update_id ?? 0) + 1;
      await runtime.call(record, "getUpdates", { offset, timeout: 0, limit: 1 });
    }
  }
  const after = heapMb();
  const chat = runtime.world.chats.get(`p${bot.id}_${ann.id}`);
  console.log(
    `${bounded ? "bounded  " : "unbounded"}: ${MESSAGES} messages, heap ${before.toFixed(1)} -> ${after.toFixed(1)} MB ` +
      `(+${(after - before).toFixed(1)} MB); the chat keeps ${chat?.messages.size} messages, ` +
      `the driver ${driver.logSize} log entries`,
  );
  runtime.close();
}

await run(true);
await run(false);
