// What the node:http and Fetch webhook handlers share: options, the secret check, and turning a
// body into a queued update with the right status code.
import { MalformedUpdate } from "@telepot/core";
import { QueueFull, type UpdateQueue } from "./queue.js";

/** Options of the ready-made webhook handlers. */
export interface WebhookOptions {
  /**
   * The `secret_token` given to setWebhook: requests whose X-Telegram-Bot-Api-Secret-Token header
   * differs are refused with 401. 1-256 characters of A-Z a-z 0-9 _ -. Default: no check.
   */
  secretToken?: string;
  /** Bodies larger than this many bytes are refused with 413 without reading the rest. Default 1 MiB. */
  maxBodySize?: number;
}

/** The header Telegram puts the secret token in. */
export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

const SECRET_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

// node:crypto is loaded when a secret is first configured, not at import: it is a third of the
// package's import time and a polling bot never needs it.
let cryptoModule: typeof import("node:crypto") | undefined;
function nodeCrypto(): typeof import("node:crypto") {
  cryptoModule ??= process.getBuiltinModule("node:crypto");
  return cryptoModule;
}

/** Checked webhook settings. */
export interface WebhookSettings {
  /** Whether a request's secret header value is right (constant time). */
  readonly secretMatches: (provided: string | null | undefined) => boolean;
  /** The body size limit in bytes. */
  readonly maxBodySize: number;
}

/** Validates the options and prepares the secret check (comparing SHA-256 digests in constant time). */
export function webhookSettings(options: WebhookOptions = {}): WebhookSettings {
  const maxBodySize = options.maxBodySize ?? 1 << 20;
  if (!(Number.isInteger(maxBodySize) && maxBodySize > 0)) {
    throw new RangeError(
      `maxBodySize must be a positive integer (bytes), got ${String(options.maxBodySize)}`,
    );
  }
  const secret = options.secretToken;
  if (secret === undefined) return { secretMatches: () => true, maxBodySize };
  if (typeof secret !== "string" || !SECRET_PATTERN.test(secret)) {
    // The value is not echoed: it is a secret.
    throw new RangeError(
      "secretToken must be 1-256 characters of A-Z, a-z, 0-9, _ and - (as setWebhook requires)",
    );
  }
  const expected = digest(secret);
  const { timingSafeEqual } = nodeCrypto();
  return {
    secretMatches: (provided) => typeof provided === "string" && timingSafeEqual(digest(provided), expected),
    maxBodySize,
  };
}

function digest(text: string): Buffer {
  return nodeCrypto().createHash("sha256").update(text).digest();
}

/** An HTTP answer to a webhook request. */
export interface WebhookAnswer {
  /** The status code. */
  readonly status: number;
  /** A short plain-text body ("" for 200). */
  readonly text: string;
}

/** The answer for a successfully queued update. */
export const ACCEPTED: WebhookAnswer = { status: 200, text: "" };
/** The answer for a method other than POST. */
export const NOT_POST: WebhookAnswer = {
  status: 405,
  text: "Method Not Allowed: Telegram webhooks use POST\n",
};
/** The answer for a wrong or missing secret token. */
export const BAD_SECRET: WebhookAnswer = { status: 401, text: "Unauthorized: wrong secret token\n" };
/** The answer for a body over the size limit. */
export const TOO_LARGE: WebhookAnswer = { status: 413, text: "Payload Too Large\n" };

/** The answer when the update could not be committed to the inbox (Telegram sends it again). */
export const NOT_STORED: WebhookAnswer = {
  status: 500,
  text: "Internal Server Error: the update could not be stored\n",
};

// The answer for a refused update: 400 for a malformed body, 503 if the queue is full.
function refusal(error: unknown): WebhookAnswer {
  if (error instanceof MalformedUpdate) return { status: 400, text: `Bad Request: ${error.message}\n` };
  if (error instanceof QueueFull) return { status: 503, text: "Service Unavailable: update queue full\n" };
  throw error;
}

/**
 * Queues the body's update and says how to answer: 200, 400 for a malformed body, 503 if the queue
 * is full. With an inbox, the answer comes once the update is committed (500 if that failed).
 */
export function enqueue(
  source: UpdateQueue,
  body: string | Uint8Array | object,
): WebhookAnswer | Promise<WebhookAnswer> {
  let committed: Promise<void> | undefined;
  try {
    committed = source.accept(body);
  } catch (error) {
    return refusal(error);
  }
  return committed === undefined
    ? ACCEPTED
    : committed.then(
        () => ACCEPTED,
        () => NOT_STORED,
      );
}
