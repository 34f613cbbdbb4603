import { once } from "node:events";
import { createServer, request as httpRequest, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  Bot,
  fetchWebhook,
  LateUpdate,
  type MessageLoop,
  nodeHttpWebhook,
  type UpdateContext,
  UpdateQueue,
  type WebhookOptions,
} from "../src/index.js";
import { message, until } from "./receive-telegram.js";

const SECRET = "s3cret_Token-42";
const update = (id: number, text = `u${id}`) => ({ update_id: id, ...message(1, text) });

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// Sends a raw request to the server; `chunks` are written one by one (no content-length if chunked).
function send(
  port: number,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: Buffer[] },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: "/hook",
        method: init.method ?? "POST",
        headers: init.headers,
        agent: false,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts).toString(),
          }),
        );
      },
    );
    req.on("error", reject);
    if (init.chunked) {
      for (const chunk of init.chunked) req.write(chunk);
      req.end();
    } else {
      req.end(init.body);
    }
  });
}

describe("nodeHttpWebhook", () => {
  let server: Server;
  let port: number;
  let queue: UpdateQueue;

  async function listen(options: WebhookOptions = { secretToken: SECRET, maxBodySize: 1024 }) {
    queue = new UpdateQueue();
    server = createServer(nodeHttpWebhook(queue, options));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  }

  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    send(port, {
      body,
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET, ...headers },
    });

  beforeEach(() => listen());
  afterEach(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, "close");
  });

  it("answers 200 and queues the update", async () => {
    const reply = await post(JSON.stringify(update(1)));
    expect(reply).toMatchObject({ status: 200, body: "" });
    expect(queue.size).toBe(1);
  });

  it("answers 405 to other methods", async () => {
    const reply = await send(port, { method: "GET", headers: { "x-telegram-bot-api-secret-token": SECRET } });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe("POST");
    expect(queue.size).toBe(0);
  });

  it("answers 401 to a wrong or missing secret token", async () => {
    expect(
      (await post(JSON.stringify(update(1)), { "x-telegram-bot-api-secret-token": "s3cret_Token-43" }))
        .status,
    ).toBe(401);
    expect(
      (await post(JSON.stringify(update(1)), { "x-telegram-bot-api-secret-token": "short" })).status,
    ).toBe(401);
    const missing = await send(port, { body: JSON.stringify(update(1)) });
    expect(missing.status).toBe(401);
    expect(queue.size).toBe(0);
  });

  it("answers 400 to malformed JSON and to JSON that is not an update", async () => {
    const bad = await post("{not json");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/not JSON/);
    expect((await post('{"message":{}}')).status).toBe(400);
    expect((await post("[1,2]")).status).toBe(400);
    expect(queue.size).toBe(0);
  });

  it("answers 413 to a declared length over the limit, without reading the body", async () => {
    const reply = await post(Buffer.alloc(2048, 0x20));
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe("close");
    expect(queue.size).toBe(0);
  });

  it("answers 413 in a way the sender receives (no reset), however much it sends", async () => {
    const results: string[] = [];
    for (let round = 0; round < 20; round++) {
      const size = 4 * 1024 * 1024 + round * 7919;
      results.push(
        await new Promise<string>((resolve) => {
          const socket = connect(port, "127.0.0.1");
          let reply = "";
          socket.setEncoding("latin1");
          socket.on("data", (chunk: string) => {
            reply += chunk;
          });
          socket.on("error", (error: NodeJS.ErrnoException) =>
            resolve(`error ${error.code}: ${reply.slice(0, 12)}`),
          );
          socket.on("close", () => resolve(reply.slice(0, 12)));
          const head = `POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-telegram-bot-api-secret-token: ${SECRET}\r\ncontent-length: ${size}\r\n\r\n`;
          socket.write(head);
          socket.end(Buffer.alloc(size, 0x20));
        }),
      );
    }
    expect(results).toEqual(results.map(() => "HTTP/1.1 413"));
    expect(queue.size).toBe(0);
  });

  it("answers 413 to a chunked body once it passes the limit", async () => {
    const chunk = Buffer.alloc(600, 0x20);
    const reply = await send(port, {
      headers: { "x-telegram-bot-api-secret-token": SECRET, "transfer-encoding": "chunked" },
      chunked: [chunk, chunk, chunk],
    });
    expect(reply.status).toBe(413);
    expect(queue.size).toBe(0);
  });

  it("checks nothing when no secret is configured, and takes a body a framework already parsed", async () => {
    server.close();
    await listen({});
    expect((await send(port, { body: JSON.stringify(update(5)) })).status).toBe(200);
    const handler = nodeHttpWebhook(queue);
    const res = { writeHead: vi.fn().mockReturnThis(), end: vi.fn() };
    handler({ method: "POST", headers: {}, body: update(6), readableEnded: true } as never, res as never);
    expect(res.writeHead).toHaveBeenCalledWith(200, { "content-length": "0" });
    expect(queue.size).toBe(2);
  });

  it("answers 200 before a slow handler has finished", async () => {
    const bot = new Bot("1:unused", { apiRoot: "http://127.0.0.1:9" });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started = 0;
    let finished = 0;
    const loop = bot.messageLoop(
      async () => {
        started++;
        await gate;
        finished++;
      },
      { source: queue, maxHoldMs: 0 },
    );
    const reply = await post(JSON.stringify(update(1)));
    expect(reply.status).toBe(200);
    await until(() => started === 1);
    expect(finished).toBe(0);
    release();
    await loop.stop();
    expect(finished).toBe(1);
  });

  it("rejects bad options", () => {
    expect(() => nodeHttpWebhook(queue, { secretToken: "has space" })).toThrow(RangeError);
    expect(() => nodeHttpWebhook(queue, { secretToken: "" })).toThrow(RangeError);
    expect(() => nodeHttpWebhook(queue, { maxBodySize: 0 })).toThrow(RangeError);
    // The error does not echo the secret.
    expect(() => nodeHttpWebhook(queue, { secretToken: "bad secret value" })).not.toThrow(/bad secret value/);
  });
});

describe("fetchWebhook", () => {
  const queue = new UpdateQueue();
  const onRequest = fetchWebhook(queue, { secretToken: SECRET, maxBodySize: 1024 });
  const req = (init: RequestInit & { secret?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.secret !== null) headers.set("x-telegram-bot-api-secret-token", init.secret ?? SECRET);
    return new Request("http://bot.example/hook", { method: "POST", ...init, headers });
  };

  it("answers 200 and queues", async () => {
    const before = queue.size;
    const res = await onRequest(req({ body: JSON.stringify(update(1)) }));
    expect(res.status).toBe(200);
    expect(queue.size).toBe(before + 1);
  });

  it("answers 405, 401, 400", async () => {
    const before = queue.size;
    const get = await onRequest(req({ method: "GET" }));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await onRequest(req({ body: JSON.stringify(update(1)), secret: "nope" }))).status).toBe(401);
    expect((await onRequest(req({ body: JSON.stringify(update(1)), secret: null }))).status).toBe(401);
    expect((await onRequest(req({ body: "{oops" }))).status).toBe(400);
    expect((await onRequest(req({ body: '{"update_id":"1"}' }))).status).toBe(400);
    expect(queue.size).toBe(before);
  });

  it("answers 413 by declared length, and mid-stream without reading the rest", async () => {
    const declared = await onRequest(req({ body: "x".repeat(10), headers: { "content-length": "5000" } }));
    expect(declared.status).toBe(413);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512));
      },
    });
    const streamed = await onRequest(req({ body, duplex: "half" } as RequestInit));
    expect(streamed.status).toBe(413);
    // An endless body: reading stopped right after the limit.
    expect(pulled).toBeLessThan(10);
  });

  it("answers 400 to a body cut short, instead of rejecting", async () => {
    const before = queue.size;
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) {
          controller.error(new TypeError("terminated"));
          return;
        }
        sent = true;
        controller.enqueue(new TextEncoder().encode('{"update_id": 1, "mess'));
      },
    });
    const res = await onRequest(req({ body, duplex: "half" } as RequestInit));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/cut short/);
    expect(queue.size).toBe(before);
  });

  it("answers 503 when the queue is full", async () => {
    const small = new UpdateQueue({ maxSize: 1 });
    const handler = fetchWebhook(small);
    expect(
      (await handler(new Request("http://x/", { method: "POST", body: JSON.stringify(update(1)) }))).status,
    ).toBe(200);
    expect(
      (await handler(new Request("http://x/", { method: "POST", body: JSON.stringify(update(2)) }))).status,
    ).toBe(503);
  });
});

describe("messageLoop with a webhook source", () => {
  const bot = new Bot("1:unused", { apiRoot: "http://127.0.0.1:9" });
  let loop: MessageLoop | undefined;

  afterEach(async () => {
    vi.useRealTimers();
    await loop?.stop();
    loop = undefined;
  });

  function collect(
    queue: UpdateQueue,
    options: { ordered?: boolean; maxHold?: number; onError?: (error: unknown) => void } = {},
  ) {
    const got: number[] = [];
    loop = bot.messageLoop((_, context: UpdateContext) => void got.push(context.update.update_id), {
      source: queue,
      ...options,
    });
    return got;
  }

  it("restores update_id order from bytes, text and objects", async () => {
    const queue = new UpdateQueue();
    const got = collect(queue, { maxHold: 1000 });
    queue.put(Buffer.from(JSON.stringify(update(10))));
    // The first update is held up to maxHold for lower ids (Telegram may deliver a backlog over
    // several connections): it comes once that wait is over.
    await expect.poll(() => got.length).toBe(1);
    queue.put(JSON.stringify(update(13)));
    queue.put(update(12));
    await until(() => queue.size === 0);
    queue.put(update(11));
    await until(() => got.length === 4);
    expect(got).toEqual([10, 11, 12, 13]);
  });

  it("waits for lower ids at the start: update 2 then 1 are both handled, in order", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const queue = new UpdateQueue();
    const errors: unknown[] = [];
    const got = collect(queue, { maxHold: 3000, onError: (error) => errors.push(error) });
    queue.put(update(2));
    await vi.advanceTimersByTimeAsync(10);
    queue.put(update(1));
    await vi.advanceTimersByTimeAsync(5000);
    expect(got).toEqual([1, 2]);
    expect(errors).toEqual([]);
  });

  it("handles a late update after its wait ended, reports it, and drops only true duplicates", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const queue = new UpdateQueue();
    const errors: unknown[] = [];
    const got = collect(queue, { maxHold: 3000, onError: (error) => errors.push(error) });
    queue.put(update(1));
    await vi.advanceTimersByTimeAsync(3000);
    queue.put(update(3));
    await vi.advanceTimersByTimeAsync(2999);
    expect(got).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(got).toEqual([1, 3]);
    queue.put(update(2));
    queue.put(update(3));
    queue.put(update(2));
    queue.put(update(4));
    await vi.advanceTimersByTimeAsync(0);
    expect(got).toEqual([1, 3, 2, 4]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(LateUpdate);
    expect(errors[0]).toMatchObject({ updateId: 2, expectedId: 4 });
  });

  it("tells onLate instead of onError when given", async () => {
    const queue = new UpdateQueue();
    const late: [number, number][] = [];
    const errors: unknown[] = [];
    const got: number[] = [];
    loop = bot.messageLoop((_, context: UpdateContext) => void got.push(context.update.update_id), {
      source: queue,
      maxHold: 0,
      onLate: (u, expected) => late.push([u.update_id, expected]),
      onError: (error) => errors.push(error),
    });
    queue.put(update(7));
    await until(() => got.length === 1);
    queue.put(update(6));
    await until(() => got.length === 2);
    expect(got).toEqual([7, 6]);
    expect(late).toEqual([[6, 8]]);
    expect(errors).toEqual([]);
  });

  it("in unordered mode, hands updates on as they arrive", async () => {
    const queue = new UpdateQueue();
    const got = collect(queue, { ordered: false });
    for (const id of [5, 3, 4, 3]) queue.put(update(id));
    await until(() => got.length === 4);
    expect(got).toEqual([5, 3, 4, 3]);
  });

  it("keeps updates put before the loop starts, and after it stops", async () => {
    const queue = new UpdateQueue();
    queue.put(update(1));
    const got = collect(queue, { maxHold: 50 });
    await until(() => got.length === 1);
    await loop!.stop();
    queue.put(update(2));
    expect(queue.size).toBe(1);
    const again = collect(queue, { maxHold: 50 });
    await until(() => again.length === 1);
    expect(again).toEqual([2]);
  });

  it("on stop, hands on updates held for a gap instead of losing them", async () => {
    const queue = new UpdateQueue();
    const got = collect(queue);
    queue.put(update(4));
    queue.put(update(1));
    queue.put(update(6));
    await until(() => queue.size === 0);
    expect(got).toEqual([]);
    await loop!.stop();
    expect(got).toEqual([1, 4, 6]);
  });

  it("refuses a second loop on the same queue", async () => {
    const queue = new UpdateQueue();
    collect(queue);
    const second = bot.messageLoop(() => {}, { source: queue });
    await expect(second.done).rejects.toThrow(/already feeds a message loop/);
  });
});
