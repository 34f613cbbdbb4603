import { TelepotError } from "@telepot/core";

/** A problem of the Redis inbox itself (a wrong option, a malformed stored record). */
export class RedisInboxError extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.RedisInboxError";
}
