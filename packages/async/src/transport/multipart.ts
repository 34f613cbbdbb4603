// Writes a multipart/form-data body as a stream: text fields are encoded up front, files are read
// chunk by chunk as the socket takes them, so a large upload is never held in memory.
import type { FileHandle } from "node:fs/promises";
import type { InputFile } from "@telepot/core";
import { isFilePart, type MultipartPart } from "@telepot/core/internal";
import { nodeFsPromises, nodePath } from "../builtins.js";

/** A multipart body ready to send. */
export interface MultipartStream {
  /** The Content-Type header, with the boundary. */
  readonly contentType: string;
  /** The body bytes. */
  readonly body: AsyncIterable<Uint8Array>;
  /** Releases files opened for the body (call after the request, even if the body was never read). */
  release(): Promise<void>;
}

const CRLF = "\r\n";
const encoder = new TextEncoder();

/**
 * Prepares a multipart body. Files given by path are opened now, so a missing or unreadable file
 * is reported (naming the field) before anything is sent.
 */
export async function multipartStream(
  method: string,
  parts: readonly MultipartPart[],
): Promise<MultipartStream> {
  const boundary = `----telepot${crypto.randomUUID().replaceAll("-", "")}`;
  const handles: FileHandle[] = [];
  const release = async () => {
    await Promise.all(handles.splice(0).map((handle) => handle.close().catch(() => undefined)));
  };
  const sources: (Uint8Array | (() => AsyncIterable<Uint8Array>))[] = [];
  let text = "";
  try {
    for (const part of parts) {
      text += `--${boundary}${CRLF}Content-Disposition: form-data; name="${quote(part.name)}"`;
      if (!isFilePart(part)) {
        text += `${CRLF}${CRLF}${part.value}${CRLF}`;
        continue;
      }
      const file = part.file;
      text += `; filename="${quote(filenameOf(file))}"${CRLF}`;
      text += `Content-Type: ${contentTypeOf(file)}${CRLF}${CRLF}`;
      sources.push(encoder.encode(text));
      text = CRLF;
      sources.push(await fileChunks(method, part.name, file, handles));
    }
    sources.push(encoder.encode(`${text}--${boundary}--${CRLF}`));
  } catch (error) {
    await release();
    throw error;
  }
  async function* body(): AsyncGenerator<Uint8Array> {
    try {
      for (const source of sources) {
        if (source instanceof Uint8Array) yield source;
        else yield* source();
      }
    } finally {
      await release();
    }
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: body(), release };
}

async function fileChunks(
  method: string,
  field: string,
  file: InputFile,
  handles: FileHandle[],
): Promise<Uint8Array | (() => AsyncIterable<Uint8Array>)> {
  const source = file.source;
  if (source instanceof Uint8Array) return source;
  if (typeof Blob !== "undefined" && source instanceof Blob) return () => toBytes(source.stream());
  if (!(Symbol.asyncIterator in source) && "path" in source) {
    let handle: FileHandle;
    try {
      handle = await nodeFsPromises().open(source.path, "r");
    } catch (error) {
      const reason = (error as { code?: string }).code ?? (error as Error).message;
      throw new Error(`${method}: cannot read the upload for "${field}" from ${source.path} (${reason})`, {
        cause: error,
      });
    }
    handles.push(handle);
    return () => toBytes(handle.createReadStream({ autoClose: false, highWaterMark: 64 * 1024 }));
  }
  return () => toBytes(source as AsyncIterable<unknown>);
}

async function* toBytes(chunks: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    if (chunk instanceof Uint8Array) yield chunk;
    else if (typeof chunk === "string") yield encoder.encode(chunk);
    else throw new TypeError(`An upload stream produced a ${typeof chunk} chunk; expected bytes`);
  }
}

// A filename for the part: the InputFile's, or for a bare fs.ReadStream its file's base name.
function filenameOf(file: InputFile): string {
  const path = (file.source as { path?: unknown }).path;
  if (file.filename === "file" && typeof path === "string" && path !== "") return nodePath().basename(path);
  return file.filename;
}

// The InputFile's type, else a Blob's own type (a File from a browser-style API), else bytes.
function contentTypeOf(file: InputFile): string {
  if (file.contentType) return file.contentType;
  const source = file.source;
  if (typeof Blob !== "undefined" && source instanceof Blob && source.type) return source.type;
  return "application/octet-stream";
}

// As browsers do: a quote or a line break would end the header value early.
function quote(value: string): string {
  return value.replaceAll('"', "%22").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}
