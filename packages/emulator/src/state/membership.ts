// Joining, leaving, promotion and bans: the member's new status, the ChatMember objects, the
// service message in the chat and the my_chat_member / chat_member updates Telegram sends.
import type { ChatMember } from "@telepot/core";
import { synthesizeObject } from "../spec/synthesize.js";
import type { ChatRecord, MemberStatus, World } from "./world.js";

/** The ChatMember object of a user or bot in a chat. */
export function memberObject(world: World, chat: ChatRecord, id: number): ChatMember {
  const user = world.userObject(id);
  const status = chat.members.get(id) ?? "left";
  const custom = (chat.extra[`member:${id}`] as Record<string, unknown> | undefined) ?? {};
  switch (status) {
    case "creator":
      return { status, user, is_anonymous: false } as ChatMember;
    case "administrator": {
      const base = synthesizeObject<Record<string, unknown>>("ChatMemberAdministrator", { status, user });
      for (const k of Object.keys(base)) if (k.startsWith("can_")) base[k] = true;
      base.can_be_edited = false;
      base.is_anonymous = false;
      return { ...base, ...custom } as unknown as ChatMember;
    }
    case "restricted": {
      const base = synthesizeObject<Record<string, unknown>>("ChatMemberRestricted", {
        status,
        user,
        is_member: true,
        until_date: 0,
      });
      for (const k of Object.keys(base)) if (k.startsWith("can_")) base[k] = false;
      return { ...base, ...custom } as unknown as ChatMember;
    }
    case "kicked":
      return { status, user, until_date: 0 } as ChatMember;
    default:
      return { status, user } as ChatMember;
  }
}

/**
 * Changes a member's status and tells everyone concerned: a bot whose own status changed gets
 * my_chat_member; admin bots get chat_member; a join or leave shows a service message.
 */
export function changeMember(
  world: World,
  chat: ChatRecord,
  id: number,
  status: MemberStatus,
  actorId: number,
  custom?: Record<string, unknown>,
): void {
  const before = memberObject(world, chat, id);
  chat.members.set(id, status);
  if (custom) chat.extra[`member:${id}`] = custom;
  const after = memberObject(world, chat, id);
  const change = {
    chat: world.chatObject(chat),
    from: world.userObject(actorId),
    date: world.date(),
    old_chat_member: before,
    new_chat_member: after,
  };
  world.bots.get(id)?.updates.push("my_chat_member", change);
  for (const botId of world.presentMembers(chat)) {
    if (
      botId !== id &&
      world.isBot(botId) &&
      ["creator", "administrator"].includes(chat.members.get(botId) ?? "")
    ) {
      world.bots.get(botId)?.updates.push("chat_member", change);
    }
  }
  const wasIn = !["left", "kicked"].includes(before.status);
  const isIn = !["left", "kicked"].includes(status);
  if (chat.type === "channel" || chat.type === "private" || wasIn === isIn) {
    world.events.emit("chat", chat);
    return;
  }
  const actor = world.userObject(actorId);
  const record = world.addMessage(
    chat,
    isIn
      ? { from: actor, new_chat_members: [world.userObject(id)] }
      : { from: actor, left_chat_member: world.userObject(id) },
  );
  world.notifyBots(chat, "message", record.message, isIn ? undefined : id);
  world.events.emit("chat", chat);
}
