// Everything the emulated Telegram knows: bots, users, chats with their members and messages, files,
// and each bot's update queue. Methods and the driver change it through here; every change that a
// client may show is announced on `events`.
import { EventEmitter } from "node:events";
import type { Chat, Message, User } from "@telepot/core";
import { badRequest, forbidden } from "../errors.js";
import { DraftBoard, type DraftRecord } from "./drafts.js";
import { FileStore } from "./files.js";
import { UpdateQueue } from "./updates.js";

/** A member's standing in a chat, as ChatMember.status says it. */
export type MemberStatus = "creator" | "administrator" | "member" | "restricted" | "left" | "kicked";

/** A bot account. */
export interface BotRecord {
  /** The bot's user id. */
  id: number;
  /** The bot's API token. */
  token: string;
  /** The bot's User object, as getMe answers. */
  user: User;
  /** Privacy mode: in groups the bot sees only commands, replies to it and mentions of it. */
  privacy: boolean;
  /** Whether chosen_inline_result updates are sent (BotFather's inline feedback). */
  inlineFeedback: boolean;
  /** The bot's pending updates, waiting for getUpdates or the webhook. */
  updates: UpdateQueue;
  /** Settings by key (commands per scope, names, descriptions, menu button...). */
  settings: Map<string, unknown>;
  /** Set after logOut/close: the token answers 401 until the emulator restarts. */
  loggedOut?: boolean;
}

/** A person. */
export interface UserRecord {
  /** The person's User object. */
  user: User;
}

/** A stored message and what a client needs to show beside it. */
export interface MessageRecord {
  /** The message as bots see it. */
  message: Message;
  /** A reply keyboard, keyboard removal or force-reply the bot sent with the message. */
  keyboard?: Record<string, unknown>;
  /** The bot that sent it through the API (channel posts carry no `from`). */
  sentBy?: number;
  /** An ephemeral message: the one user who sees it (nobody else in the chat does). */
  visibleTo?: number;
}

/** Whether a user sees a message of a chat they are in (an ephemeral one only its receiver sees). */
export function visibleTo(record: MessageRecord, userId: number): boolean {
  return record.visibleTo === undefined || record.visibleTo === userId;
}

/** A chat: a private chat of one bot and one user, a group, a supergroup or a channel. */
export interface ChatRecord {
  /** Unique key: "p<bot>_<user>" for a private chat, else the chat id. */
  key: string;
  /** The id bots see. */
  id: number;
  /** The chat's type, as Chat.type says it. */
  type: "private" | "group" | "supergroup" | "channel";
  /** The title of a group, supergroup or channel. */
  title?: string;
  /** The chat's public username, if it has one. */
  username?: string;
  /** The chat's description, if one was set. */
  description?: string;
  /** For a private chat: the bot. */
  botId?: number;
  /** For a private chat: the user. */
  userId?: number;
  /** Each member's standing, by user id. */
  members: Map<number, MemberStatus>;
  /** The chat's messages, by message id. */
  messages: Map<number, MessageRecord>;
  /** The id the next message in the chat gets. */
  nextMessageId: number;
  /** Ids of the pinned messages, the most recently pinned last. */
  pinned: number[];
  /** Everything else a bot set (permissions, photo, sticker set...). */
  extra: Record<string, unknown>;
}

/** A callback or inline query waiting for the bot's answer (inline answers stay for picking a result). */
export interface OpenQuery {
  kind: "callback" | "inline";
  botId: number;
  userId: number;
  /** Inline: the query text; callback: the data. */
  query: string;
  /** The chat the query was made in. */
  chatKey?: string;
  /** The bot's answer to an inline query. */
  answer?: Record<string, unknown>;
}

/** What the world announces. */
export interface WorldEvents {
  message: [chat: ChatRecord, record: MessageRecord];
  edit: [chat: ChatRecord, record: MessageRecord];
  delete: [chat: ChatRecord, messageIds: number[]];
  chat: [chat: ChatRecord];
  user: [user: UserRecord];
  bot: [bot: BotRecord];
  action: [chat: ChatRecord, botId: number, action: string];
  callbackAnswer: [queryId: string, answer: Record<string, unknown>];
  draft: [chat: ChatRecord, draft: DraftRecord];
  inlineAnswer: [queryId: string, answer: Record<string, unknown>];
}

/** The whole emulated Telegram. */
export class World {
  /** The bots, by id. */
  readonly bots = new Map<number, BotRecord>();
  /** The people, by id. */
  readonly users = new Map<number, UserRecord>();
  /** The chats, by key. */
  readonly chats = new Map<string, ChatRecord>();
  /** All files the emulator holds, by file_id. */
  readonly files = new FileStore();
  /** Announces every change a client may show. */
  readonly events = new EventEmitter<WorldEvents>();
  /** Open callback and inline queries: id -> who asked whom. */
  readonly queries = new Map<string, OpenQuery>();
  /** The message drafts bots are streaming. */
  readonly drafts = new DraftBoard();
  /** Messages sent through inline mode, by inline_message_id. */
  readonly inlineMessages = new Map<
    string,
    {
      /** The bot that sent the message. */
      botId: number;
      /** The key of the chat the message is in. */
      chatKey: string;
      /** The message's id in that chat. */
      messageId: number;
    }
  >();
  /**
   * How many messages each chat keeps; older ones are forgotten (a reply to or an edit of one is
   * then "not found"). Large enough for any conversation a test or a demo has.
   */
  messageLimitPerChat = 10_000;
  private nextUserId = 100_000_001;
  private nextBotId = 7_000_000_001;
  private nextGroupId = 4_000_001;
  private nextQueryId = 1;

  constructor(
    /** The clock, in milliseconds since the epoch (injectable for tests). */
    readonly now: () => number = Date.now,
  ) {
    this.events.setMaxListeners(0);
    // A file belongs to the bots that sent or received it (before anyone else hears of the message).
    this.events.on("message", (chat, record) => this.grantFiles(chat, record));
    this.events.on("edit", (chat, record) => this.grantFiles(chat, record));
  }

  private grantFiles(chat: ChatRecord, record: MessageRecord): void {
    const ids = fileIdsIn(record.message);
    if (ids.length === 0) return;
    const bots = this.presentMembers(chat).filter((id) => this.bots.has(id));
    if (record.sentBy !== undefined) bots.push(record.sentBy);
    for (const id of ids) for (const bot of bots) this.files.grant(id, bot);
  }

  /** After a snapshot was loaded: new ids continue after the highest ones in use. */
  resumeCounters(): void {
    for (const id of this.users.keys()) this.nextUserId = Math.max(this.nextUserId, id + 1);
    for (const id of this.bots.keys()) this.nextBotId = Math.max(this.nextBotId, id + 1);
    for (const chat of this.chats.values()) {
      if (chat.type === "private") continue;
      const n = chat.type === "group" ? -chat.id : -chat.id - 1_000_000_000_000;
      this.nextGroupId = Math.max(this.nextGroupId, n + 1);
    }
  }

  /** Unix time in seconds. */
  date(): number {
    return Math.floor(this.now() / 1000);
  }

  /** A fresh query id (callback and inline queries). */
  queryId(): string {
    return `${this.now().toString(36)}${(this.nextQueryId++).toString(36)}`;
  }

  /** Creates a bot; `token` may be given to keep a known one. */
  createBot(opts: {
    username: string;
    firstName?: string;
    token?: string;
    privacy?: boolean;
    inlineFeedback?: boolean;
  }): BotRecord {
    const username = opts.username.replace(/^@/, "");
    if (!/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(username) || !/bot$/i.test(username)) {
      throw new Error(`bad bot username "${username}": 5-32 letters, digits or _, ending in "bot"`);
    }
    if (this.botByUsername(username)) throw new Error(`a bot @${username} exists already`);
    let id = this.nextBotId++;
    let token = opts.token;
    if (token !== undefined) {
      const m = /^(\d+):[A-Za-z0-9_-]{8,}$/.exec(token);
      if (!m) throw new Error("a bot token looks like <digits>:<at least 8 letters, digits, _ or ->");
      id = Number(m[1]);
      if (this.bots.has(id)) throw new Error(`a bot with id ${id} exists already`);
    } else {
      // Shaped like Telegram's: the bot id, a colon and 35 characters.
      token = `${id}:AA${Buffer.from(crypto.getRandomValues(new Uint8Array(25)))
        .toString("base64url")
        .slice(0, 33)}`;
    }
    const bot: BotRecord = {
      id,
      token,
      user: {
        id,
        is_bot: true,
        first_name: opts.firstName || username.replace(/_?bot$/i, "") || username,
        username,
        can_join_groups: true,
        can_read_all_group_messages: !(opts.privacy ?? false),
        supports_inline_queries: true,
      },
      privacy: opts.privacy ?? false,
      inlineFeedback: opts.inlineFeedback ?? false,
      updates: new UpdateQueue(1),
      settings: new Map(),
    };
    this.bots.set(id, bot);
    this.events.emit("bot", bot);
    return bot;
  }

  /** Creates a person. */
  createUser(opts: {
    firstName: string;
    lastName?: string;
    username?: string;
    languageCode?: string;
  }): UserRecord {
    const id = this.nextUserId++;
    const user: User = { id, is_bot: false, first_name: opts.firstName };
    if (opts.lastName) user.last_name = opts.lastName;
    if (opts.username) user.username = opts.username.replace(/^@/, "");
    user.language_code = opts.languageCode ?? "en";
    const record = { user };
    this.users.set(id, record);
    this.events.emit("user", record);
    return record;
  }

  /** Creates a group, supergroup or channel with no members. */
  createGroup(opts: {
    title: string;
    type?: "group" | "supergroup" | "channel";
    username?: string;
  }): ChatRecord {
    const type = opts.type ?? "group";
    const n = this.nextGroupId++;
    const id = type === "group" ? -n : -(1_000_000_000_000 + n);
    const chat = this.newChat(String(id), id, type);
    chat.title = opts.title;
    if (opts.username) chat.username = opts.username.replace(/^@/, "");
    this.chats.set(chat.key, chat);
    this.events.emit("chat", chat);
    return chat;
  }

  private newChat(key: string, id: number, type: ChatRecord["type"]): ChatRecord {
    return {
      key,
      id,
      type,
      members: new Map(),
      messages: new Map(),
      nextMessageId: 1,
      pinned: [],
      extra: {},
    };
  }

  /** The private chat of a bot and a user, created on first use. */
  privateChat(botId: number, userId: number): ChatRecord {
    const key = `p${botId}_${userId}`;
    let chat = this.chats.get(key);
    if (!chat) {
      chat = this.newChat(key, userId, "private");
      chat.botId = botId;
      chat.userId = userId;
      chat.members.set(botId, "member");
      chat.members.set(userId, "member");
      this.chats.set(key, chat);
      this.events.emit("chat", chat);
    }
    return chat;
  }

  /** The bot with a token, if any. */
  botByToken(token: string): BotRecord | undefined {
    const id = Number(token.split(":")[0]);
    const bot = this.bots.get(id);
    return bot && bot.token === token ? bot : undefined;
  }

  /** The bot with a username (case-insensitive, "@" optional), if any. */
  botByUsername(username: string): BotRecord | undefined {
    const name = username.replace(/^@/, "").toLowerCase();
    for (const bot of this.bots.values()) if (bot.user.username?.toLowerCase() === name) return bot;
    return undefined;
  }

  /** The User object of a person or a bot. */
  userObject(id: number): User {
    const bot = this.bots.get(id);
    if (bot) {
      // Elsewhere than getMe a bot shows only who it is, not its capabilities.
      const { id: botId, is_bot, first_name, username } = bot.user;
      return { id: botId, is_bot, first_name, ...(username ? { username } : {}) };
    }
    const found = this.users.get(id)?.user;
    if (!found) throw badRequest("user not found");
    return found;
  }

  /** Whether an id belongs to a bot. */
  isBot(id: number): boolean {
    return this.bots.has(id);
  }

  /** The Chat object bots see for a chat. */
  chatObject(chat: ChatRecord): Chat {
    if (chat.type === "private") {
      const user = this.userObject(chat.userId as number);
      const out: Chat = { id: chat.id, type: "private", first_name: user.first_name };
      if (user.last_name) out.last_name = user.last_name;
      if (user.username) out.username = user.username;
      return out;
    }
    const out: Chat = { id: chat.id, type: chat.type, title: chat.title ?? "" };
    if (chat.username) out.username = chat.username;
    return out;
  }

  /**
   * The chat a bot means by a chat_id parameter (an id or "@username"), checked as Telegram checks:
   * unknown -> 400 chat not found; a user who never started the bot -> 403; not a member -> 403.
   */
  chatForBot(bot: BotRecord, chatId: unknown): ChatRecord {
    if (typeof chatId === "string" && !/^-?\d+$/.test(chatId)) {
      const name = chatId.replace(/^@/, "").toLowerCase();
      for (const chat of this.chats.values()) {
        if (chat.type !== "private" && chat.username?.toLowerCase() === name)
          return this.memberCheck(bot, chat);
      }
      throw badRequest("chat not found");
    }
    const id = Number(chatId);
    if (id > 0) {
      if (this.bots.has(id))
        throw forbidden(
          id === bot.id ? "bot can't send messages to itself" : "bot can't send messages to bots",
        );
      if (!this.users.has(id)) throw badRequest("chat not found");
      const chat = this.chats.get(`p${bot.id}_${id}`);
      if (!chat) throw forbidden("bot can't initiate conversation with a user");
      if (chat.members.get(bot.id) === "kicked") throw forbidden("bot was blocked by the user");
      return chat;
    }
    const chat = this.chats.get(String(id));
    if (!chat) throw badRequest("chat not found");
    return this.memberCheck(bot, chat);
  }

  private memberCheck(bot: BotRecord, chat: ChatRecord): ChatRecord {
    const status = chat.members.get(bot.id);
    if (!status || status === "left" || status === "kicked") {
      if (chat.type === "channel") throw badRequest("chat not found");
      throw forbidden(
        status === "kicked"
          ? `bot was kicked from the ${chat.type === "group" ? "group" : "supergroup"} chat`
          : `bot is not a member of the ${chat.type === "group" ? "group" : "supergroup"} chat`,
      );
    }
    return chat;
  }

  /** Members of a chat who are present (not left or banned). */
  presentMembers(chat: ChatRecord): number[] {
    return [...chat.members].filter(([, s]) => s !== "left" && s !== "kicked").map(([id]) => id);
  }

  /** Stores a new message in a chat, assigning its id and date, and announces it. */
  addMessage(
    chat: ChatRecord,
    fields: Omit<Message, "message_id" | "date" | "chat">,
    keyboard?: Record<string, unknown>,
    sentBy?: number,
    receiver?: number,
  ): MessageRecord {
    const { from, sender_chat, ...content } = fields;
    // Field order as Telegram sends it: id, sender, chat, date, then content.
    const message = {
      message_id: chat.nextMessageId++,
      ...(from ? { from } : {}),
      ...(sender_chat ? { sender_chat } : {}),
      chat: this.chatObject(chat),
      date: this.date(),
      ...content,
    } as Message;
    const record: MessageRecord = {
      message,
      ...(keyboard ? { keyboard } : {}),
      ...(sentBy !== undefined ? { sentBy } : {}),
      ...(receiver !== undefined ? { visibleTo: receiver } : {}),
    };
    chat.messages.set(message.message_id, record);
    // A long run must not grow without end: a chat keeps its newest messages only (a Map iterates
    // in insertion order, so the first key is the oldest).
    if (chat.messages.size > this.messageLimitPerChat)
      chat.messages.delete(chat.messages.keys().next().value as number);
    this.events.emit("message", chat, record);
    return record;
  }

  /** A message of a chat, or a 400 with `what` ("message to edit not found"...). */
  message(chat: ChatRecord, id: unknown, what = "message not found"): MessageRecord {
    const record = chat.messages.get(Number(id));
    if (!record) throw badRequest(what);
    return record;
  }

  /**
   * Queues an update about a chat for every bot in it that should see it: the private chat's bot,
   * or each bot member of a group (privacy mode: only commands, replies to it, mentions of it).
   */
  notifyBots(
    chat: ChatRecord,
    kind: string,
    payload: Message | Record<string, unknown>,
    exceptBot?: number,
  ): void {
    for (const id of this.presentMembers(chat)) {
      const bot = this.bots.get(id);
      if (!bot || id === exceptBot) continue;
      if (chat.type !== "private" && bot.privacy && !this.concernsBot(bot, payload as Message)) continue;
      bot.updates.push(kind, payload);
    }
  }

  private concernsBot(bot: BotRecord, message: Message): boolean {
    if (message.reply_to_message?.from?.id === bot.id) return true;
    if (message.new_chat_members || message.left_chat_member) return true;
    const text = message.text ?? message.caption ?? "";
    const name = `@${bot.user.username ?? ""}`.toLowerCase();
    if (text.startsWith("/")) {
      const target = /^\/\w+(@\w+)?/.exec(text)?.[1];
      return !target || target.toLowerCase() === name;
    }
    return text.toLowerCase().includes(name);
  }
}

/** The file_ids a message carries (its media, their thumbnails, a reply's media). */
function fileIdsIn(value: unknown, depth = 0, out: string[] = []): string[] {
  if (depth > 4 || typeof value !== "object" || value === null) return out;
  if (Array.isArray(value)) {
    for (const item of value) fileIdsIn(item, depth + 1, out);
    return out;
  }
  for (const [key, field] of Object.entries(value)) {
    if (key === "file_id" && typeof field === "string") out.push(field);
    else if (typeof field === "object") fileIdsIn(field, depth + 1, out);
  }
  return out;
}
