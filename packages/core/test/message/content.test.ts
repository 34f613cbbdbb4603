import { describe, expect, expectTypeOf, it } from "vitest";
import {
  BadFlavor,
  CONTENT_TYPES,
  type ContentType,
  contentType,
  glance,
  hasContent,
  type Message,
  type PhotoSize,
  UnknownContentType,
  type User,
} from "../../src/index.js";
import { fieldsOf, sample } from "../fixtures/from-spec.js";
import {
  animationMessage,
  joinMessage,
  leaveMessage,
  photoMessage,
  venueMessage,
} from "../fixtures/messages.js";

const LEGACY: Record<string, string> = {
  new_chat_member: "User",
  new_chat_participant: "User",
  left_chat_participant: "User",
};

/** Message fields that describe a message rather than being its content. */
const NOT_CONTENT = new Set([
  "message_id",
  "message_thread_id",
  "direct_messages_topic",
  "from",
  "sender_chat",
  "sender_boost_count",
  "sender_business_bot",
  "sender_tag",
  "receiver_user",
  "ephemeral_message_id",
  "date",
  "guest_query_id",
  "business_connection_id",
  "chat",
  "forward_origin",
  "is_topic_message",
  "is_automatic_forward",
  "reply_to_message",
  "external_reply",
  "quote",
  "reply_to_story",
  "reply_to_checklist_task_id",
  "reply_to_poll_option_id",
  "via_bot",
  "guest_bot_caller_user",
  "guest_bot_caller_chat",
  "edit_date",
  "has_protected_content",
  "is_from_offline",
  "is_paid_post",
  "media_group_id",
  "author_signature",
  "paid_star_count",
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

/** A message in a group whose only content field is `type`, with a value of the spec's type. */
function messageWith(type: ContentType): Message {
  const field = fieldsOf("Message").find((f) => f.name === type);
  const specType = field?.types[0] ?? LEGACY[type];
  if (specType === undefined) throw new Error(`No spec type for ${type}`);
  return {
    message_id: 5,
    date: 1790000000,
    chat: { id: -4012345678, type: "group", title: "Group" },
    caption: "not content",
    [type]: sample(specType, "all"),
  } as Message;
}

describe("content types", () => {
  it("classify every field of Message as content or not", () => {
    const unclassified = fieldsOf("Message")
      .map((f) => f.name)
      .filter((name) => !NOT_CONTENT.has(name) && !(CONTENT_TYPES as readonly string[]).includes(name));
    expect(unclassified).toEqual([]);
  });

  it("name only real Message fields or the three legacy ones", () => {
    const fields = new Set(fieldsOf("Message").map((f) => f.name));
    const foreign = CONTENT_TYPES.filter((t) => !fields.has(t));
    expect(foreign).toEqual(Object.keys(LEGACY));
  });

  for (const type of CONTENT_TYPES) {
    it(`read a message carrying only ${type} as ${type}`, () => {
      const msg = messageWith(type);
      expect(contentType(msg)).toBe(type);
      expect(glance(msg)).toEqual([type, "group", -4012345678]);
      expect(hasContent(msg, type)).toBe(true);
    });
  }
});

describe("the specific content field wins over its twin", () => {
  it("animation over document", () => {
    expect(contentType(animationMessage)).toBe("animation");
    expect(hasContent(animationMessage, "document")).toBe(true);
  });

  it("venue over location", () => {
    expect(contentType(venueMessage)).toBe("venue");
    const { venue: _, ...locationOnly } = venueMessage;
    expect(contentType(locationOnly)).toBe("location");
  });

  it("new_chat_members over the legacy new_chat_member and new_chat_participant", () => {
    expect(contentType(joinMessage)).toBe("new_chat_members");
    const { new_chat_members: _, ...legacyOnly } = joinMessage;
    expect(contentType(legacyOnly)).toBe("new_chat_member");
    const { new_chat_member: __, ...oldest } = legacyOnly;
    expect(contentType(oldest)).toBe("new_chat_participant");
  });

  it("left_chat_member over the legacy left_chat_participant", () => {
    expect(contentType(leaveMessage)).toBe("left_chat_member");
    const { left_chat_member: _, ...legacyOnly } = leaveMessage;
    expect(contentType(legacyOnly)).toBe("left_chat_participant");
  });

  it("a photo with a caption is a photo", () => {
    expect(contentType(photoMessage)).toBe("photo");
  });
});

describe("a message without known content", () => {
  const bare: Message = {
    message_id: 9,
    date: 1790000000,
    chat: { id: 1, type: "private" },
    caption: "only a caption",
  };
  const future = { ...bare, some_future_content: { x: 1 } } as Message;

  it.each([
    ["no content field", bare],
    ["a content field newer than this Bot API version", future],
  ])("throws UnknownContentType, a BadFlavor carrying the message (%s)", (_label, msg) => {
    let caught: unknown;
    try {
      contentType(msg);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownContentType);
    expect(caught).toBeInstanceOf(BadFlavor);
    expect((caught as UnknownContentType).offender).toBe(msg);
    expect((caught as UnknownContentType).message).toMatch(/content type/);
    expect(() => glance(msg)).toThrow(UnknownContentType);
  });

  it("has no content of any type", () => {
    expect(CONTENT_TYPES.filter((t) => hasContent(bare, t))).toEqual([]);
  });
});

describe("hasContent narrows", () => {
  it("to the content field's type", () => {
    const msg: Message = photoMessage;
    if (hasContent(msg, "text")) expectTypeOf(msg.text).toEqualTypeOf<string>();
    if (hasContent(msg, "photo")) expectTypeOf(msg.photo).toEqualTypeOf<PhotoSize[]>();
    if (hasContent(msg, "new_chat_participant")) expectTypeOf(msg.new_chat_participant).toEqualTypeOf<User>();
    expect(hasContent(msg, "photo")).toBe(true);
    expect(hasContent(msg, "text")).toBe(false);
  });
});
