// Which Bot API servers listen on this thread. A blocking call stops its thread until the answer
// comes, so a server on that same thread (an emulator started in this process) can never answer:
// the call would hang until its deadline, minutes later, with nothing said. The emulator registers
// its address here while it listens; the blocking Bot looks here before it waits, and fails at once.
//
// Why a registry rather than a probe: a thread that waits cannot run a probe, and a probe before
// the wait (is anything listening on that port in this process?) has no API in Node. The registry
// is exact (only a server that is really on this thread is found) and costs a Map lookup per call.
// It lives on globalThis under a Symbol.for key: one per thread (a worker has its own globalThis, so
// an emulator in a worker is not on the caller's thread), shared by every copy of this module in
// the thread (the ESM and CJS builds, or two installed versions).
import { TelepotError } from "./errors.js";

const KEY_NAME = "telepot.serversOnThisThread";
// Names that reach a server listening on a loopback or on every interface.
const LOOPBACK = ["127.0.0.1", "localhost", "::1", "[::1]", "0.0.0.0", "::", "[::]"];

interface Listening {
  readonly host: string;
  readonly port: number;
}

function registry(): Set<Listening> {
  const key = Symbol.for(KEY_NAME);
  const holder = globalThis as { [key: symbol]: Set<Listening> | undefined };
  holder[key] ??= new Set();
  return holder[key];
}

/**
 * Records that a Bot API server listens on this thread at `host`:`port`, until the returned
 * function is called (when the server closes). For servers that answer Bot API calls in-process.
 */
export function registerServerOnThisThread(host: string, port: number): () => void {
  const entry: Listening = { host, port };
  registry().add(entry);
  return () => {
    registry().delete(entry);
  };
}

/** The address of the server on this thread that `apiRoot` points at, or undefined when none does. */
export function serverOnThisThread(apiRoot: string): string | undefined {
  let url: URL;
  try {
    url = new URL(apiRoot);
  } catch {
    return undefined;
  }
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  for (const { host, port: listening } of registry()) {
    if (listening !== port) continue;
    const same = url.hostname === host || (LOOPBACK.includes(url.hostname) && LOOPBACK.includes(host));
    if (same) return `${url.protocol}//${url.host}`;
  }
  return undefined;
}

/**
 * A blocking call to a Bot API server that runs on the calling thread: it could never be answered,
 * so it fails at once. Run the server off the thread (the emulator's `startOffThread`), or use the
 * async Bot.
 */
export class ServerOnThisThreadError extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.ServerOnThisThreadError";
  /** The method that was called. */
  readonly method: string;
  /** The server's address (the bot's apiRoot). */
  readonly server: string;

  constructor(method: string, server: string) {
    super(
      `${method}: the Bot API server at ${server} runs on this thread (an emulator started in this process), ` +
        "and a blocking call stops this thread until the answer comes, so the answer could never come. " +
        "Start the emulator off this thread with startOffThread() from @telepot/emulator (same options, " +
        "same driver), or call it from the async Bot (@telepot/async).",
    );
    this.method = method;
    this.server = server;
  }
}
