// The small interface between a Bot and the wire. The async Bot uses it directly; the blocking
// package's worker thread runs the same transport and relays its replies.

import type { Readable } from "node:stream";
import type { EncodedBody } from "@telepot/core/internal";

/** Per-request settings. */
export interface SendOptions {
  /** Milliseconds to wait for the reply (0: no limit). */
  readonly timeout: number;
  /** Aborts the request. */
  readonly signal?: AbortSignal | undefined;
}

/** A reply as it came off the wire, not yet decoded. */
export interface TransportReply {
  /** The HTTP status. */
  readonly status: number;
  /** The body as text. */
  readonly body: string;
}

/** A file download in progress. */
export interface DownloadReply {
  /** The HTTP status (a non-2xx reply is turned into an error before this is returned). */
  readonly status: number;
  /** The Content-Length, if the server sent one. */
  readonly length: number | undefined;
  /** The file's bytes. */
  readonly body: Readable;
}

/**
 * Sends Bot API requests and downloads files for one bot. Errors it throws are telepot errors
 * (NetworkError, BadHTTPResponse, TelegramError) that never contain the token.
 */
export interface Transport {
  /** POSTs a method call and returns the raw reply. */
  send(method: string, body: EncodedBody, options: SendOptions): Promise<TransportReply>;
  /** GETs `<apiRoot>/file/bot<token>/<filePath>` as a stream. */
  download(filePath: string, options: SendOptions): Promise<DownloadReply>;
  /** The download URL of a file path (it contains the token: hand it only to trusted code). */
  fileUrl(filePath: string): string;
  /** Closes idle connections and refuses new requests. */
  close(): Promise<void>;
}
