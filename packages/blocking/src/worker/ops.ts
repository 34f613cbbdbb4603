// What the worker thread serves to a blocking Bot: an async Bot from @telepot/async does every
// request (encoding, retries, error mapping, flood control, downloads), and a Relay hands the
// updates of its message loop to the calling thread. This module is the worker's ops module.
import type { Readable } from "node:stream";
import { Bot as AsyncBot, type BotOptions, type FileRef, UpdateQueue } from "@telepot/async";
import { preloadUndici } from "@telepot/async/transport";
import type { Update } from "@telepot/core";
import { type OpsBoot, type SyncOps, toWireError } from "../sync/protocol.js";
import { uploadsFromWire } from "../wire/uploads.js";
import { type NextResult, Relay, type RelayEvent, type WireLoopOptions } from "./relay.js";

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

/**
 * Builds the ops of one bot worker. undici is loaded while the worker boots, which no call's
 * deadline counts, instead of inside the first call.
 */
export async function createOps(boot: OpsBoot): Promise<SyncOps> {
  await preloadUndici();
  const { token, options } = boot.data as BotBoot;
  const events = boot.events;
  const post = (event: RelayEvent) => events?.postMessage(event);
  const bot = new AsyncBot(token, {
    ...options,
    logger: { warn: (message) => post({ type: "log", message }) },
  });
  const relay = new Relay(events);
  let queue: UpdateQueue | undefined;

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

    loopStart: ({ options: loopOptions }: { options: WireLoopOptions }) => {
      const { source, ...rest } = loopOptions;
      queue = source ? new UpdateQueue() : undefined;
      const onError = (error: unknown) => {
        post({ type: "error", error: toWireError(error) });
        relay.poke();
      };
      relay.start((handler) =>
        bot.messageLoop(handler as never, queue ? { ...rest, source: queue, onError } : { ...rest, onError }),
      );
      return undefined;
    },

    next: ({ timeout }: { timeout: number }): Promise<NextResult> => relay.next(timeout),

    peek: (): Promise<Update[]> => relay.peek(),

    loopStop: () => {
      relay.stop();
      return undefined;
    },

    push: ({ update }: { update: Update }) => {
      if (queue === undefined) throw new TypeError("No webhook message loop is running for this bot");
      queue.put(update);
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
