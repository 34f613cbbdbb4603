// What people do in the emulated Telegram: start a bot, write, send files, press buttons, ask
// inline queries and pick results, join and leave groups. The driver and the web chat both act
// through here, so a test and a person in the browser cause the very same updates.
import {
  type InlineKeyboardButton,
  type Message,
  type MessageGenerationStopped,
  TelepotError,
} from "@telepot/core";
import { type MediaKind, mediaContent } from "./methods/media-content.js";
import type { Upload } from "./spec/upload.js";
import type { DraftRecord } from "./state/drafts.js";
import { pendingForcedReply } from "./state/force-reply.js";
import { applyParseMode, detectEntities } from "./state/format.js";
import { changeMember } from "./state/membership.js";
import type { BotRecord, ChatRecord, MessageRecord, World } from "./state/world.js";

/** A failure of a user action (the driver and the web chat report it as is). */
export class ActionError extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.emulator.ActionError";
  /** Always "ActionError". */
  override name = "ActionError";
}

/** The user-side operations on a world. */
export class Actions {
  constructor(
    /** The world the operations change. */
    readonly world: World,
  ) {}

  /** A chat by key, or an ActionError. */
  chat(key: string): ChatRecord {
    const chat = this.world.chats.get(key);
    if (!chat) throw new ActionError(`no chat "${key}"`);
    return chat;
  }

  /** A bot by id, or an ActionError. */
  bot(id: number): BotRecord {
    const bot = this.world.bots.get(id);
    if (!bot) throw new ActionError(`no bot with id ${id}`);
    return bot;
  }

  private userOf(id: number) {
    const user = this.world.users.get(id);
    if (!user) throw new ActionError(`no user with id ${id}`);
    return user.user;
  }

  /** Opens the private chat of a user with a bot (no message yet). */
  openPrivate(userId: number, botId: number): ChatRecord {
    this.userOf(userId);
    this.bot(botId);
    const chat = this.world.privateChat(botId, userId);
    if (chat.members.get(botId) === "kicked") chat.members.set(botId, "member");
    return chat;
  }

  /** Sends /start (with an optional deep-link payload) to a bot. */
  start(userId: number, botId: number, payload?: string): Message {
    const chat = this.openPrivate(userId, botId);
    return this.sendText(userId, chat.key, payload ? `/start ${payload}` : "/start");
  }

  /** Checks that a user may write in a chat. */
  private writable(userId: number, key: string): ChatRecord {
    const chat = this.chat(key);
    const status = chat.members.get(userId);
    if (!status || status === "left" || status === "kicked")
      throw new ActionError(`user ${userId} is not a member of chat "${key}"`);
    if (chat.type === "channel" && status !== "creator" && status !== "administrator") {
      throw new ActionError(`user ${userId} can't post in channel "${chat.title}"`);
    }
    return chat;
  }

  /** Stores a user's message and delivers it to the chat's bots. */
  private post(
    userId: number,
    chat: ChatRecord,
    content: Record<string, unknown>,
    replyTo?: number,
  ): Message {
    const fields: Record<string, unknown> =
      chat.type === "channel" ? { sender_chat: this.world.chatObject(chat) } : { from: this.userOf(userId) };
    // A bot's message that forces a reply makes the user's next message a reply to it.
    replyTo ??= pendingForcedReply(chat, userId)?.message.message_id;
    if (replyTo !== undefined) {
      const target = chat.messages.get(replyTo);
      if (!target) throw new ActionError(`no message ${replyTo} in chat "${chat.key}" to reply to`);
      const { reply_to_message: _nested, ...inner } = target.message;
      fields.reply_to_message = inner;
    }
    const record = this.world.addMessage(chat, { ...fields, ...content } as Omit<
      Message,
      "message_id" | "date" | "chat"
    >);
    this.world.notifyBots(chat, chat.type === "channel" ? "channel_post" : "message", record.message);
    this.hideOneTimeKeyboard(chat);
    return record.message;
  }

  /** Sends text; commands, mentions, hashtags and URLs get their entities. */
  sendText(userId: number, key: string, text: string, opts: { replyTo?: number } = {}): Message {
    if (text.trim() === "") throw new ActionError("message text is empty");
    const chat = this.writable(userId, key);
    const entities = detectEntities(text);
    return this.post(userId, chat, { text, ...(entities.length > 0 ? { entities } : {}) }, opts.replyTo);
  }

  /** Sends a file as a photo, document, audio, video, voice... with an optional caption. */
  sendMedia(userId: number, key: string, kind: MediaKind, upload: Upload, caption?: string): Message {
    const chat = this.writable(userId, key);
    const content = mediaContent(this.world, kind, upload, {});
    if (caption) {
      const entities = detectEntities(caption);
      Object.assign(content, { caption, ...(entities.length > 0 ? { caption_entities: entities } : {}) });
    }
    return this.post(userId, chat, content);
  }

  /** Sends any other content (location, contact...) as given. */
  sendContent(userId: number, key: string, content: Record<string, unknown>): Message {
    return this.post(userId, this.writable(userId, key), content);
  }

  /** Edits a user's own text message; bots in the chat get edited_message. */
  editText(userId: number, key: string, messageId: number, text: string): Message {
    const chat = this.chat(key);
    const record = chat.messages.get(messageId);
    if (!record || record.message.from?.id !== userId)
      throw new ActionError(`no message ${messageId} of user ${userId} in "${key}"`);
    const entities = detectEntities(text);
    const { entities: _old, ...rest } = record.message;
    record.message = {
      ...rest,
      text,
      ...(entities.length > 0 ? { entities } : {}),
      edit_date: this.world.date(),
    } as Message;
    this.world.events.emit("edit", chat, record);
    this.world.notifyBots(
      chat,
      chat.type === "channel" ? "edited_channel_post" : "edited_message",
      record.message,
    );
    return record.message;
  }

  /** Presses an inline button with callback data; returns the callback query id. */
  press(userId: number, key: string, messageId: number, data: string): string {
    const chat = this.chat(key);
    const record = chat.messages.get(messageId);
    if (!record) throw new ActionError(`no message ${messageId} in chat "${key}"`);
    const rows = (record.message.reply_markup?.inline_keyboard ?? []) as InlineKeyboardButton[][];
    const button = rows.flat().find((b) => b.callback_data === data);
    if (!button) {
      const offered = rows
        .flat()
        .map((b) => b.callback_data)
        .filter((d) => d !== undefined);
      throw new ActionError(
        `message ${messageId} has no inline button with callback_data "${data}" (it has: ${offered.map((d) => JSON.stringify(d)).join(", ") || "none"})`,
      );
    }
    // A disabled button (Bot API 10.3) does nothing: no callback query reaches the bot.
    if (button.disabled !== undefined) {
      throw new ActionError(`the button "${button.text}" of message ${messageId} is disabled`);
    }
    const botId = record.message.via_bot?.id ?? record.message.from?.id;
    const bot = botId !== undefined ? this.world.bots.get(botId) : undefined;
    if (!bot) throw new ActionError(`message ${messageId} was not sent by a bot`);
    const id = this.world.queryId();
    this.world.queries.set(id, { kind: "callback", botId: bot.id, userId, query: data, chatKey: key });
    const inlineId = [...this.world.inlineMessages].find(
      ([, ref]) => ref.chatKey === key && ref.messageId === messageId,
    )?.[0];
    const query: Record<string, unknown> = { id, from: this.userOf(userId) };
    if (inlineId && record.message.via_bot) query.inline_message_id = inlineId;
    else query.message = record.message;
    query.chat_instance = String(Math.abs(chat.id * 7 + bot.id) % 1e15);
    query.data = data;
    bot.updates.push("callback_query", query);
    return id;
  }

  /**
   * Presses the stop button of a draft a bot sent with `can_stop` (the newest such draft of the
   * chat when no id is given): the bot gets a `stopped_message_generation` update, which is returned.
   */
  stopDraft(userId: number, key: string, draftId?: number): MessageGenerationStopped {
    const chat = this.writable(userId, key);
    const draft = this.world.drafts
      .of(key)
      .filter((d) => d.canStop && !d.stopped && (draftId === undefined || d.draftId === draftId))
      .at(-1);
    if (!draft) {
      throw new ActionError(
        `no draft${draftId === undefined ? "" : ` ${draftId}`} with a stop button in chat "${key}"`,
      );
    }
    draft.stopped = true;
    if (!draft.keepOnStop) this.world.drafts.remove(draft);
    const update: MessageGenerationStopped = {
      chat: this.world.chatObject(chat),
      ...(draft.messageThreadId !== undefined ? { message_thread_id: draft.messageThreadId } : {}),
      draft_id: draft.draftId,
    };
    this.bot(draft.botId).updates.push("stopped_message_generation", update);
    this.world.events.emit("draft", chat, draft);
    return update;
  }

  /** The drafts shown in a chat to a user (the user must be in the chat). */
  drafts(userId: number, key: string): DraftRecord[] {
    this.writable(userId, key);
    return this.world.drafts.of(key);
  }

  /** Presses a reply-keyboard button: sends its text. */
  pressKeyboard(userId: number, key: string, text: string): Message {
    return this.sendText(userId, key, text);
  }

  /** Asks a bot an inline query from a chat; returns the query id. */
  inlineQuery(userId: number, botId: number, query: string, fromKey?: string): string {
    const bot = this.bot(botId);
    const from = fromKey ? this.chat(fromKey) : undefined;
    const id = this.world.queryId();
    this.world.queries.set(id, {
      kind: "inline",
      botId,
      userId,
      query,
      ...(fromKey ? { chatKey: fromKey } : {}),
    });
    const chatType = !from
      ? undefined
      : from.type === "private"
        ? from.botId === botId
          ? "sender"
          : "private"
        : from.type;
    bot.updates.push("inline_query", {
      id,
      from: this.userOf(userId),
      query,
      offset: "",
      ...(chatType ? { chat_type: chatType } : {}),
    });
    return id;
  }

  /** Picks a result of an answered inline query: the message is sent in chat `key` via the bot. */
  chooseInlineResult(userId: number, key: string, queryId: string, resultId: string): Message {
    const query = this.world.queries.get(queryId);
    if (query?.kind !== "inline" || !query.answer)
      throw new ActionError(`inline query ${queryId} has no answer`);
    const results = query.answer.results as Record<string, unknown>[];
    const result = results.find((r) => r.id === resultId);
    if (!result)
      throw new ActionError(
        `inline query ${queryId} has no result "${resultId}" (it has: ${results.map((r) => JSON.stringify(r.id)).join(", ")})`,
      );
    const bot = this.bot(query.botId);
    const chat = this.writable(userId, key);
    const content: Record<string, unknown> = {
      ...this.resultContent(result),
      via_bot: this.world.userObject(bot.id),
    };
    if (result.reply_markup) content.reply_markup = result.reply_markup;
    const message = this.post(userId, chat, content);
    const inlineId = Buffer.from(`${bot.id}:${key}:${message.message_id}`).toString("base64url");
    this.world.inlineMessages.set(inlineId, { botId: bot.id, chatKey: key, messageId: message.message_id });
    if (bot.inlineFeedback) {
      bot.updates.push("chosen_inline_result", {
        result_id: resultId,
        from: this.userOf(userId),
        query: query.query,
        ...(result.reply_markup ? { inline_message_id: inlineId } : {}),
      });
    }
    return message;
  }

  /** The message content an inline result stands for. */
  private resultContent(result: Record<string, unknown>): Record<string, unknown> {
    const input = result.input_message_content as Record<string, unknown> | undefined;
    if (input?.message_text !== undefined) {
      const { text, entities } = input.entities
        ? { text: input.message_text as string, entities: input.entities as unknown[] }
        : applyParseMode(input.message_text as string, input.parse_mode as string | undefined);
      return { text, ...(entities.length > 0 ? { entities } : {}) };
    }
    if (input?.latitude !== undefined && input.address !== undefined) {
      const location = { latitude: input.latitude, longitude: input.longitude };
      return { venue: { location, title: input.title, address: input.address }, location };
    }
    if (input?.latitude !== undefined)
      return { location: { latitude: input.latitude, longitude: input.longitude } };
    if (input?.phone_number !== undefined)
      return { contact: { phone_number: input.phone_number, first_name: input.first_name } };
    const type = result.type as string;
    const kinds: Record<string, MediaKind> = {
      photo: "photo",
      gif: "animation",
      mpeg4_gif: "animation",
      video: "video",
      audio: "audio",
      voice: "voice",
      document: "document",
      sticker: "sticker",
    };
    const kind = kinds[type];
    if (kind) {
      const source = Object.entries(result).find(
        ([k]) => k.endsWith("_file_id") || (k.endsWith("_url") && !k.startsWith("thumbnail")),
      )?.[1];
      const caption =
        result.caption !== undefined
          ? applyParseMode(result.caption as string, result.parse_mode as string | undefined)
          : undefined;
      return {
        ...mediaContent(this.world, kind, source, {}),
        ...(caption
          ? {
              caption: caption.text,
              ...(caption.entities.length > 0 ? { caption_entities: caption.entities } : {}),
            }
          : {}),
      };
    }
    if (type === "location" || type === "venue") {
      const location = { latitude: result.latitude, longitude: result.longitude };
      return type === "venue"
        ? { venue: { location, title: result.title, address: result.address }, location }
        : { location };
    }
    if (type === "contact")
      return { contact: { phone_number: result.phone_number, first_name: result.first_name } };
    return { text: String(result.title ?? result.id) };
  }

  /** Creates a group (or supergroup, channel) owned by a user, with the given members. */
  createGroup(
    ownerId: number,
    title: string,
    opts: {
      type?: "group" | "supergroup" | "channel";
      username?: string;
      members?: number[];
      admins?: number[];
    } = {},
  ): ChatRecord {
    this.userOf(ownerId);
    const chat = this.world.createGroup({
      title,
      ...(opts.type ? { type: opts.type } : {}),
      ...(opts.username ? { username: opts.username } : {}),
    });
    chat.members.set(ownerId, "creator");
    for (const id of opts.members ?? []) this.addMember(ownerId, chat.key, id);
    for (const id of opts.admins ?? []) changeMember(this.world, chat, id, "administrator", ownerId);
    return chat;
  }

  /** Adds a user or bot to a group (by an existing member). */
  addMember(actorId: number, key: string, memberId: number): void {
    const chat = this.chat(key);
    if (chat.type === "private") throw new ActionError("can't add members to a private chat");
    if (!this.world.users.has(memberId) && !this.world.bots.has(memberId))
      throw new ActionError(`no user or bot with id ${memberId}`);
    changeMember(
      this.world,
      chat,
      memberId,
      this.world.isBot(memberId) && chat.type === "channel" ? "administrator" : "member",
      actorId,
    );
  }

  /** A user joins a group by themselves. */
  join(userId: number, key: string): void {
    this.userOf(userId);
    const chat = this.chat(key);
    if (chat.members.get(userId) === "kicked")
      throw new ActionError(`user ${userId} is banned in "${chat.title}"`);
    changeMember(this.world, chat, userId, "member", userId);
  }

  /** A user leaves a group. */
  leave(userId: number, key: string): void {
    changeMember(this.world, this.chat(key), userId, "left", userId);
  }

  /** Makes a member an administrator. */
  promote(actorId: number, key: string, memberId: number): void {
    changeMember(this.world, this.chat(key), memberId, "administrator", actorId);
  }

  /** A user blocks (true) or unblocks a bot in their private chat. */
  block(userId: number, botId: number, blocked: boolean): void {
    const chat = this.openPrivate(userId, botId);
    changeMember(this.world, chat, botId, blocked ? "kicked" : "member", userId);
  }

  /** After a user answered, a one-time reply keyboard of the chat is hidden. */
  private hideOneTimeKeyboard(chat: ChatRecord): void {
    const last = lastKeyboard(chat);
    if (last?.keyboard && (last.keyboard as { one_time_keyboard?: boolean }).one_time_keyboard) {
      last.keyboard = { ...last.keyboard, hidden: true };
    }
  }
}

/** The latest message of a chat that carried a reply keyboard, removal or force-reply. */
export function lastKeyboard(chat: ChatRecord): MessageRecord | undefined {
  let found: MessageRecord | undefined;
  for (const record of chat.messages.values()) if (record.keyboard) found = record;
  return found;
}
