// Reads a Bot API request's parameters from wherever the client put them: the query string, a JSON
// body, a urlencoded form or a multipart form with files. Body fields win over the query string.
import type { IncomingMessage } from "node:http";
import { ApiError, badRequest } from "../errors.js";
import type { Upload } from "../spec/upload.js";
import { jsonBodyParams } from "./json-body.js";

/** Parameters of a request plus the multipart file parts by field name. */
export interface RequestParams {
  raw: Record<string, unknown>;
  uploads: Map<string, Upload>;
}

/** Reads the whole body, refusing more than `limit` bytes with Telegram's 413. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) {
    req.resume();
    throw new ApiError(413, "Request Entity Too Large");
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new ApiError(413, "Request Entity Too Large");
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses the parameters of a request whose body was read. */
export async function parseParams(url: URL, contentType: string, body: Buffer): Promise<RequestParams> {
  const raw: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const uploads = new Map<string, Upload>();
  // Telegram's HTTP reader looks for the type anywhere in the header, in any case.
  const type = contentType.toLowerCase();
  if (body.length === 0) return { raw, uploads };
  if (type.includes("multipart/form-data")) {
    let form: FormData;
    try {
      form = await new Request("http://emulator.invalid/", {
        method: "POST",
        headers: { "content-type": contentType },
        body: new Uint8Array(body),
      }).formData();
    } catch {
      throw badRequest("can't parse multipart/form-data request body");
    }
    for (const [name, value] of form) {
      if (typeof value === "string") {
        raw[name] = value;
      } else {
        const upload: Upload = {
          kind: "upload",
          data: new Uint8Array(await value.arrayBuffer()),
          filename: value.name || name,
          contentType: value.type,
        };
        uploads.set(name, upload);
        raw[name] = upload;
      }
    }
  } else if (type.includes("application/x-www-form-urlencoded")) {
    Object.assign(raw, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
  } else if (type.includes("application/json")) {
    Object.assign(raw, jsonBodyParams(body.toString("utf8")));
  }
  return { raw, uploads };
}
