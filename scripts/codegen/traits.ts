// The traits of each Bot API method that the drivers act on (retry, flood control, the bound
// helpers Sender/Administrator/Editor), derived from the spec by rules written once: here, and for
// the rules a name alone decides, in packages/core/src/protocol/method-verbs.ts. Each rule reads
// the method's name (its leading verb) or its parameters; where a rule is wrong for a method, the
// method is listed as an exception with the reason. An exception that the rule already gives, or
// that names no method, is refused: the list stays exactly as long as it must. (The name rules live
// in core because core applies them at run time to methods newer than the table.)
import {
  isFloodLimitedByName,
  isSafeToRepeatByName,
  methodVerb,
  POSTING_VERBS,
} from "../../packages/core/src/protocol/method-verbs.ts";
import type { Spec, SpecMethod } from "./spec.ts";

/** Which bound helper offers a method: the telepot classes that fill in a chat or message id. */
export type BoundBy = "sender" | "administrator" | "editor";

/** The traits of one method, as the generated table holds them. */
export interface Traits {
  safeToRepeat: boolean;
  floodLimited: boolean;
  chatBound: boolean;
  messageBound: boolean;
  boundBy: BoundBy | undefined;
}

const has = (m: SpecMethod, param: string) => (m.fields ?? []).some((f) => f.name === param);
const requires = (m: SpecMethod, param: string) =>
  (m.fields ?? []).some((f) => f.name === param && f.required);

/** Verbs that change or remove one existing message. */
const EDITING_VERBS = new Set(["edit", "delete", "stop"]);

type Rule = (m: SpecMethod) => boolean;

/**
 * safeToRepeat: repeating the call after an unknown outcome (a timeout, a lost reply) cannot do
 * anything twice, so retry may repeat it and a journal may replay it.
 */
const safeToRepeat: Rule = (m) => isSafeToRepeatByName(m.name);

/** floodLimited: the call posts a message, which counts against Telegram's per-chat and overall limits. */
const floodLimited: Rule = (m) => isFloodLimitedByName(m.name);

/** chatBound: the call names a chat by `chat_id` (required, or optional beside another address). */
const chatBound: Rule = (m) => has(m, "chat_id");

/**
 * messageBound: the call addresses one existing message, by `inline_message_id` or by `chat_id`
 * with `message_id`. When the method also has `from_chat_id` (forward, copy), `message_id` names a
 * message in that other chat and `chat_id` is where the copy goes: the call is bound to a chat.
 */
const messageBound: Rule = (m) =>
  has(m, "inline_message_id") || (has(m, "chat_id") && has(m, "message_id") && !has(m, "from_chat_id"));

/**
 * boundBy: a Sender offers the posting methods that require `chat_id` (sendChatAction too: it
 * shows in the chat); an Administrator the other methods about a Chat or a ForumTopic (by name)
 * that require `chat_id`; an Editor the editing methods bound to one message.
 */
function boundBy(m: SpecMethod): BoundBy | undefined {
  const v = methodVerb(m.name);
  if (POSTING_VERBS.has(v)) return requires(m, "chat_id") ? "sender" : undefined;
  if (/Chat|ForumTopic/.test(m.name) && requires(m, "chat_id")) return "administrator";
  if (EDITING_VERBS.has(v) && messageBound(m)) return "editor";
  return undefined;
}

/** The traits a rule decides with exceptions. */
const RULES = { safeToRepeat, floodLimited };

/** Methods a rule is wrong for, per trait: the trait's value for each, and why. */
export type Exceptions = { [K in keyof typeof RULES]: Record<string, { value: boolean; why: string }> };

/** The methods a rule is wrong for. */
const EXCEPTIONS: Exceptions = {
  safeToRepeat: {
    // The verb "close" closes a forum topic, a state; the method named just `close` is another thing.
    close: {
      value: false,
      why: "shuts the bot's instance down and is rate limited: not worth repeating blindly",
    },
  },
  floodLimited: {},
};

/** The trait's value for `m`: its exception's when it has one, else its rule's. */
function withExceptions(trait: keyof typeof RULES, m: SpecMethod): boolean {
  return Object.hasOwn(EXCEPTIONS[trait], m.name)
    ? (EXCEPTIONS[trait][m.name] as { value: boolean }).value
    : RULES[trait](m);
}

/** The exceptions that are not needed: each names no method, or the value its rule gives already. */
export function staleExceptions(spec: Spec, exceptions: Exceptions = EXCEPTIONS): string[] {
  const stale: string[] = [];
  for (const trait of Object.keys(RULES) as (keyof typeof RULES)[]) {
    for (const [name, { value }] of Object.entries(exceptions[trait])) {
      const m = spec.methods[name];
      if (m === undefined) stale.push(`${trait}: ${name} is no method of the spec`);
      else if (RULES[trait](m) === value) stale.push(`${trait}: the rule already gives ${name} ${value}`);
    }
  }
  return stale;
}

/** Every method's traits, by name in spec order; throws when an exception is stale. */
export function methodTraits(spec: Spec): Map<string, Traits> {
  const stale = staleExceptions(spec);
  if (stale.length > 0)
    throw new Error(`stale trait exceptions in scripts/codegen/traits.ts:\n  ${stale.join("\n  ")}`);
  const out = new Map<string, Traits>();
  for (const m of Object.values(spec.methods)) {
    out.set(m.name, {
      safeToRepeat: withExceptions("safeToRepeat", m),
      floodLimited: withExceptions("floodLimited", m),
      chatBound: chatBound(m),
      messageBound: messageBound(m),
      boundBy: boundBy(m),
    });
  }
  return out;
}
