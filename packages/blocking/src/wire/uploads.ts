// Uploads cross to the worker thread by structured clone, which keeps bytes and Blobs but not an
// InputFile's class, and cannot carry a stream. The calling thread turns each upload into a plain
// marker (a file path, bytes or a Blob); the worker turns markers back into InputFiles, and the
// async Bot's shared encoder does the rest.
import { ReadStream } from "node:fs";
import { resolve } from "node:path";
import { InputFile, type InputFileLike, type InputFileSource, type RequestParams } from "@telepot/core";
import { MAX_UPLOAD_DEPTH, replaceRequestUploads } from "@telepot/core/internal";

// A string key: symbols do not survive structured clone.
const MARK = "__telepotUpload";

/** An upload as it crosses to the worker. */
export interface WireUpload {
  /** Marks the object as an upload. */
  readonly [MARK]: true;
  /** A path the worker streams from, or the bytes themselves. */
  readonly source: { readonly path: string } | Uint8Array | Blob;
  /** The filename Telegram is told. */
  readonly filename: string;
  /** The part's content type, if set. */
  readonly contentType: string | undefined;
}

/** Parameters ready to post to the worker, and the main-thread streams used up by the call. */
export interface WireParams {
  /** The parameters with every upload replaced by a {@link WireUpload}. */
  readonly params: RequestParams;
  /** File streams that were passed as uploads: the worker read their files, so they are closed after the call. */
  readonly consumed: readonly ReadStream[];
}

/**
 * Replaces the uploads in a method's parameters with cloneable markers. A stream whose data comes
 * from this thread (a web ReadableStream, a Node Readable other than a file stream, an async
 * generator) is refused with a TypeError: this thread is blocked while the worker would read it.
 */
export function uploadsToWire(method: string, params: RequestParams): WireParams {
  const consumed: ReadStream[] = [];
  // One marker per upload: an upload used twice (the same photo in two media entries) stays one
  // object through the structured clone, so the worker's encoder sends it as one part, as the
  // async Bot does.
  const markers = new Map<InputFileLike, WireUpload>();
  const wire = replaceRequestUploads(method, params, (upload, key) => {
    let marker = markers.get(upload);
    if (marker === undefined) {
      marker = toWireUpload(method, key, upload, consumed);
      markers.set(upload, marker);
    }
    return marker;
  });
  return { params: wire, consumed };
}

function toWireUpload(method: string, key: string, value: InputFileLike, consumed: ReadStream[]): WireUpload {
  const file = InputFile.is(value) ? value : new InputFile(value);
  const source = wireSource(method, key, file.source, consumed);
  return { [MARK]: true, source, filename: file.filename, contentType: file.contentType };
}

function wireSource(
  method: string,
  key: string,
  source: InputFileSource,
  consumed: ReadStream[],
): WireUpload["source"] {
  if (source instanceof Uint8Array || source instanceof Blob) return source;
  if (isPathSource(source)) return { path: resolve(source.path) };
  if (source instanceof ReadStream && typeof source.path === "string" && isWholeUnread(source)) {
    consumed.push(source);
    return { path: resolve(source.path) };
  }
  throw new TypeError(
    `${method}: the upload in "${key}" is a stream read on this thread, which is blocked while the ` +
      "call waits, so it cannot be sent. Pass a file path (InputFile.fromPath(path) or " +
      "fs.createReadStream(path)), bytes (a Buffer or Uint8Array) or a Blob instead.",
  );
}

function isPathSource(source: InputFileSource): source is { readonly path: string } {
  return (
    typeof source === "object" &&
    !(source instanceof ReadStream) &&
    "path" in source &&
    typeof (source as { path: unknown }).path === "string"
  );
}

// A file stream stands for its file only if nothing was read yet and it covers the whole file.
function isWholeUnread(stream: ReadStream): boolean {
  const range = stream as ReadStream & { start?: number; end?: number };
  return (
    stream.bytesRead === 0 &&
    !stream.destroyed &&
    (range.start === undefined || range.start === 0) &&
    (range.end === undefined || range.end === Number.POSITIVE_INFINITY)
  );
}

/** Closes the file streams an upload call used (their files were read by the worker). */
export function closeConsumed(consumed: readonly ReadStream[]): void {
  for (const stream of consumed) stream.destroy();
}

/**
 * Worker side: turns the markers back into InputFiles, anywhere in the parameters (a marker met
 * twice, one upload used twice, becomes one InputFile).
 */
export function uploadsFromWire(
  value: unknown,
  depth = 0,
  files = new Map<WireUpload, InputFile>(),
): unknown {
  if (typeof value !== "object" || value === null || depth > MAX_UPLOAD_DEPTH + 1) return value;
  if ((value as Record<string, unknown>)[MARK] === true) {
    const upload = value as WireUpload;
    let file = files.get(upload);
    if (file === undefined) {
      file = new InputFile(upload.source as InputFileSource, {
        filename: upload.filename,
        ...(upload.contentType === undefined ? {} : { contentType: upload.contentType }),
      });
      files.set(upload, file);
    }
    return file;
  }
  if (Array.isArray(value)) return value.map((item) => uploadsFromWire(item, depth + 1, files));
  if (value instanceof Uint8Array || value instanceof Blob) return value;
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) out[name] = uploadsFromWire(item, depth + 1, files);
  return out;
}
