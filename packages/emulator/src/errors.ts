// The one error a Bot API method can end with: it becomes `{ ok: false, error_code, description }`.
import { TelepotError } from "@telepot/core";

/** Extra data Telegram attaches to some errors (a flood wait, a group that became a supergroup). */
export interface ErrorParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

/** A Bot API failure, answered to the caller exactly as Telegram words it. */
export class ApiError extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.emulator.ApiError";
  constructor(
    /** The HTTP status and `error_code`. */
    readonly code: number,
    /** The `description`, e.g. "Bad Request: chat not found". */
    readonly description: string,
    /** The optional `parameters` object. */
    readonly parameters?: ErrorParameters,
  ) {
    super(description);
    this.name = "ApiError";
  }
}

/** A 400 "Bad Request: ..." error. */
export const badRequest = (what: string) => new ApiError(400, `Bad Request: ${what}`);

/** A 403 "Forbidden: ..." error. */
export const forbidden = (what: string) => new ApiError(403, `Forbidden: ${what}`);

/** A 409 "Conflict: ..." error. */
export const conflict = (what: string) => new ApiError(409, `Conflict: ${what}`);

/** The 404 answer for an unknown method or path. */
export const notFound = () => new ApiError(404, "Not Found");

/** The 401 answer for a token no bot has. */
export const unauthorized = () => new ApiError(401, "Unauthorized");

/** The 429 answer of the flood control, with the seconds to wait. */
export const tooManyRequests = (retryAfter: number) =>
  new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
