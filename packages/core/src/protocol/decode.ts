// Replies: `{ok: true, result}` gives the result; `{ok: false, ...}` the most specific
// TelegramError; anything else (an HTML error page, an empty body) a BadHTTPResponse.
import { BadHTTPResponse, telegramErrorFrom } from "../errors.js";
import type { ResponseParameters } from "../generated/types.js";

/** Decodes the body of a Bot API reply: returns `result`, or throws TelegramError / BadHTTPResponse (`secret` scrubbed from its excerpt). */
export function decodeResponse(method: string, status: number, body: string, secret = ""): unknown {
  let reply: unknown;
  try {
    reply = JSON.parse(body);
  } catch {
    throw new BadHTTPResponse(method, status, body, secret);
  }
  if (typeof reply !== "object" || reply === null || typeof (reply as { ok?: unknown }).ok !== "boolean") {
    throw new BadHTTPResponse(method, status, body, secret);
  }
  const answer = reply as {
    ok: boolean;
    result?: unknown;
    error_code?: unknown;
    description?: unknown;
    parameters?: unknown;
  };
  if (answer.ok) return answer.result;
  throw telegramErrorFrom({
    method,
    description: typeof answer.description === "string" ? answer.description : "no description given",
    errorCode: typeof answer.error_code === "number" ? answer.error_code : status,
    parameters: isParameters(answer.parameters) ? answer.parameters : undefined,
  });
}

function isParameters(value: unknown): value is ResponseParameters {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
