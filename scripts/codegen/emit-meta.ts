// Emits packages/core/src/generated/meta.ts: the API version, the content types of a Message and
// the kinds of Update, each as a run-time list and a type.
import { HEADER, jsdoc, lit } from "./emit.ts";
import { apiVersion, type Spec } from "./spec.ts";

/**
 * Fields of Message that describe or decorate the content rather than being it. Everything from
 * `text` on is content except these; everything before `text` is envelope (ids, sender, reply).
 */
const NOT_CONTENT = new Set([
  "entities",
  "link_preview_options",
  "suggested_post_info",
  "effect_id",
  "caption",
  "caption_entities",
  "show_caption_above_media",
  "has_media_spoiler",
  "reply_markup",
]);

/**
 * Legacy twins that Telegram still sends beside the field that replaced them; they come last so
 * the specific field wins (`new_chat_members` over `new_chat_member`/`new_chat_participant`).
 * The spec's own order already puts the specific field first where a message carries two
 * (animation before document, venue before location, live_photo before photo).
 */
const LEGACY_CONTENT = ["new_chat_member", "new_chat_participant", "left_chat_participant"];

export function messageContentTypes(spec: Spec): string[] {
  const fields = spec.types.Message?.fields ?? [];
  const start = fields.findIndex((f) => f.name === "text");
  if (start < 0) throw new Error("Message has no text field: the content rule needs revisiting");
  return [
    ...fields
      .slice(start)
      .map((f) => f.name)
      .filter((n) => !NOT_CONTENT.has(n)),
    ...LEGACY_CONTENT,
  ];
}

export function updateKinds(spec: Spec): string[] {
  return (spec.types.Update?.fields ?? []).map((f) => f.name).filter((n) => n !== "update_id");
}

const list = (items: string[]) => `[\n${items.map((i) => `  ${lit(i)},`).join("\n")}\n] as const`;

export function emitMeta(spec: Spec, source: string): string {
  return [
    HEADER(source),
    jsdoc("The Bot API version these packages implement.") +
      `export const API_VERSION = ${lit(apiVersion(spec))};\n`,
    jsdoc(
      "The content fields of a Message, the more specific first: the first one present is the message's content type. The last entries are legacy names Telegram may still send.",
    ) + `export const CONTENT_TYPES = ${list(messageContentTypes(spec))};\n`,
    jsdoc("A content type of a Message (`text`, `photo`, `new_chat_members`, ...).") +
      "export type ContentType = (typeof CONTENT_TYPES)[number];\n",
    jsdoc("The kinds of Update, in spec order: the name of the field that holds the update's object.") +
      `export const UPDATE_KINDS = ${list(updateKinds(spec))};\n`,
    jsdoc("A kind of Update (`message`, `callback_query`, ...).") +
      "export type UpdateKind = (typeof UPDATE_KINDS)[number];\n",
  ].join("\n");
}
