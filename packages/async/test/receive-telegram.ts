// A fake Telegram on 127.0.0.1 that speaks getUpdates as Telegram does: long polling with
// `timeout`, confirming by `offset`, `limit`, 409 for an older poll when a newer one arrives, and
// 401 for a wrong token. Tests add updates and script failures.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiCalls, Update } from "@telepot/core";

/** The parameters of one getUpdates call as received. */
export interface PollRecord {
  readonly offset: number | undefined;
  readonly limit: number | undefined;
  readonly timeout: number | undefined;
  readonly allowed_updates: unknown;
}

/** A scripted answer to the next getUpdates calls instead of updates. */
export type Failure = { status: number; description: string; retry_after?: number } | "destroy";

interface Waiter {
  res: ServerResponse;
  offset: number;
  limit: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** The fake server. */
export class FakeTelegram {
  /** The apiRoot to give a Bot. */
  url = "";
  /** Every getUpdates call, in order. */
  readonly polls: PollRecord[] = [];
  /** Updates not yet confirmed, ascending. */
  pending: unknown[] = [];
  /** Answers to use for the next getUpdates calls (first in, first used). */
  readonly failures: Failure[] = [];
  /** Answer every getUpdates with this failure (e.g. a webhook is set). */
  persistentFailure: Failure | undefined;
  /** Every call of another method (sendMessage ...), in order of arrival. */
  readonly calls: { method: string; params: Record<string, unknown> }[] = [];
  /** How long (ms) other methods take to answer. */
  callDelayMs = 0;
  private nextId = 1;
  private waiter: Waiter | undefined;
  private readonly server = createServer((req, res) => this.serve(req, res));

  constructor(readonly token: string) {}

  /** Starts listening on 127.0.0.1, port 0. */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stops the server and cuts open connections. */
  async close(): Promise<void> {
    if (this.waiter?.timer) clearTimeout(this.waiter.timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Adds updates (each gets the next update_id unless it has one) and wakes a waiting poll. */
  add(...payloads: object[]): Update[] {
    const added = payloads.map((payload) => {
      const update = { update_id: this.nextId, ...payload } as Update;
      this.nextId = update.update_id + 1;
      return update;
    });
    this.pending.push(...added);
    this.wake();
    return added;
  }

  /** Adds raw entries (malformed ones too) exactly as given. */
  addRaw(...entries: unknown[]): void {
    this.pending.push(...entries);
    this.wake();
  }

  /** The smallest update_id not yet confirmed, or undefined when all are. */
  get firstUnconfirmed(): number | undefined {
    for (const entry of this.pending) {
      const id = (entry as { update_id?: unknown } | null)?.update_id;
      if (typeof id === "number") return id;
    }
    return undefined;
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
      if (match === null) {
        reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      } else if (match[1] !== this.token) {
        reply(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      } else if (match[2] !== "getUpdates") {
        const text = Buffer.concat(chunks).toString("utf8");
        this.calls.push({
          method: match[2]!,
          params: (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>,
        });
        if (this.callDelayMs > 0)
          setTimeout(() => reply(res, 200, { ok: true, result: true }), this.callDelayMs);
        else reply(res, 200, { ok: true, result: true });
      } else {
        const text = Buffer.concat(chunks).toString("utf8");
        this.getUpdates(req, res, (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>);
      }
    });
  }

  private getUpdates(req: IncomingMessage, res: ServerResponse, params: Record<string, unknown>): void {
    const record: PollRecord = {
      offset: params.offset as number | undefined,
      limit: params.limit as number | undefined,
      timeout: params.timeout as number | undefined,
      allowed_updates: params.allowed_updates,
    };
    this.polls.push(record);
    // A newer getUpdates ends an older one that is still waiting, as Telegram does.
    const older = this.waiter;
    if (older !== undefined) {
      this.waiter = undefined;
      if (older.timer) clearTimeout(older.timer);
      reply(older.res, 409, {
        ok: false,
        error_code: 409,
        description:
          "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      });
    }
    const failure = this.failures.shift() ?? this.persistentFailure;
    if (failure === "destroy") {
      req.socket.destroy();
      return;
    }
    if (failure !== undefined) {
      const parameters = failure.retry_after === undefined ? undefined : { retry_after: failure.retry_after };
      reply(res, failure.status, {
        ok: false,
        error_code: failure.status,
        description: failure.description,
        ...(parameters ? { parameters } : {}),
      });
      return;
    }
    const offset = record.offset ?? 0;
    if (offset > 0) this.confirmBelow(offset);
    const limit = record.limit ?? 100;
    const ready = this.available(offset, limit);
    const timeout = record.timeout ?? 0;
    if (ready.length > 0 || timeout <= 0) {
      reply(res, 200, { ok: true, result: ready });
      return;
    }
    const waiter: Waiter = { res, offset, limit, timer: undefined };
    waiter.timer = setTimeout(() => {
      if (this.waiter === waiter) this.waiter = undefined;
      reply(res, 200, { ok: true, result: [] });
    }, timeout * 1000);
    this.waiter = waiter;
    res.on("close", () => {
      // The client gave up (aborted): forget the poll.
      if (this.waiter === waiter) {
        this.waiter = undefined;
        clearTimeout(waiter.timer);
      }
    });
  }

  private confirmBelow(offset: number): void {
    this.pending = this.pending.filter((entry) => {
      const id = (entry as { update_id?: unknown } | null)?.update_id;
      // Entries without an id go once anything after them is confirmed.
      return typeof id === "number" ? id >= offset : false;
    });
  }

  private available(offset: number, limit: number): unknown[] {
    const out: unknown[] = [];
    for (const entry of this.pending) {
      const id = (entry as { update_id?: unknown } | null)?.update_id;
      if (typeof id === "number" && id < offset) continue;
      out.push(entry);
      if (out.length >= limit) break;
    }
    return out;
  }

  private wake(): void {
    const waiter = this.waiter;
    if (waiter === undefined) return;
    const ready = this.available(waiter.offset, waiter.limit);
    if (ready.length === 0) return;
    this.waiter = undefined;
    if (waiter.timer) clearTimeout(waiter.timer);
    reply(waiter.res, 200, { ok: true, result: ready });
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** A message update payload for chat `chat` with a text. */
export function message(chat: number, text: string): { message: object } {
  return {
    message: {
      message_id: 1,
      date: 1790000000,
      chat: { id: chat, type: chat > 0 ? "private" : "group" },
      from: { id: Math.abs(chat), is_bot: false, first_name: "U" },
      text,
    },
  };
}

/** Resolves once `predicate` holds, checking after each macrotask turn (no wall-clock timing). */
export async function until(predicate: () => boolean, turns = 100_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (predicate()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("condition not reached");
}

/**
 * A handler that takes a turn per update and records the ids it handled (`got`), and, at each
 * poll the server receives, how many fetched updates had not been handled yet (`backlogAtPoll`).
 */
export function backlogProbe(telegram: FakeTelegram): {
  got: number[];
  backlogAtPoll: number[];
  handle: (payload: unknown, context: { update: Update }) => Promise<void>;
} {
  const got: number[] = [];
  const backlogAtPoll: number[] = [];
  const record = telegram.polls.push.bind(telegram.polls);
  telegram.polls.push = (...polls) => {
    backlogAtPoll.push((polls[0]!.offset ?? 1) - 1 - got.length);
    return record(...polls);
  };
  const handle = async (_: unknown, context: { update: Update }) => {
    await new Promise((r) => setImmediate(r));
    got.push(context.update.update_id);
  };
  return { got, backlogAtPoll, handle };
}

/**
 * A polling api over `bot` for a process that dies: after `die()`, no request goes out and no
 * answer comes back (without a stop, as after a kill -9).
 */
export function dyingApi(bot: Pick<ApiCalls<"async">, "getUpdates">): {
  api: { getUpdates: ApiCalls<"async">["getUpdates"] };
  die: () => void;
} {
  let dead = false;
  const api = {
    getUpdates: ((params?: Parameters<ApiCalls<"async">["getUpdates"]>[0]) =>
      new Promise((resolve, reject) => {
        if (dead) return;
        bot.getUpdates(params).then(
          (v) => dead || resolve(v),
          (e) => dead || reject(e),
        );
      })) as ApiCalls<"async">["getUpdates"],
  };
  const die = () => {
    dead = true;
  };
  return { api, die };
}
