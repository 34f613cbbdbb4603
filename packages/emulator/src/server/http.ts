// The HTTP face of the emulator: /bot<token>/<method> answers like api.telegram.org,
// /file/bot<token>/<path> serves stored files, anything else goes to the web chat's routes.
// The token never appears in a response or a log line: logs name the bot by id.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, notFound, unauthorized } from "../errors.js";
import type { Runtime } from "../runtime.js";
import { parseParams, readBody } from "./params.js";

/** Further routes (the web chat); returns false when the path is not theirs. */
export type ExtraRoutes = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** Options of the request handler. */
export interface HandlerOptions {
  /** Largest accepted body in bytes. */
  bodyLimit: number;
  /** Receives one line per API call (method, bot id, status); the token is never in it. */
  log?: (line: string) => void;
  extra?: ExtraRoutes;
}

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Sends an ApiError as Telegram does. */
export function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, error.code, {
    ok: false,
    error_code: error.code,
    description: error.description,
    ...(error.parameters ? { parameters: error.parameters } : {}),
  });
}

const TOKEN_PATH = /^\/bot(\d+:[A-Za-z0-9_-]+)\/([A-Za-z0-9_]*)\/?$/;

/** Percent-decodes a path as Telegram's HTTP reader does: a malformed escape stays as it is. */
export function decodePath(path: string): string {
  return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      // Not valid UTF-8 as a whole: decode what can be, byte by byte, keeping the rest.
      return Buffer.from(run.replace(/%/g, ""), "hex").toString("latin1");
    }
  });
}
const FILE_PATH = /^\/file\/bot(\d+:[A-Za-z0-9_-]+)\/(.+)$/;

/** The node:http request listener of an emulator. */
export function createRequestListener(runtime: Runtime, options: HandlerOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void handle(runtime, options, req, res).catch((e: unknown) => {
      if (e instanceof ApiError) {
        if (!res.headersSent) sendError(res, e);
        return;
      }
      options.log?.(`internal error: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) sendError(res, new ApiError(500, "Internal Server Error"));
      else res.destroy();
    });
  };
}

async function handle(
  runtime: Runtime,
  options: HandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  // Telegram's server decodes the whole path before routing it (a client may percent-encode the
  // token's colon), leaving a malformed escape as it is.
  const path = decodePath(url.pathname);
  const api = TOKEN_PATH.exec(path);
  if (api) return handleCall(runtime, options, req, res, url, api[1] as string, api[2] as string);
  const file = FILE_PATH.exec(path);
  if (file) {
    req.resume();
    return handleFile(runtime, res, file[1] as string, file[2] as string);
  }
  if (options.extra && (await options.extra(req, res, url))) return;
  req.resume();
  sendError(res, notFound());
}

async function handleCall(
  runtime: Runtime,
  options: HandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  token: string,
  method: string,
): Promise<void> {
  const bot = runtime.world.botByToken(token);
  if (!bot) {
    req.resume();
    return sendError(res, unauthorized());
  }
  const abort = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  let status = 200;
  try {
    const body = await readBody(req, options.bodyLimit);
    const { raw, uploads } = await parseParams(url, String(req.headers["content-type"] ?? ""), body);
    // With no method in the path, Telegram takes it from a "method" parameter.
    const name = method || (typeof raw.method === "string" ? raw.method : "");
    const { result, description } = await runtime.call(bot, name, raw, uploads, abort.signal);
    if (!abort.signal.aborted)
      sendJson(res, 200, { ok: true, result, ...(description ? { description } : {}) });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    status = e.code;
    sendError(res, e);
  } finally {
    options.log?.(`bot ${bot.id} ${method || "(no method)"} -> ${status}`);
  }
}

function handleFile(runtime: Runtime, res: ServerResponse, token: string, path: string): void {
  const bot = runtime.world.botByToken(token);
  // A file is served only to a bot that sent or received it, as on Telegram.
  const found = bot && runtime.world.files.byPath(path);
  const file = found && runtime.world.files.mayDownload(found, bot.id) ? found : undefined;
  if (!bot || !file) {
    sendError(res, bot ? notFound() : unauthorized());
    return;
  }
  res.writeHead(200, {
    "content-type": file.contentType || "application/octet-stream",
    "content-length": file.data.length,
  });
  res.end(file.data);
}
