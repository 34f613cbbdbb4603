// The parameters of a JSON request body, read as Telegram's HTTP reader reads them: a body that is
// not a JSON object (null, an array, malformed text) is not an error there; the call goes on
// with the parameters read so far, so a method that needs none (getMe) still answers.

/** The top-level fields of a JSON object body; {} for anything else. */
export function jsonBodyParams(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}
