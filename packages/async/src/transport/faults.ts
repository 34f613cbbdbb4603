// Turns whatever undici (or the OS) threw into a NetworkError that says whether the request may
// have reached Telegram, with the token scrubbed from the message and the whole cause chain.
import { NetworkError, type NetworkFaultKind } from "@telepot/core";
import { redactError, redactText } from "@telepot/core/internal";

// Failures while connecting: nothing was sent, so any request may be repeated.
const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);
const RESET_CODES = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE", "UND_ERR_CLOSED"]);
const ABORT_CODES = new Set(["UND_ERR_ABORTED", "ABORT_ERR"]);

/** A NetworkError for a failed request; `secret` (the token) is scrubbed from every string. */
export function networkFault(method: string, error: unknown, secret: string): NetworkError {
  const code = faultCode(error);
  const kind = classify(error, code);
  const reached = kind !== "connect";
  const what = error instanceof Error ? error.message : String(error);
  const detail = `${describe(kind)}${code ? ` [${code}]` : ""}: ${redactText(what, secret)}`;
  return new NetworkError(method, kind, reached, detail, { cause: redactError(error, secret) });
}

function classify(error: unknown, code: string | undefined): NetworkFaultKind {
  if (code !== undefined) {
    if (CONNECT_CODES.has(code)) return "connect";
    if (TIMEOUT_CODES.has(code)) return "timeout";
    if (RESET_CODES.has(code)) return "reset";
    if (ABORT_CODES.has(code)) return "aborted";
  }
  // A signal's reason: AbortError from abort(), TimeoutError (a DOMException) from AbortSignal.timeout().
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError"))
    return "aborted";
  return "other";
}

// The code may sit on the error or, for errors undici wraps, on its cause (or an aggregate's members).
function faultCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 3) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === "string" && own !== "UND_ERR") {
    if (!own.startsWith("UND_ERR_SOCKET") || depth > 0) return own;
    const inner = faultCode((error as { cause?: unknown }).cause, depth + 1);
    return inner && CONNECT_CODES.has(inner) ? inner : own;
  }
  const members = (error as { errors?: unknown }).errors;
  if (Array.isArray(members)) {
    for (const member of members) {
      const found = faultCode(member, depth + 1);
      if (found) return found;
    }
  }
  return faultCode((error as { cause?: unknown }).cause, depth + 1);
}

function describe(kind: NetworkFaultKind): string {
  switch (kind) {
    case "connect":
      return "could not connect to the Bot API server";
    case "timeout":
      return "no reply in time (the request may have been executed)";
    case "reset":
      return "the connection broke (the request may have been executed)";
    case "aborted":
      return "the request was aborted";
    default:
      return "the request failed";
  }
}
