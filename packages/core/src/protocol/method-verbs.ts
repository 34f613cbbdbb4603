// The traits a Bot API method's name decides: whether repeating it is safe and whether it posts a
// message, by the verb the name starts with. The code generator (scripts/codegen/traits.ts) builds
// the method table's traits from these rules; at run time they answer for a method newer than the
// table, called through `call()`. This file imports nothing, so the generator can load it as is.

/** "sendMessage" -> "send", "getMe" -> "get", "close" -> "close": the word a method's name starts with. */
export function methodVerb(name: string): string {
  return /^[a-z]+/.exec(name)?.[0] ?? "";
}

/**
 * Verbs whose method leaves the same state however often it runs: reads (get), setters and their
 * removal (set, delete, remove, revoke), edits to a given value, answers (Telegram takes the first
 * answer to a query and refuses the rest), membership and permission changes (ban, unban,
 * restrict, promote, approve, decline, leave, verify), state toggles (pin, unpin, close, reopen,
 * hide, unhide, stop, read). Every other verb (send, forward, copy, create, add, upload, post,
 * transfer, gift, ...) makes something new each time it runs.
 */
export const IDEMPOTENT_VERBS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  "get",
  "set",
  "delete",
  "edit",
  "answer",
  "ban",
  "unban",
  "restrict",
  "promote",
  "approve",
  "decline",
  "pin",
  "unpin",
  "leave",
  "close",
  "reopen",
  "hide",
  "unhide",
  "verify",
  "remove",
  "revoke",
  "read",
  "stop",
]);

/** Verbs that put a message into a chat. */
export const POSTING_VERBS: ReadonlySet<string> = /* @__PURE__ */ new Set(["send", "forward", "copy"]);

/**
 * A send that only shows a passing state and posts no message: the chat action ("typing…") and the
 * drafts a reply is streamed into (each call replaces the draft). Repeating one shows the same
 * state, and Telegram does not count them against the message limits.
 */
export function isTransientSend(name: string): boolean {
  return name === "sendChatAction" || (methodVerb(name) === "send" && name.endsWith("Draft"));
}

/** Whether the name says repeating the call cannot do anything twice. */
export function isSafeToRepeatByName(name: string): boolean {
  return IDEMPOTENT_VERBS.has(methodVerb(name)) || isTransientSend(name);
}

/** Whether the name says the call posts a message (which counts against the flood limits). */
export function isFloodLimitedByName(name: string): boolean {
  return POSTING_VERBS.has(methodVerb(name)) && !isTransientSend(name);
}
