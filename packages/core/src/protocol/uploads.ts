// The one walk over a request's parameters that finds uploads: a file given directly, or nested in
// media arrays and objects (InputMediaPhoto.media, InputSticker.sticker, ...). The async encoder
// turns what it finds into multipart parts and attach:// references; the blocking driver turns it
// into markers that cross to its worker thread. Both search the same parameters, the same way.
import { METHODS } from "../generated/methods.js";
import { type InputFileLike, isInputFileLike } from "../input-file.js";
import { isKnownMethod, type RequestParams } from "./arguments.js";

/** How deep the walk goes into nested objects: parameters are shallow, so this only stops a cycle. */
export const MAX_UPLOAD_DEPTH = 16;

/** The prefix of a string parameter that names a file part of the same request. */
export const ATTACH_PREFIX = "attach://";

/**
 * The parameters of a call that may hold an upload: those the method table marks (searching only
 * them keeps a plain sendMessage free of any walk), or every parameter of a method it does not know.
 */
export function uploadParams(method: string, params: RequestParams): readonly string[] {
  return isKnownMethod(method) ? METHODS[method].uploads : Object.keys(params);
}

/**
 * A request's parameters with every upload replaced by what `replace` returns for it (and the
 * parameter it is in): a file given directly as any parameter (an encoder sends each as a file part
 * of its name), and the files nested in the parameters that can carry them (see
 * {@link uploadParams}). The parameters are returned as they are when they hold no upload.
 */
export function replaceRequestUploads(
  method: string,
  params: RequestParams,
  replace: (upload: InputFileLike, param: string) => unknown,
): RequestParams {
  const searched = uploadParams(method, params);
  let out = params;
  for (const key of Object.keys(params)) {
    const value = params[key];
    const replaced = searched.includes(key)
      ? walk(value, (upload) => replace(upload, key), 0)
      : isInputFileLike(value)
        ? replace(value, key)
        : value;
    if (replaced !== value) {
      if (out === params) out = { ...params };
      out[key] = replaced;
    }
  }
  return out;
}

/**
 * `value` with every upload in it (InputFile, bytes, Blob, stream) replaced by what `replace`
 * returns for it. Arrays and objects are walked; one that holds no upload is returned as it is
 * (not copied), one that does is copied as a plain object or array with the replacement in place.
 * The input is never modified.
 */
export function replaceUploads(value: unknown, replace: (upload: InputFileLike) => unknown): unknown {
  return walk(value, replace, 0);
}

/** Whether `value` holds an upload anywhere inside (or is one). */
export function containsUpload(value: unknown): boolean {
  let found = false;
  walk(
    value,
    (upload) => {
      found = true;
      return upload;
    },
    0,
  );
  return found;
}

function walk(value: unknown, replace: (upload: InputFileLike) => unknown, depth: number): unknown {
  if (typeof value !== "object" || value === null || depth > MAX_UPLOAD_DEPTH) return value;
  if (isInputFileLike(value)) return replace(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const replaced = walk(item, replace, depth + 1);
      if (replaced !== item) {
        copy ??= [...value];
        copy[i] = replaced;
      }
    }
    return copy ?? value;
  }
  let copy: RequestParams | undefined;
  for (const key of Object.keys(value)) {
    const item = (value as RequestParams)[key];
    const replaced = walk(item, replace, depth + 1);
    if (replaced !== item) {
      copy ??= { ...(value as RequestParams) };
      copy[key] = replaced;
    }
  }
  return copy ?? value;
}

/** Adds to `into` every name that an `attach://<name>` string inside `value` refers to. */
export function collectAttachNames(value: unknown, into: Set<string>, depth = 0): void {
  if (typeof value === "string") {
    if (value.startsWith(ATTACH_PREFIX)) into.add(value.slice(ATTACH_PREFIX.length));
    return;
  }
  if (typeof value !== "object" || value === null || depth > MAX_UPLOAD_DEPTH || isInputFileLike(value))
    return;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    collectAttachNames(item, into, depth + 1);
  }
}
