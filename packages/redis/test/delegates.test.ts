import {
  type ApiCalls,
  ChatHandler,
  createOpen,
  type HandlerContext,
  type HandlerOptions,
  IdleTerminate,
  type Message,
  type Persistent,
  perChatId,
} from "@telepot/core";
import { afterAll, expect, inject, it } from "vitest";
import { RedisInbox, RedisWorker, WorkerDelegates } from "../src/index.js";
import { clientPool, freshPrefix, textUpdate, until } from "./helpers/fixtures.js";

const { client, quitAll } = clientPool(inject("redisUrl"));
afterAll(quitAll);

// The counters never call the Bot API: what they did goes to the test's log.
const bot = {} as ApiCalls<"async">;

interface Count {
  readonly count: number;
  readonly by: string;
}

/** What a worker's counters saw: `<worker> <chat> <event>`. */
type Log = string[];

/** Counts a chat's messages; "slow" waits for `gate` before counting. */
class Counter extends ChatHandler implements Persistent<Count> {
  #count = 0;
  #by = "";
  readonly #worker: string;
  readonly #log: Log;
  readonly #gate: Promise<void> | undefined;

  constructor(
    ctx: HandlerContext,
    worker: string,
    log: Log,
    gate: Promise<void> | undefined,
    options: HandlerOptions,
  ) {
    super(ctx, options);
    this.#worker = worker;
    this.#log = log;
    this.#gate = gate;
  }

  snapshot(): Count {
    return { count: this.#count, by: this.#by };
  }

  restore(saved: Count): void {
    this.#count = saved.count;
  }

  override async onChatMessage(msg: Message): Promise<void> {
    if (msg.text === "slow") {
      this.#log.push(`${this.#worker} ${this.chatId} waiting`);
      await this.#gate;
    }
    this.#count++;
    this.#by = this.#worker;
    this.#log.push(`${this.#worker} ${this.chatId} ${this.#count}`);
  }

  override onIdle(): void {
    this.#log.push(`${this.#worker} ${this.chatId} idle at ${this.#count}`);
  }

  override onClose(reason: unknown): void {
    this.#log.push(`${this.#worker} ${this.chatId} closed ${(reason as Error).constructor.name}`);
  }
}

function workerOf(
  inbox: RedisInbox,
  name: string,
  log: Log,
  options: { gate?: Promise<void>; timeout?: number; now?: () => number } = {},
): RedisWorker {
  const delegates = new WorkerDelegates(
    bot,
    [[perChatId(), createOpen(Counter, name, log, options.gate, { timeout: options.timeout ?? 3600 })]],
    { now: options.now },
  );
  return new RedisWorker({
    inbox,
    leaseMs: 60_000, // never renewed within a test: a lost claim is made by hand
    pollIntervalMs: 20,
    handle: delegates.handle,
    onIdle: delegates.onIdle,
  });
}

async function savedCount(inbox: RedisInbox, chat: number): Promise<unknown> {
  const state = await inbox.loadState(`chat:${chat}`);
  return (state?.value as { delegates: Record<string, { value: unknown }> } | undefined)?.delegates[
    `0:${chat}`
  ]?.value;
}

it("continues a chat's count when its updates go alternately to two workers", async () => {
  const prefix = freshPrefix();
  const inbox = new RedisInbox({ redis: client(), prefix });
  const log: Log = [];
  const workers = [
    workerOf(inbox, "A", log),
    workerOf(new RedisInbox({ redis: client(), prefix }), "B", log),
  ];
  for (let i = 1; i <= 6; i++) {
    const worker = workers[i % 2] as RedisWorker;
    await worker.start();
    await inbox.append([textUpdate(i, 42)]);
    await until(async () => (await inbox.backlog()) === 0);
    await worker.stop();
    expect(await savedCount(inbox, 42)).toEqual({ count: i, by: i % 2 === 1 ? "B" : "A" });
  }
  expect(log).toEqual(["B 42 1", "A 42 2", "B 42 3", "A 42 4", "B 42 5", "A 42 6"]);
});

it("does not commit the snapshot of a worker whose claim was lost", async () => {
  const prefix = freshPrefix();
  const redis = client();
  const inbox = new RedisInbox({ redis, prefix });
  const log: Log = [];
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const a = workerOf(new RedisInbox({ redis: client(), prefix }), "A", log, { gate });
  const b = workerOf(new RedisInbox({ redis: client(), prefix }), "B", log);
  await a.start();
  await inbox.append([textUpdate(1, 5), textUpdate(2, 5, "slow")]);
  await until(() => log.includes("A 5 waiting"));
  // Update 1's commit may still be on its way while update 2's handler runs.
  await expect.poll(() => savedCount(inbox, 5)).toEqual({ count: 1, by: "A" });
  // A claims nothing more (else it could take the chat back itself), and stalls past its lease
  // (set in the past rather than waited for); B takes the chat over.
  const stopping = a.stop();
  await redis.zadd(inbox.keys.claims, 0, "chat:5");
  await b.start();
  await until(async () => (await inbox.backlog()) === 0);
  expect(await savedCount(inbox, 5)).toEqual({ count: 2, by: "B" });
  open();
  await stopping;
  expect(a.stats.lostClaims).toBe(1);
  expect(log.filter((line) => line.startsWith("A 5"))).toEqual(["A 5 1", "A 5 waiting", "A 5 2"]);
  // A's count of the same update was fenced off: B's snapshot stays.
  expect(await savedCount(inbox, 5)).toEqual({ count: 2, by: "B" });
  await inbox.append([textUpdate(3, 5)]);
  await until(async () => (await inbox.backlog()) === 0);
  expect(await savedCount(inbox, 5)).toEqual({ count: 3, by: "B" });
  await b.stop();
});

it("closes a conversation past its idle deadline through onIdle and onClose, and removes its state", async () => {
  const prefix = freshPrefix();
  const inbox = new RedisInbox({ redis: client(), prefix });
  const log: Log = [];
  const worker = workerOf(inbox, "A", log, { timeout: 1 });
  await worker.start();
  await inbox.append([textUpdate(1, 7), textUpdate(2, 7)]);
  await until(() => log.includes(`A 7 closed ${IdleTerminate.name}`));
  expect(log).toEqual(["A 7 1", "A 7 2", "A 7 idle at 2", `A 7 closed ${IdleTerminate.name}`]);
  await until(async () => (await inbox.loadState("chat:7")) === undefined);
  // The next message starts a new conversation.
  await inbox.append([textUpdate(3, 7)]);
  await until(async () => (await inbox.backlog()) === 0);
  expect(await savedCount(inbox, 7)).toEqual({ count: 1, by: "A" });
  await worker.stop();
});

it("a message past the idle deadline closes the old conversation first, then starts a new one", async () => {
  const prefix = freshPrefix();
  const inbox = new RedisInbox({ redis: client(), prefix });
  const log: Log = [];
  // B's clock is two hours ahead: the deadline A saved (in an hour) has passed for B, while Redis
  // does not expire it yet (no idle claim races with the message).
  const a = workerOf(inbox, "A", log);
  const b = workerOf(new RedisInbox({ redis: client(), prefix }), "B", log, {
    now: () => Date.now() + 7_200_000,
  });
  await a.start();
  await inbox.append([textUpdate(1, 8), textUpdate(2, 8)]);
  await until(async () => (await inbox.backlog()) === 0);
  await a.stop();
  await b.start();
  await inbox.append([textUpdate(3, 8)]);
  await until(async () => (await inbox.backlog()) === 0);
  await b.stop();
  expect(log).toEqual(["A 8 1", "A 8 2", "B 8 idle at 2", `B 8 closed ${IdleTerminate.name}`, "B 8 1"]);
  expect(await savedCount(inbox, 8)).toEqual({ count: 1, by: "B" });
});
