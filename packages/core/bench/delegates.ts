// Memory of the conversation engine: heap per idle ChatHandler delegate (100,000 of them, each
// with a live idle timer on the real clock), and heap before/after 1,000,000 open/close cycles.
// Run after building core:  node --expose-gc packages/core/bench/delegates.ts [--quick]
// (--quick: 20,000 delegates and 300,000 cycles). bench/src/scenarios/conversations.ts parses the
// output lines: keep their wording. Not part of the test suite: the numbers depend on the machine.
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

const mb = (bytes: number, digits = 1) => `${(bytes / 1024 / 1024).toFixed(digits)} MB`;

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

// Each cycle opens a conversation (its idle timer armed) and closes it with the next message.
class OneShot extends ChatHandler<"blocking"> {
  override onChatMessage(msg: { text?: string }) {
    if (msg.text === "bye") this.close();
    else this.sender.sendMessage("hi");
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
  const cycle = (i: number) => {
    const chat = i % 50_000;
    engine.feed(message(chat, "hi"));
    engine.feed(message(chat, "bye"));
  };
  // Warm up (JIT, inline caches, the delegate map's table) before measuring.
  const warm = Math.max(cycles / 10, 10_000);
  for (let i = 0; i < warm; i++) cycle(i);
  const before = heap();
  const started = performance.now();
  for (let i = 0; i < cycles; i++) cycle(i);
  const ms = performance.now() - started;
  const after = heap();
  console.log(
    `open/close cycles: ${cycles.toLocaleString("en")} in ${(ms / 1000).toFixed(2)} s (${((cycles / ms) * 1000).toFixed(0)}/s)`,
  );
  console.log(
    `  heap before ${mb(before)}, after ${mb(after)} (difference ${mb(after - before, 3)}); live delegates: ${engine.size}; pending timers: ${clock.pending} (heap entries ${clock.size})`,
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
    `  heap before ${mb(before)}, after ${mb(after)} (difference ${mb(after - before, 3)}); live delegates: ${engine.size}`,
  );
}

const quick = process.argv.includes("--quick");
await idleDelegates(quick ? 20_000 : 100_000);
openCloseCycles(quick ? 300_000 : 1_000_000);
await asyncOpenCloseCycles(quick ? 50_000 : 200_000);
