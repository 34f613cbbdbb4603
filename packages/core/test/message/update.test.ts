import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type ChatMemberUpdated,
  flavor,
  isUpdateKind,
  type Message,
  type Poll,
  type UnknownUpdate,
  UPDATE_FLAVORS,
  UPDATE_KINDS,
  type Update,
  unwrapUpdate,
} from "../../src/index.js";
import { fieldType, sample } from "../fixtures/from-spec.js";
import { textMessage } from "../fixtures/messages.js";
import { updates } from "../fixtures/updates.js";

describe("unwrapUpdate of every kind", () => {
  for (const kind of UPDATE_KINDS) {
    it(`${kind}: returns the kind and the very object, of the kind's flavor`, () => {
      const update = updates[kind];
      const [got, payload] = unwrapUpdate(update);
      expect(got).toBe(kind);
      expect(payload).toBe(update[kind]);
      expect(flavor(payload)).toBe(UPDATE_FLAVORS[kind]);
    });

    it(`${kind}: unwraps an update built from the spec`, () => {
      const payload = sample(fieldType("Update", kind), "all");
      expect(unwrapUpdate({ update_id: 1, [kind]: payload } as Update)).toEqual([kind, payload]);
    });
  }

  it("does not depend on the field order", () => {
    const update = { message: textMessage, update_id: 5 } as Update;
    expect(unwrapUpdate(update)).toEqual(["message", textMessage]);
  });
});

describe("unwrapUpdate of what it does not know", () => {
  it("returns an unknown kind as data", () => {
    const value = { id: "x1", anything: [1, 2] };
    const update = { update_id: 77, future_kind: value } as unknown as Update;
    const [kind, payload] = unwrapUpdate(update);
    expect(kind).toBe("unknown");
    expect(payload).toEqual({ kind: "future_kind", value });
    expect((payload as UnknownUpdate).value).toBe(value);
  });

  it("prefers a known kind when an unknown field comes first", () => {
    const update = { update_id: 3, future_kind: 1, poll_answer: updates.poll_answer.poll_answer } as Update;
    expect(unwrapUpdate(update)).toEqual(["poll_answer", updates.poll_answer.poll_answer]);
  });

  it("returns an update with nothing but update_id as unknown without a kind", () => {
    expect(unwrapUpdate({ update_id: 4 })).toEqual(["unknown", { kind: undefined, value: undefined }]);
  });

  it("returns a known field holding null as unknown, keeping the field", () => {
    const update = { update_id: 5, message: null } as unknown as Update;
    expect(unwrapUpdate(update)).toEqual(["unknown", { kind: "message", value: null }]);
  });

  it.each([null, undefined, "update", 42])("never throws, even for %s", (value) => {
    expect(unwrapUpdate(value as unknown as Update)).toEqual(["unknown", { kind: undefined, value }]);
  });
});

describe("update kinds", () => {
  it("are recognised by name", () => {
    for (const kind of UPDATE_KINDS) expect(isUpdateKind(kind)).toBe(true);
    expect(isUpdateKind("update_id")).toBe(false);
    expect(isUpdateKind("unknown")).toBe(false);
  });

  it("narrow the payload type", () => {
    const unwrapped = unwrapUpdate(updates.poll);
    if (unwrapped[0] === "message") expectTypeOf(unwrapped[1]).toEqualTypeOf<Message>();
    if (unwrapped[0] === "my_chat_member") expectTypeOf(unwrapped[1]).toEqualTypeOf<ChatMemberUpdated>();
    if (unwrapped[0] === "unknown") expectTypeOf(unwrapped[1]).toEqualTypeOf<UnknownUpdate>();
    if (unwrapped[0] === "poll") expectTypeOf(unwrapped[1]).toEqualTypeOf<Poll>();
    expectTypeOf(UPDATE_FLAVORS.my_chat_member).toEqualTypeOf<"chat_member">();
    expect(unwrapped[0]).toBe("poll");
  });
});
