// A file that arrived as a part of a multipart request.

/** An uploaded file: the bytes and what the client said about them. */
export interface Upload {
  readonly kind: "upload";
  readonly data: Uint8Array;
  readonly filename: string;
  readonly contentType: string;
}

/** Whether a value is an Upload. */
export function isUpload(value: unknown): value is Upload {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "upload";
}
