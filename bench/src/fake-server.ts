// A minimal fake of the Telegram Bot API, fast enough not to be the bottleneck: it answers
// getMe, sendMessage, getUpdates (prepared batches, honouring offset, long poll when drained),
// setWebhook/deleteWebhook/getWebhookInfo, and optionally enforces Telegram's flood limits.
// It always runs in its own process (see fake-server-main.ts) so it never shares an event loop
// with the library being measured.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { chatSequence, FIRST_UPDATE_ID, messageUpdate } from "./updates.ts";

/** The prepared update stream a polling run drains. */
export interface UpdateStreamConfig {
  /** How many updates in total. */
  count: number;
  /** How many distinct chats they come from. */
  chats: number;
  /** The seed choosing each update's chat. */
  seed: number;
  /** The most updates one getUpdates answer carries (Telegram: 100). */
  batch: number;
}

/** Telegram's outgoing limits, enforced as sliding one-second windows. */
export interface FloodLimits {
  /** Messages per second across all chats (Telegram: about 30). */
  globalPerSecond: number;
  /** Messages per second to one chat (Telegram: about 1). */
  perChatPerSecond: number;
}

/** What the fake is told when it starts. */
export interface FakeServerConfig {
  /** The only token it accepts (others get 401, as Telegram does). */
  token: string;
  /** Updates to serve through getUpdates; without it getUpdates long-polls and returns []. */
  updates?: UpdateStreamConfig;
  /** Flood limits to enforce on send* methods; without it every send succeeds. */
  flood?: FloodLimits;
}

/** Counters the fake exposes at GET /__bench/stats. */
export interface FakeServerStats {
  /** Requests per Bot API method. */
  methods: Record<string, number>;
  /** send* calls answered with 200. */
  accepted: number;
  /** send* calls answered with 429. */
  tooManyRequests: number;
  /** Distinct chats that received at least one message. */
  chatsReached: number;
  /** Time of the first and last accepted send (ms, server clock). */
  firstAcceptedAt: number;
  /** See firstAcceptedAt. */
  lastAcceptedAt: number;
  /** The largest number of sends accepted within any one-second window. */
  peakPerSecond: number;
  /** When the first 429 was answered, ms after the first accepted send (-1: never). */
  firstTooManyAfterMs: number;
}

const BOT_USER = { id: 123456789, is_bot: true, first_name: "Bench", username: "bench_bot" };
const BOT_ME = JSON.stringify({
  ok: true,
  result: {
    ...BOT_USER,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  },
});
const TRUE = JSON.stringify({ ok: true, result: true });
const NO_UPDATES = JSON.stringify({ ok: true, result: [] });
const WEBHOOK_INFO = JSON.stringify({
  ok: true,
  result: { url: "", has_custom_certificate: false, pending_update_count: 0 },
});

type Params = Record<string, string | number | boolean | object | null | undefined>;

/** An HTTP answer: status and JSON body. */
type Reply = readonly [status: number, body: string];

/** Starts the fake on 127.0.0.1 (an ephemeral port) and resolves once it listens. */
export async function startFakeServer(config: FakeServerConfig): Promise<{ server: Server; port: number }> {
  const api = new FakeApi(config);
  const server = createServer((req, res) => {
    api.handle(req, res).catch((error: unknown) => {
      send(res, 500, JSON.stringify({ ok: false, error_code: 500, description: String(error) }));
    });
  });
  // Telegram keeps idle connections open for a long time; a short server-side keep-alive would
  // make clients race against closing sockets and measure reconnects instead of the library.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 130_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** The request handling; one instance per server. */
class FakeApi {
  private readonly config: FakeServerConfig;
  private readonly prefix: string;
  private readonly updates: string[] = [];
  private confirmed = 0;
  private nextMessageId = 1;
  private readonly stats: FakeServerStats = {
    methods: {},
    accepted: 0,
    tooManyRequests: 0,
    chatsReached: 0,
    firstAcceptedAt: 0,
    lastAcceptedAt: 0,
    peakPerSecond: 0,
    firstTooManyAfterMs: -1,
  };
  private readonly acceptedTimes: number[] = [];
  private readonly lastSendToChat = new Map<string, number>();

  constructor(config: FakeServerConfig) {
    this.config = config;
    this.prefix = `/bot${config.token}/`;
    if (config.updates) {
      const { count, chats, seed } = config.updates;
      const sequence = chatSequence(count, chats, seed);
      // Serialized once up front so serving a batch is a string join, not a JSON walk.
      for (let i = 0; i < count; i++) {
        this.updates.push(JSON.stringify(messageUpdate(FIRST_UPDATE_ID + i, sequence[i]!)));
      }
    }
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [status, body] = await this.reply(req);
    send(res, status, body);
  }

  private async reply(req: IncomingMessage): Promise<Reply> {
    const url = req.url ?? "/";
    const queryAt = url.indexOf("?");
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    if (path.startsWith("/__bench/")) return this.control(path);
    const body = await readBody(req);
    if (!path.startsWith(this.prefix)) {
      return [401, JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" })];
    }
    const method = path.slice(this.prefix.length);
    this.stats.methods[method] = (this.stats.methods[method] ?? 0) + 1;
    const params = parseParams(
      req.headers["content-type"],
      body,
      queryAt === -1 ? "" : url.slice(queryAt + 1),
    );
    switch (method.toLowerCase()) {
      case "getme":
        return [200, BOT_ME];
      case "sendmessage":
        return this.sendMessage(params);
      case "getupdates":
        return this.getUpdates(params, req);
      case "setwebhook":
      case "deletewebhook":
      case "close":
      case "logout":
        return [200, TRUE];
      case "getwebhookinfo":
        return [200, WEBHOOK_INFO];
      default:
        return [404, JSON.stringify({ ok: false, error_code: 404, description: "Not Found" })];
    }
  }

  private control(path: string): Reply {
    if (path === "/__bench/cpu") return [200, JSON.stringify(process.cpuUsage())];
    if (path === "/__bench/stats") {
      this.stats.chatsReached = this.lastSendToChat.size;
      return [200, JSON.stringify(this.stats)];
    }
    return [404, "{}"];
  }

  private sendMessage(params: Params): Reply {
    const chatId = params.chat_id;
    const text = params.text;
    if (chatId === undefined || chatId === null || chatId === "") {
      return badRequest("Bad Request: chat_id is empty");
    }
    if (typeof text !== "string" || text.length === 0) {
      return badRequest("Bad Request: message text is empty");
    }
    if (this.config.flood) {
      const retryAfter = this.floodCheck(String(chatId), this.config.flood);
      if (retryAfter > 0) {
        if (this.stats.tooManyRequests++ === 0) {
          this.stats.firstTooManyAfterMs =
            this.stats.accepted === 0 ? 0 : performance.now() - this.stats.firstAcceptedAt;
        }
        return [
          429,
          JSON.stringify({
            ok: false,
            error_code: 429,
            description: `Too Many Requests: retry after ${retryAfter}`,
            parameters: { retry_after: retryAfter },
          }),
        ];
      }
    }
    const numericId = Number(chatId);
    const message = {
      message_id: this.nextMessageId++,
      from: BOT_USER,
      chat: { id: Number.isNaN(numericId) ? chatId : numericId, type: "private", first_name: "User" },
      date: Math.floor(Date.now() / 1000),
      text,
    };
    return [200, JSON.stringify({ ok: true, result: message })];
  }

  /** Returns 0 when a send to `chat` is allowed now (and records it), else seconds to wait. */
  private floodCheck(chat: string, limits: FloodLimits): number {
    const now = performance.now();
    const times = this.acceptedTimes;
    while (times.length > 0 && times[0]! <= now - 1000) times.shift();
    const last = this.lastSendToChat.get(chat);
    const chatGap = 1000 / limits.perChatPerSecond;
    if (last !== undefined && now - last < chatGap)
      return Math.max(1, Math.ceil((last + chatGap - now) / 1000));
    if (times.length >= limits.globalPerSecond)
      return Math.max(1, Math.ceil((times[0]! + 1000 - now) / 1000));
    times.push(now);
    this.stats.peakPerSecond = Math.max(this.stats.peakPerSecond, times.length);
    this.lastSendToChat.set(chat, now);
    if (this.stats.accepted === 0) this.stats.firstAcceptedAt = now;
    this.stats.lastAcceptedAt = now;
    this.stats.accepted++;
    return 0;
  }

  private getUpdates(params: Params, req: IncomingMessage): Reply | Promise<Reply> {
    const offset = params.offset === undefined ? undefined : Number(params.offset);
    const limit = Math.min(
      this.config.updates?.batch ?? 100,
      Math.max(1, params.limit === undefined ? 100 : Number(params.limit)),
    );
    const timeout = params.timeout === undefined ? 0 : Number(params.timeout);
    // As in Telegram: an offset confirms (forgets) every update before it.
    if (offset !== undefined && offset > 0) {
      this.confirmed = Math.min(this.updates.length, Math.max(this.confirmed, offset - FIRST_UPDATE_ID));
    }
    if (this.confirmed < this.updates.length) {
      const batch = this.updates.slice(this.confirmed, this.confirmed + limit);
      return [200, `{"ok":true,"result":[${batch.join(",")}]}`];
    }
    if (!(timeout > 0)) return [200, NO_UPDATES];
    // Drained: hold the long poll, as Telegram does, until its timeout or the client goes away.
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve([200, NO_UPDATES]), timeout * 1000);
      req.socket.once("close", () => {
        clearTimeout(timer);
        resolve([200, NO_UPDATES]);
      });
    });
  }
}

function send(res: ServerResponse, status: number, body: string): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function badRequest(description: string): Reply {
  return [400, JSON.stringify({ ok: false, error_code: 400, description })];
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/** Reads parameters the way Telegram accepts them: query string, JSON, urlencoded or multipart. */
function parseParams(contentType: string | undefined, body: Buffer, query: string): Params {
  const params: Params = {};
  if (query) for (const [key, value] of new URLSearchParams(query)) params[key] = value;
  if (body.length === 0) return params;
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("application/json")) {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (parsed && typeof parsed === "object") Object.assign(params, parsed);
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) params[key] = value;
  } else if (type.startsWith("multipart/form-data")) {
    Object.assign(params, parseMultipartFields(type, body));
  }
  return params;
}

/** The text fields of a multipart body (file parts are ignored: no benchmark uploads). */
function parseMultipartFields(contentType: string, body: Buffer): Params {
  const match = /boundary=("?)([^";]+)\1/i.exec(contentType);
  const params: Params = {};
  if (!match) return params;
  const text = body.toString("latin1");
  for (const part of text.split(`--${match[2]}`)) {
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd === -1) continue;
    const name = /name="([^"]*)"/i.exec(part.slice(0, headerEnd));
    if (!name || /filename=/i.test(part.slice(0, headerEnd))) continue;
    const value = part.slice(headerEnd + 4).replace(/\r\n$/, "");
    params[name[1]!] = Buffer.from(value, "latin1").toString("utf8");
  }
  return params;
}
