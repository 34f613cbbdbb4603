// Uploads: what a bot may pass where the Bot API takes an InputFile. Core does no I/O; it only
// names and recognises the forms, and the drivers read them.

const BRAND = /* @__PURE__ */ Symbol.for("telepot.InputFile");

/** Where an {@link InputFile} takes its bytes from. */
export type InputFileSource =
  | {
      /** A file on disk, opened and streamed when the request is sent. */
      readonly path: string;
    }
  | Uint8Array
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** Options of an upload: the filename and content type Telegram is told. */
export interface InputFileOptions {
  /** The filename sent in the multipart part (defaults to the path's base name, or "file"). */
  readonly filename?: string;
  /** The part's content type (defaults to application/octet-stream). */
  readonly contentType?: string;
}

/** An upload with an optional filename and content type; `InputFile.fromPath` streams a file from disk. */
export class InputFile {
  /** Marks instances across copies of this package, where `instanceof` would fail. */
  declare readonly [BRAND]: true;
  /** The bytes, or where to read them. */
  readonly source: InputFileSource;
  /** The filename Telegram is told. */
  readonly filename: string;
  /** The content type of the part, if set. */
  readonly contentType: string | undefined;

  constructor(source: InputFileSource, options: InputFileOptions = {}) {
    // Set here, not as a field: a computed field key counts as a load-time side effect for bundlers.
    (this as { [BRAND]: true })[BRAND] = true;
    this.source = source;
    this.filename = options.filename ?? defaultFilename(source);
    this.contentType = options.contentType;
  }

  /** An upload read from a file on disk when the request is sent (streamed, never held whole). */
  static fromPath(path: string, options: InputFileOptions = {}): InputFile {
    return new InputFile({ path }, options);
  }

  /** Whether a value is an InputFile (also one made by another copy of this package). */
  static is(value: unknown): value is InputFile {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
}

/** Anything accepted where the Bot API takes an InputFile: an InputFile, bytes, a Blob or a stream. */
export type InputFileLike =
  | InputFile
  | Uint8Array
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** Whether a parameter value is an upload rather than data (a string is a file_id or a URL). */
export function isInputFileLike(value: unknown): value is InputFileLike {
  if (typeof value !== "object" || value === null) return false;
  return (
    InputFile.is(value) ||
    value instanceof Uint8Array ||
    (typeof Blob !== "undefined" && value instanceof Blob) ||
    (typeof ReadableStream !== "undefined" && value instanceof ReadableStream) ||
    Symbol.asyncIterator in value
  );
}

/** Normalises any upload form to an InputFile. */
export function toInputFile(value: InputFileLike): InputFile {
  return InputFile.is(value) ? value : new InputFile(value);
}

function defaultFilename(source: InputFileSource): string {
  if (typeof source === "object" && "path" in source && typeof source.path === "string") {
    const base = source.path.split(/[\\/]/).pop();
    if (base) return base;
  }
  if (typeof File !== "undefined" && source instanceof File && source.name) return source.name;
  return "file";
}
