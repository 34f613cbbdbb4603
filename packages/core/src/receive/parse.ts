// Webhook bodies and queue feeds arrive as bytes, JSON text or objects; anything that is not an
// Update object with an integer update_id is refused with an error that keeps the input.

import { TelepotError } from "../errors.js";
import type { Update } from "../generated/types.js";

/** Input that is not an Update: not JSON, not an object, or without an integer update_id. */
export class MalformedUpdate extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.MalformedUpdate";
  /** What was received (the text, for bytes), kept whole so nothing is lost. */
  readonly offender: unknown;

  constructor(offender: unknown, reason: string, options?: ErrorOptions) {
    super(`Malformed update: ${reason}`, options);
    this.offender = offender;
  }
}

/** True for an object that has an integer `update_id` (the one field every Update has). */
export function isUpdate(value: unknown): value is Update {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Number.isSafeInteger((value as { update_id?: unknown }).update_id)
  );
}

const utf8 = /* @__PURE__ */ new TextDecoder("utf-8", { fatal: true });

/**
 * Reads an Update from UTF-8 bytes (Uint8Array, Buffer, ArrayBuffer), a JSON string, or an
 * object (checked, not copied). Throws {@link MalformedUpdate} for anything else.
 */
export function parseUpdate(data: unknown): Update {
  if (
    typeof data === "object" &&
    data !== null &&
    !(data instanceof Uint8Array || data instanceof ArrayBuffer)
  ) {
    if (isUpdate(data)) return data;
    throw new MalformedUpdate(data, "not an object with an integer update_id");
  }
  let text: string;
  if (typeof data === "string") {
    text = data;
  } else if (data instanceof Uint8Array || data instanceof ArrayBuffer) {
    try {
      text = utf8.decode(data);
    } catch (error) {
      throw new MalformedUpdate(data, "the bytes are not UTF-8", { cause: error });
    }
  } else {
    throw new MalformedUpdate(data, `expected bytes, a JSON string or an object, got ${typeName(data)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedUpdate(text, "the text is not JSON", { cause: error });
  }
  if (isUpdate(value)) return value;
  throw new MalformedUpdate(value, "not an object with an integer update_id");
}

function typeName(value: unknown): string {
  return value === null ? "null" : typeof value;
}
