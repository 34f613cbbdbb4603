// What the worker thread serves to a blocking Bot: an async Bot from @telepot/async does every
// request (encoding, retries, error mapping, flood control, downloads). The worker keeps no loop
// state: a message loop runs on the calling thread, which only asks it for getUpdates calls that
// answer with an event (`poll`), so that thread can handle updates meanwhile. The ops module.
import type { Readable } from "node:stream";
import { Bot as AsyncBot, type BotOptions, type FileRef } from "@telepot/async";
import { preloadUndici } from "@telepot/async/transport";
import type { GetUpdatesParams } from "@telepot/core";
import { type OpsBoot, type SyncOps, toWireError, type WireError } from "../sync/protocol.js";
import { uploadsFromWire } from "../wire/uploads.js";

/** The boot data of a bot worker. */
export interface BotBoot {
  /** The bot token. */
  readonly token: string;
  /** The async Bot's options (cloneable ones only). */
  readonly options: Omit<BotOptions, "dispatcher" | "transport" | "logger" | "clock">;
}

/** A request of the `call` op. */
export interface CallRequest {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly timeout: number | undefined;
  /** Whether the parameters hold upload markers (else they are used as they came). */
  readonly uploads: boolean;
}

/** A request of the `download` op: to a path, or (no dest) back as bytes. */
export interface DownloadRequest {
  readonly file: FileRef;
  readonly dest: string | undefined;
  readonly timeout: number | undefined;
}

/** A request of the `poll` op: a getUpdates whose answer comes back as a {@link PollAnswer} event. */
export interface PollRequest {
  /** Names the poll in its answer and in `cancelPoll`. */
  readonly id: number;
  /** The getUpdates parameters. */
  readonly params: GetUpdatesParams;
}

/** The answer to a `poll`, posted as an event. */
export type PollAnswer =
  | { readonly type: "polled"; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: "polled"; readonly id: number; readonly ok: false; readonly error: WireError };

/** The events a bot worker posts: poll answers, and the async Bot's warnings for the logger. */
export type WorkerEvent = PollAnswer | { readonly type: "log"; readonly message: string };

/**
 * Builds the ops of one bot worker. undici is loaded while the worker boots, which no call's
 * deadline counts, instead of inside the first call.
 */
export async function createOps(boot: OpsBoot): Promise<SyncOps> {
  await preloadUndici();
  const { token, options } = boot.data as BotBoot;
  const events = boot.events;
  const post = (event: WorkerEvent) => events?.postMessage(event);
  const bot = new AsyncBot(token, {
    ...options,
    logger: { warn: (message) => post({ type: "log", message }) },
  });
  // The getUpdates calls in flight, by poll id (stop cuts them short).
  const polls = new Map<number, AbortController>();
  const answer = (event: PollAnswer) => {
    polls.delete(event.id);
    post(event);
  };

  return {
    call: ({ method, params, timeout, uploads }: CallRequest) =>
      bot.call(
        method,
        uploads ? (uploadsFromWire(params) as Record<string, unknown>) : params,
        timeout ? { timeout } : {},
      ),

    download: async ({ file, dest, timeout }: DownloadRequest): Promise<Uint8Array | undefined> => {
      const opts = timeout ? { timeout } : {};
      if (dest !== undefined) {
        await bot.downloadFile(file, dest, opts);
        return undefined;
      }
      return collect(await bot.fileStream(file, opts));
    },

    fileUrl: ({ file }: { file: FileRef }) => bot.getFileUrl(file),

    poll: ({ id, params }: PollRequest) => {
      const abort = new AbortController();
      polls.set(id, abort);
      bot.call("getUpdates", params, { signal: abort.signal }).then(
        (value) => answer({ type: "polled", id, ok: true, value }),
        (error: unknown) => answer({ type: "polled", id, ok: false, error: toWireError(error) }),
      );
      return undefined;
    },

    cancelPoll: ({ id }: { id: number }) => {
      polls.get(id)?.abort();
      return undefined;
    },

    dispose: () => bot.dispose(),
  };
}

async function collect(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
