// Request bodies: JSON when nothing is uploaded (the fast, common case), otherwise the parts of a
// multipart/form-data body. Core only decides what the parts are; the drivers write the bytes.
import { type InputFile, type InputFileLike, isInputFileLike, toInputFile } from "../input-file.js";
import type { RequestParams } from "./arguments.js";
import {
  ATTACH_PREFIX,
  collectAttachNames,
  containsUpload,
  replaceUploads,
  uploadParams,
} from "./uploads.js";

/** A text field of a multipart body. */
export interface TextPart {
  /** The field name. */
  readonly name: string;
  /** The field value (numbers and booleans as text, objects and arrays as JSON). */
  readonly value: string;
}

/** A file field of a multipart body. */
export interface FilePart {
  /** The field name: the parameter, or the name an `attach://` reference points at. */
  readonly name: string;
  /** The upload. */
  readonly file: InputFile;
}

/** One field of a multipart body. */
export type MultipartPart = TextPart | FilePart;

/** A request body as JSON text. */
export interface JsonBody {
  /** Discriminates the body forms. */
  readonly kind: "json";
  /** The JSON text (`undefined` members dropped). */
  readonly json: string;
}

/** A request body as multipart fields, text fields first, then files. */
export interface MultipartBody {
  /** Discriminates the body forms. */
  readonly kind: "multipart";
  /** The fields in the order they are written. */
  readonly parts: readonly MultipartPart[];
}

/** How a request's parameters go on the wire. */
export type EncodedBody = JsonBody | MultipartBody;

/** Whether a multipart part carries a file. */
export function isFilePart(part: MultipartPart): part is FilePart {
  return "file" in part;
}

/**
 * Encodes a method's parameters. Only the parameters the method table marks as able to carry an
 * upload are searched (every parameter for a method the table does not know). Uploads nested in
 * objects become `attach://<name>` references to file parts; generated names never collide with a
 * parameter name or an `attach://` name the caller wrote.
 */
export function encodeParams(method: string, params: RequestParams): EncodedBody {
  const searched = uploadParams(method, params);
  if (!searched.some((key) => containsUpload(params[key]))) {
    return { kind: "json", json: JSON.stringify(params) };
  }
  return { kind: "multipart", parts: multipartParts(params, searched) };
}

function multipartParts(params: RequestParams, searched: readonly string[]): MultipartPart[] {
  const taken = new Set(Object.keys(params));
  for (const key of searched) collectAttachNames(params[key], taken);
  const names = new Map<InputFileLike, string>();
  const text: TextPart[] = [];
  const files: FilePart[] = [];
  let counter = 0;
  const attach = (upload: InputFileLike): string => {
    let name = names.get(upload);
    if (name === undefined) {
      do name = `file${counter++}`;
      while (taken.has(name));
      taken.add(name);
      names.set(upload, name);
      files.push({ name, file: toInputFile(upload) });
    }
    return ATTACH_PREFIX + name;
  };
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (value === undefined || value === null) continue;
    if (isInputFileLike(value)) {
      files.push({ name: key, file: toInputFile(value) });
    } else if (typeof value === "object") {
      const data = searched.includes(key) ? replaceUploads(value, attach) : value;
      text.push({ name: key, value: JSON.stringify(data) });
    } else {
      text.push({ name: key, value: String(value) });
    }
  }
  return [...text, ...files];
}

/**
 * Whether a body can be sent again: JSON always; multipart when every file is bytes, a Blob or a
 * path (a stream is consumed by the first attempt).
 */
export function isReplayable(body: EncodedBody): boolean {
  if (body.kind === "json") return true;
  for (const part of body.parts) {
    if (!isFilePart(part)) continue;
    const source = part.file.source;
    const replayable =
      source instanceof Uint8Array ||
      (typeof Blob !== "undefined" && source instanceof Blob) ||
      (!(Symbol.asyncIterator in source) && "path" in source);
    if (!replayable) return false;
  }
  return true;
}
