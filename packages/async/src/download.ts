// Downloads: getFile, then stream `<apiRoot>/file/bot<token>/<file_path>` to a path, a Node
// Writable or a web WritableStream, chunk by chunk.
import type { Readable, Writable } from "node:stream";
import { type File, TelegramError } from "@telepot/core";
import { nodeFs, nodeFsPromises, nodePath, nodeStream, nodeStreamPromises } from "./builtins.js";
import type { DownloadReply, Transport } from "./transport/types.js";

/** A file to download: its file_id, or a File from getFile (used as is when it has a file_path). */
export type FileRef = string | Pick<File, "file_id" | "file_path">;

/** Where a download goes: a file path (created or truncated), a Node Writable or a web WritableStream (left open). */
export type DownloadTarget = string | Writable | WritableStream<Uint8Array>;

/** Options of a download. */
export interface DownloadOptions {
  /** Called as bytes arrive, with the bytes so far and the total size if known. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
  /** Aborts the download. */
  readonly signal?: AbortSignal;
  /** Milliseconds without progress after which the download fails (default: the bot's timeoutMs). */
  readonly timeoutMs?: number;
  /** @deprecated Renamed timeoutMs (the same milliseconds); this name goes in the next major version. */
  readonly timeout?: number;
}

/** The file_path of a file, asking getFile when needed; a missing path is a TelegramError. */
export async function resolveFilePath(
  file: FileRef,
  getFile: (fileId: string) => Promise<File>,
): Promise<string> {
  const known = typeof file === "string" ? undefined : file;
  const path = known?.file_path ?? (await getFile(typeof file === "string" ? file : file.file_id)).file_path;
  if (!path) {
    throw new TelegramError({
      method: "getFile",
      description: "No file_path returned (the file may be too big to download, or no longer available)",
    });
  }
  return path;
}

/** Opens the file's bytes as a Node Readable, counting progress if asked. */
export async function openDownload(
  transport: Transport,
  filePath: string,
  timeout: number,
  options: DownloadOptions,
): Promise<Readable> {
  const reply = nodePath().isAbsolute(filePath)
    ? await readLocal(filePath)
    : await transport.download(filePath, {
        timeout: options.timeoutMs ?? options.timeout ?? timeout,
        signal: options.signal,
      });
  return options.onProgress ? nodeStream().Readable.from(counted(reply, options.onProgress)) : reply.body;
}

// A local Bot API server (--local) answers getFile with an absolute path on its own disk, which
// it does not serve over HTTP: the file is read from there.
async function readLocal(filePath: string): Promise<DownloadReply> {
  const handle = await nodeFsPromises().open(filePath, "r");
  const { size } = await handle.stat();
  return { status: 200, length: size, body: handle.createReadStream() };
}

async function* counted(
  reply: DownloadReply,
  onProgress: (received: number, total: number | undefined) => void,
): AsyncGenerator<Uint8Array> {
  let received = 0;
  for await (const chunk of reply.body) {
    received += (chunk as Uint8Array).length;
    onProgress(received, reply.length);
    yield chunk as Uint8Array;
  }
}

/** Streams a download into its target; a partly written file path is removed on failure. */
export async function writeDownload(
  source: Readable,
  target: DownloadTarget,
  signal?: AbortSignal,
): Promise<void> {
  const options = signal ? { signal } : {};
  const { pipeline } = nodeStreamPromises();
  if (typeof target === "string") {
    try {
      await pipeline(source, nodeFs().createWriteStream(target), options);
    } catch (error) {
      await nodeFsPromises().rm(target, { force: true });
      throw error;
    }
    return;
  }
  if (target instanceof WritableStream) {
    await (nodeStream().Readable.toWeb(source) as ReadableStream<Uint8Array>).pipeTo(target, {
      preventClose: true,
      ...options,
    });
    return;
  }
  await pipeline(source, target, { ...options, end: false });
}
