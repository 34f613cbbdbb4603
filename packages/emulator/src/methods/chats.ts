// Chat queries and management: getChat, members, admins, leave/ban/unban/restrict/promote,
// title, description, pins, invite links, permissions; plus getFile.
import type { ChatFullInfo, ChatMember } from "@telepot/core";
import { badRequest } from "../errors.js";
import { synthesizeObject } from "../spec/synthesize.js";
import { changeMember, memberObject } from "../state/membership.js";
import type { ChatRecord } from "../state/world.js";
import type { CallContext, Handler, MethodsReturning, MethodTable } from "./context.js";

/** The chat of a call, for queries (no flood control). */
const chatOf = (ctx: CallContext) => ctx.world.chatForBot(ctx.bot, ctx.params.chat_id);

/** Refuses unless the bot administers the chat. */
function requireAdmin(ctx: CallContext, chat: ChatRecord, what = "not enough rights"): void {
  if (chat.type === "private") throw badRequest("method is available for supergroup and channel chats only");
  if (!["creator", "administrator"].includes(chat.members.get(ctx.bot.id) ?? "")) throw badRequest(what);
}

/** A user id parameter that names a known user or bot. */
function userId(ctx: CallContext): number {
  const id = ctx.params.user_id as number;
  if (!ctx.world.users.has(id) && !ctx.world.bots.has(id)) throw badRequest("user not found");
  return id;
}

const getChat: Handler<"getChat"> = (ctx) => {
  const chat = chatOf(ctx);
  const info = synthesizeObject<Record<string, unknown>>("ChatFullInfo", {
    ...ctx.world.chatObject(chat),
    max_reaction_count: 11,
  });
  info.accepted_gift_types = {
    unlimited_gifts: true,
    limited_gifts: true,
    unique_gifts: true,
    premium_subscription: true,
    gifts_from_channels: true,
  };
  if (chat.description) info.description = chat.description;
  const pinned = chat.pinned[chat.pinned.length - 1];
  if (pinned !== undefined && chat.messages.has(pinned))
    info.pinned_message = chat.messages.get(pinned)?.message;
  if (chat.type !== "private") info.permissions = chat.extra.permissions ?? defaultPermissions();
  // Built field by field from a synthesized base; the tests check it against the spec strictly.
  return info as unknown as ChatFullInfo;
};

function defaultPermissions(): Record<string, boolean> {
  const perms = synthesizeObject<Record<string, unknown>>("ChatPermissions", {});
  const out: Record<string, boolean> = {};
  for (const k of [
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_invite_users",
  ])
    out[k] = true;
  return { ...(perms as Record<string, boolean>), ...out };
}

const getChatMember: Handler<"getChatMember"> = (ctx) => memberObject(ctx.world, chatOf(ctx), userId(ctx));

const getChatAdministrators: Handler<"getChatAdministrators"> = (ctx) => {
  const chat = chatOf(ctx);
  if (chat.type === "private") throw badRequest("there are no administrators in the private chat");
  return [...chat.members]
    .filter(([, s]) => s === "creator" || s === "administrator")
    .map(([id]) => memberObject(ctx.world, chat, id) as ChatMember);
};

const leaveChat: Handler<"leaveChat"> = (ctx) => {
  const chat = chatOf(ctx);
  if (chat.type === "private") throw badRequest("chat member status can't be changed in private chats");
  changeMember(ctx.world, chat, ctx.bot.id, "left", ctx.bot.id);
  return true;
};

/** A member-status method (ban, unban, restrict, promote). */
function moderation(
  run: (ctx: CallContext, chat: ChatRecord, id: number) => void,
): Handler<MethodsReturning<true>> {
  return (ctx) => {
    const chat = chatOf(ctx);
    requireAdmin(ctx, chat);
    const id = userId(ctx);
    if (chat.members.get(id) === "creator") throw badRequest("can't remove chat owner");
    run(ctx, chat, id);
    return true;
  };
}

/** A setting a bot with admin rights changes; returns true. */
function adminSetting(run: (ctx: CallContext, chat: ChatRecord) => void): Handler<MethodsReturning<true>> {
  return (ctx) => {
    const chat = chatOf(ctx);
    requireAdmin(ctx, chat);
    run(ctx, chat);
    ctx.world.events.emit("chat", chat);
    return true;
  };
}

/** The chat methods by name. */
export const chatMethods: MethodTable = {
  getChat,
  getChatMember,
  getChatAdministrators,
  getChatMemberCount: (ctx) => ctx.world.presentMembers(chatOf(ctx)).length,
  leaveChat,
  banChatMember: moderation((ctx, chat, id) => changeMember(ctx.world, chat, id, "kicked", ctx.bot.id)),
  unbanChatMember: moderation((ctx, chat, id) => {
    const status = chat.members.get(id);
    if (status === "kicked" || (!ctx.params.only_if_banned && status !== undefined && status !== "left")) {
      changeMember(ctx.world, chat, id, "left", ctx.bot.id);
    }
  }),
  restrictChatMember: moderation((ctx, chat, id) =>
    changeMember(
      ctx.world,
      chat,
      id,
      "restricted",
      ctx.bot.id,
      ctx.params.permissions as Record<string, unknown>,
    ),
  ),
  promoteChatMember: moderation((ctx, chat, id) => {
    const rights = Object.fromEntries(
      Object.entries(ctx.params).filter(([k]) => k.startsWith("can_") || k === "is_anonymous"),
    );
    const promote = Object.values(rights).some((v) => v === true);
    changeMember(
      ctx.world,
      chat,
      id,
      promote ? "administrator" : "member",
      ctx.bot.id,
      promote ? rights : undefined,
    );
  }),
  setChatTitle: adminSetting((ctx, chat) => {
    chat.title = ctx.params.title as string;
    const record = ctx.world.addMessage(chat, {
      from: ctx.world.userObject(ctx.bot.id),
      new_chat_title: chat.title,
    });
    ctx.world.notifyBots(chat, "message", record.message, ctx.bot.id);
  }),
  setChatDescription: adminSetting((ctx, chat) => {
    chat.description = (ctx.params.description as string | undefined) ?? "";
  }),
  setChatPermissions: adminSetting((ctx, chat) => {
    chat.extra.permissions = ctx.params.permissions;
  }),
  pinChatMessage: (ctx) => {
    const chat = chatOf(ctx);
    if (chat.type !== "private") requireAdmin(ctx, chat);
    const record = ctx.world.message(chat, ctx.params.message_id, "message to pin not found");
    chat.pinned = [
      ...chat.pinned.filter((id) => id !== record.message.message_id),
      record.message.message_id,
    ];
    if (!ctx.params.disable_notification || chat.type !== "channel") {
      ctx.world.addMessage(chat, { from: ctx.world.userObject(ctx.bot.id), pinned_message: record.message });
    }
    return true;
  },
  unpinChatMessage: (ctx) => {
    const chat = chatOf(ctx);
    const id = (ctx.params.message_id as number | undefined) ?? chat.pinned[chat.pinned.length - 1];
    chat.pinned = chat.pinned.filter((p) => p !== id);
    ctx.world.events.emit("chat", chat);
    return true;
  },
  unpinAllChatMessages: (ctx) => {
    const chat = chatOf(ctx);
    chat.pinned = [];
    ctx.world.events.emit("chat", chat);
    return true;
  },
  exportChatInviteLink: (ctx) => {
    const chat = chatOf(ctx);
    requireAdmin(ctx, chat);
    const link = `https://t.me/+${Buffer.from(`${chat.id}:${ctx.world.now()}`).toString("base64url")}`;
    chat.extra.inviteLink = link;
    return link;
  },
  getFile: ({ world, params, bot }) => {
    const file = world.files.get(params.file_id as string);
    if (!world.files.mayDownload(file, bot.id)) throw badRequest("wrong file identifier/HTTP URL specified");
    if (file.data.length > 20 * 1024 * 1024) throw badRequest("file is too big");
    return {
      file_id: file.fileId,
      file_unique_id: file.uniqueId,
      file_size: file.data.length,
      file_path: file.path,
    };
  },
};
