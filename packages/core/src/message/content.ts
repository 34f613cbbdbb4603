// The content type of a message: which of its content fields it carries.
import { BadFlavor } from "../errors.js";
import { CONTENT_TYPES, type ContentType } from "../generated/meta.js";
import type { Message, User } from "../generated/types.js";

/** Legacy content fields Telegram may still send beside their replacements; not in the Bot API's Message. */
export interface LegacyContent {
  /** The first of `new_chat_members` (older name, still sent). */
  new_chat_member?: User;
  /** The first of `new_chat_members` (the oldest name). */
  new_chat_participant?: User;
  /** Same as `left_chat_member` (the oldest name). */
  left_chat_participant?: User;
}

/** The value type of a content field. */
export type ContentValue<T extends ContentType> = T extends keyof Message
  ? NonNullable<Message[T]>
  : T extends keyof LegacyContent
    ? NonNullable<LegacyContent[T]>
    : never;

/** A message known to carry the content field `T` (for example `MessageWith<"text">` has `text: string`). */
export type MessageWith<T extends ContentType> = Message & { [K in T]: ContentValue<K> };

/** A message without any known content field; extends BadFlavor, since glance cannot read such a message. */
export class UnknownContentType extends BadFlavor {
  constructor(msg: unknown) {
    super(msg, "Cannot tell the content type of this message: it has none of the known content fields");
  }
}

/**
 * The content type of a message: the first of {@link CONTENT_TYPES} it carries, so the specific field wins
 * over its compatibility twin (`animation` over `document`, `venue` over `location`, `new_chat_members`
 * over `new_chat_member`).
 * @throws UnknownContentType (a BadFlavor, carrying the message) when no known content field is present.
 */
export function contentType(msg: Message): ContentType {
  const record = msg as unknown as Record<string, unknown>;
  for (const type of CONTENT_TYPES) {
    if (record[type] !== undefined) return type;
  }
  throw new UnknownContentType(msg);
}

/**
 * Whether the message carries the content field `type`, narrowing it. This tests the field alone: an
 * animation message also has `document`; use {@link contentType} for the single type glance reports.
 */
export function hasContent<T extends ContentType>(msg: Message, type: T): msg is MessageWith<T> {
  return (msg as unknown as Record<string, unknown>)[type] !== undefined;
}
