// The HTTP transport: undici with one keep-alive connection pool per bot (per apiRoot origin).
// JSON bodies go as one string; uploads as a streamed multipart body.
// undici is loaded on the first request, not at import: it is most of the package's import time,
// and a process that builds a Bot but never calls it (a CLI's --help, a test) should not pay it.
import type { Readable } from "node:stream";
import { BadHTTPResponse } from "@telepot/core";
import { decodeResponse, type EncodedBody, redactError, redactText } from "@telepot/core/internal";
import type { Dispatcher, Pool } from "undici";
import { nodeStream } from "../builtins.js";
import { networkFault } from "./faults.js";
import { multipartStream } from "./multipart.js";
import type { DownloadReply, SendOptions, Transport, TransportReply } from "./types.js";

/** Options of {@link UndiciTransport}. */
export interface UndiciTransportOptions {
  /** The bot token. */
  readonly token: string;
  /** The Bot API server, e.g. `https://api.telegram.org` or `http://127.0.0.1:8081` (a path prefix is kept). */
  readonly apiRoot?: string;
  /** Sends every request through this dispatcher (an Agent, a ProxyAgent, a MockAgent) instead of an own pool. */
  readonly dispatcher?: Dispatcher;
  /** Connections of the own pool (default 128). */
  readonly connections?: number;
  /** Milliseconds to wait for a TCP/TLS connection (default 10 000). */
  readonly connectTimeout?: number;
}

/** The default Bot API server. */
export const DEFAULT_API_ROOT = "https://api.telegram.org";

const JSON_HEADERS = { "content-type": "application/json" };

type Undici = typeof import("undici");
let undiciModule: Promise<Undici> | undefined;

/** undici, imported once per process on first use. */
function loadUndici(): Promise<Undici> {
  undiciModule ??= import("undici");
  return undiciModule;
}

/**
 * Loads undici now rather than on the first request: for a process (such as the blocking
 * package's worker thread) that exists to make requests, and whose start is not on anyone's clock.
 */
export async function preloadUndici(): Promise<void> {
  await loadUndici();
}

/** A {@link Transport} over undici, with a keep-alive pool per bot (pipelining off). */
export class UndiciTransport implements Transport {
  readonly #token: string;
  readonly #origin: string;
  readonly #methodPrefix: string;
  readonly #filePrefix: string;
  // The injected dispatcher, or the own pool once the first request has created it.
  #dispatcher: Dispatcher | undefined;
  #opening: Promise<Dispatcher> | undefined;
  readonly #ownsDispatcher: boolean;
  readonly #poolOptions: Pool.Options;
  #closed = false;

  constructor(options: UndiciTransportOptions) {
    if (typeof options.token !== "string" || options.token === "") {
      throw new TypeError("A bot token is required (a non-empty string)");
    }
    if (/[\s/?#]/.test(options.token)) {
      // Say what is wrong without echoing the token.
      throw new TypeError("The bot token contains whitespace, '/', '?' or '#'; check how it was read");
    }
    this.#token = options.token;
    let root: URL;
    try {
      root = new URL(options.apiRoot ?? DEFAULT_API_ROOT);
    } catch {
      throw new TypeError(`apiRoot is not a URL: ${JSON.stringify(options.apiRoot)}`);
    }
    if (root.protocol !== "http:" && root.protocol !== "https:") {
      throw new TypeError(`apiRoot must be an http or https URL, got ${root.protocol}`);
    }
    this.#origin = root.origin;
    const base = root.pathname.replace(/\/+$/, "");
    this.#methodPrefix = `${base}/bot${options.token}/`;
    this.#filePrefix = `${base}/file/bot${options.token}/`;
    const connections = options.connections ?? 128;
    // The checks undici's Pool would make at construction, made here since the pool comes later.
    if (!Number.isFinite(connections) || connections < 0) {
      throw new TypeError(`connections must be a number >= 0, got ${String(options.connections)}`);
    }
    this.#poolOptions = {
      connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { timeout: options.connectTimeout ?? 10_000 },
    };
    this.#dispatcher = options.dispatcher;
    this.#ownsDispatcher = !options.dispatcher;
  }

  // Creates the own pool on first use; concurrent first requests share one pool.
  #open(): Promise<Dispatcher> {
    if (this.#opening === undefined) {
      const closedBeforeUse = this.#closed;
      this.#opening = loadUndici().then(({ Pool }) => {
        const pool = new Pool(this.#origin, this.#poolOptions);
        // Closed before any request: refuse this one as a closed pool does.
        if (closedBeforeUse) void pool.close();
        this.#dispatcher = pool;
        return pool;
      });
    }
    return this.#opening;
  }

  /** POSTs a method call; throws a NetworkError (token scrubbed) if no reply arrives. */
  async send(method: string, body: EncodedBody, options: SendOptions): Promise<TransportReply> {
    const path = this.#methodPrefix + method;
    if (body.kind === "json") {
      return this.#post(method, path, JSON_HEADERS, body.json, options);
    }
    const multipart = await multipartStream(method, body.parts).catch((error: unknown) => {
      throw redactError(error, this.#token);
    });
    try {
      const stream = nodeStream().Readable.from(multipart.body, { objectMode: false });
      return await this.#post(method, path, { "content-type": multipart.contentType }, stream, options);
    } finally {
      await multipart.release();
    }
  }

  async #post(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | Readable,
    options: SendOptions,
  ): Promise<TransportReply> {
    try {
      const dispatcher = this.#dispatcher ?? (await this.#open());
      const response = await dispatcher.request({
        origin: this.#origin,
        path,
        method: "POST",
        headers,
        body,
        headersTimeout: options.timeout,
        bodyTimeout: options.timeout,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      return { status: response.statusCode, body: await response.body.text() };
    } catch (error) {
      throw networkFault(method, error, this.#token);
    }
  }

  /** GETs a file as a stream; a non-2xx reply becomes a TelegramError or BadHTTPResponse. */
  async download(filePath: string, options: SendOptions): Promise<DownloadReply> {
    let response: Dispatcher.ResponseData;
    try {
      const dispatcher = this.#dispatcher ?? (await this.#open());
      response = await dispatcher.request({
        origin: this.#origin,
        path: this.#filePrefix + encodeURI(filePath),
        method: "GET",
        headersTimeout: options.timeout,
        bodyTimeout: options.timeout,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      throw networkFault("downloadFile", error, this.#token);
    }
    const status = response.statusCode;
    if (status < 200 || status >= 300) {
      const text = redactText(await response.body.text().catch(() => ""), this.#token);
      decodeResponse("downloadFile", status, text, this.#token);
      // A 2xx-less reply that decodes as ok:true is still not the file.
      throw new BadHTTPResponse("downloadFile", status, text);
    }
    const length = Number(response.headers["content-length"]);
    return {
      status,
      length: Number.isFinite(length) ? length : undefined,
      body: response.body as unknown as Readable,
    };
  }

  /** The download URL of a file path (contains the token). */
  fileUrl(filePath: string): string {
    return this.#origin + this.#filePrefix + encodeURI(filePath);
  }

  /** Closes the own pool (an injected dispatcher is left to its owner); later requests fail. */
  async close(): Promise<void> {
    if (!this.#ownsDispatcher) return;
    this.#closed = true;
    // A pool still being created is closed once it exists (its first requests finish first).
    const pool = this.#dispatcher ?? (await this.#opening?.catch(() => undefined));
    await pool?.close();
  }
}
