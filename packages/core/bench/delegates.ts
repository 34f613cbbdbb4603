// Memory of the conversation engine: heap per idle ChatHandler delegate (100,000 of them, each
// with a live idle timer on the real clock), and heap before/after 1,000,000 open/close cycles.
// Run after building core:  node --expose-gc packages/core/bench/delegates.ts
// Not part of the test suite: the numbers depend on the machine and the Node version.
import {
  ChatHandler,
  createOpen,
  Delegator,
  ManualClock,
  perChatId,
  systemTimerClock,
} from "../dist/index.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error("run with --expose-gc: node --expose-gc packages/core/bench/delegates.ts");
  process.exit(2);
}

function heap(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// A bot whose methods resolve at once (async) or return at once (blocking).
function fakeBot(mode: "async" | "blocking") {
  const result = { message_id: 1 };
  return new Proxy(
    {},
    {
      get: (_t, name) =>
        name === "then" ? undefined : () => (mode === "async" ? Promise.resolve(result) : result),
    },
  ) as never;
}

function message(chatId: number, text: string) {
  return { message_id: 1, date: 0, chat: { id: chatId, type: "private" }, text };
}

class Counter extends ChatHandler {
  count = 0;
  override async onChatMessage() {
    this.count += 1;
    await this.sender.sendMessage(String(this.count));
  }
}

async function idleDelegates(n: number): Promise<void> {
  const before = heap();
  const engine = new Delegator(fakeBot("async"), [[perChatId(), createOpen(Counter, { timeout: 3600 })]], {
    clock: systemTimerClock,
  });
  for (let chat = 1; chat <= n; chat++) engine.feed(message(chat, "hi"));
  await engine.settled();
  const after = heap();
  const per = (after - before) / n;
  console.log(
    `idle ChatHandler delegates: ${n.toLocaleString("en")} live (each with a sender and an idle timer)`,
  );
  console.log(
    `  heap: ${mb(before)} -> ${mb(after)}; ${mb(after - before)} total, ${per.toFixed(0)} bytes per delegate`,
  );
  console.log(`  live delegates in the engine: ${engine.size}`);
  if (engine.size !== n) throw new Error("delegates missing");
  engine.closeAll();
  await engine.settled();
  console.log(`  after closeAll(): ${engine.size} live, heap ${mb(heap())}`);
}

class OneShot extends ChatHandler<"blocking"> {
  override onChatMessage() {
    this.sender.sendMessage("bye");
    this.close();
  }
}

function openCloseCycles(cycles: number): void {
  const clock = new ManualClock();
  const engine = new Delegator<"blocking">(
    fakeBot("blocking"),
    [[perChatId(), createOpen(OneShot, { timeout: 60 })]],
    {
      clock,
    },
  );
  const warm = 10_000;
  for (let i = 0; i < warm; i++) engine.feed(message(i, "x"));
  const before = heap();
  const started = performance.now();
  for (let i = 0; i < cycles; i++) engine.feed(message(i % 50_000, "x"));
  const ms = performance.now() - started;
  const after = heap();
  console.log(
    `open/close cycles: ${cycles.toLocaleString("en")} in ${(ms / 1000).toFixed(2)} s (${((cycles / ms) * 1000).toFixed(0)}/s)`,
  );
  console.log(
    `  heap before ${mb(before)}, after ${mb(after)} (difference ${mb(after - before)}); live delegates: ${engine.size}; pending timers: ${clock.pending}`,
  );
}

async function asyncOpenCloseCycles(cycles: number): Promise<void> {
  class AsyncOneShot extends ChatHandler {
    override async onChatMessage() {
      await this.sender.sendMessage("bye");
      this.close();
    }
  }
  const engine = new Delegator(fakeBot("async"), [[perChatId(), createOpen(AsyncOneShot, { timeout: 60 })]], {
    clock: new ManualClock(),
  });
  const before = heap();
  const started = performance.now();
  for (let i = 0; i < cycles; i++) {
    engine.feed(message(i % 1000, "x"));
    if (i % 1000 === 999) await engine.settled();
  }
  await engine.settled();
  const ms = performance.now() - started;
  const after = heap();
  console.log(`async open/close cycles: ${cycles.toLocaleString("en")} in ${(ms / 1000).toFixed(2)} s`);
  console.log(
    `  heap before ${mb(before)}, after ${mb(after)} (difference ${mb(after - before)}); live delegates: ${engine.size}`,
  );
}

await idleDelegates(100_000);
openCloseCycles(1_000_000);
await asyncOpenCloseCycles(200_000);
