// The test driver: bot authors create bots and users, act as users, and await what their bot did,
// with timeouts and failure messages that say what was awaited and what happened instead.
import type { Message, MessageGenerationStopped, User } from "@telepot/core";
import { ActionError, Actions } from "./actions.js";
import type { MediaKind } from "./methods/media-content.js";
import { type ChatRecord, type MessageRecord, visibleTo, type World } from "./state/world.js";

/** A bot created through the driver. */
export interface BotHandle {
  /** Tells a bot handle from a group handle in a {@link Target}. */
  readonly kind: "bot";
  /** The bot's user id. */
  readonly id: number;
  /** The token to give the bot's library. */
  readonly token: string;
  /** The bot's username, without the "@". */
  readonly username: string;
  /** The bot's User object, as getMe answers. */
  readonly user: User;
}

/** A group, supergroup or channel created through the driver. */
export interface GroupHandle {
  /** Tells a group handle from a bot handle in a {@link Target}. */
  readonly kind: "group";
  /** The chat id bots see. */
  readonly id: number;
  /** The emulator's key of the chat. */
  readonly key: string;
  /** The chat's title (empty if it has none). */
  readonly title: string;
}

/** Where a user acts: the private chat with a bot, or a group. */
export type Target = BotHandle | GroupHandle;

/** A file a user sends. */
export interface FileInput {
  /** The file's bytes; a string is sent as its UTF-8 encoding. */
  data: Uint8Array | string;
  /** The file's name (defaults to `<kind>.bin`, or photo.jpg for sendPhoto). */
  filename?: string;
  /** The file's MIME type (none by default, image/jpeg for sendPhoto). */
  contentType?: string;
}

/** How long to wait. */
export interface WaitOptions {
  /** Milliseconds; the driver's default when left out. */
  timeout?: number;
}

/** A bot's answer to a callback query. */
export interface CallbackAnswer {
  /** The notification text shown to the user, if any. */
  text?: string;
  /** Whether the text is shown as an alert rather than a notification. */
  show_alert?: boolean;
  /** A URL the user's client should open, if any. */
  url?: string;
  /** Seconds the client may cache the answer. */
  cache_time?: number;
}

/** A bot's answer to an inline query, with a way to pick one of its results. */
export interface InlineAnswer {
  /** The id of the inline query that was answered. */
  queryId: string;
  /** The InlineQueryResult objects the bot sent, as sent. */
  results: Record<string, unknown>[];
  /** The offset to send in the next query to get more results, if any. */
  next_offset?: string;
  /** Seconds the results may be cached. */
  cache_time?: number;
  /** Whether the results may be cached only for this user. */
  is_personal?: boolean;
  /** Picks a result: the user sends it in `target` (by default the chat the query was made in). */
  choose(resultId: string, target?: Target): Message;
}

/** A draft a bot is streaming, as the user sees it. */
export interface DraftView {
  /** The bot's id of the draft. */
  draftId: number;
  /** The text generated so far. */
  text: string;
  /** Whether the user is offered a stop button. */
  canStop: boolean;
}

/** One thing that happened in a chat, in order. */
interface LogEntry {
  seq: number;
  kind: "message" | "edit";
  chatKey: string;
  message: Message;
  byBot: boolean;
  /** An ephemeral message's one receiver. */
  visibleTo?: number;
}

/** How many callback and inline answers the driver remembers. */
const ANSWER_LIMIT = 10_000;

/** The driver: creates the cast and watches what happens. */
export class Driver {
  /** The user-side operations on the world, below the handles. */
  readonly actions: Actions;
  /**
   * What happened, per chat, oldest first, in increasing `seq`. Each chat keeps its newest
   * `logLimitPerChat` entries, so a long run stays bounded, and a wait looks only at its own chat.
   */
  private readonly logs = new Map<string, LogEntry[]>();
  private seq = 0;
  /** Callback and inline answers by query id; the oldest go beyond ANSWER_LIMIT. */
  private readonly answers = new Map<string, Record<string, unknown>>();
  private readonly changed = new Set<() => void>();

  constructor(
    /** The emulated Telegram the driver acts on. */
    readonly world: World,
    /** Default timeout of the waits, in milliseconds. */
    readonly defaultTimeout = 5000,
    /** How many log entries the driver keeps per chat (older ones cannot be awaited any more). */
    readonly logLimitPerChat = 1000,
  ) {
    this.actions = new Actions(world);
    const record = (kind: LogEntry["kind"], chat: ChatRecord, r: MessageRecord, byBot: boolean) => {
      let log = this.logs.get(chat.key);
      if (!log) {
        log = [];
        this.logs.set(chat.key, log);
      }
      log.push({
        seq: ++this.seq,
        kind,
        chatKey: chat.key,
        message: structuredClone(r.message),
        byBot,
        ...(r.visibleTo !== undefined ? { visibleTo: r.visibleTo } : {}),
      });
      // Trimmed in batches so that the cost per message stays constant.
      if (log.length >= this.logLimitPerChat * 1.25) log.splice(0, log.length - this.logLimitPerChat);
      this.notify();
    };
    const remember = (id: string, answer: Record<string, unknown>) => {
      this.answers.set(id, answer);
      if (this.answers.size > ANSWER_LIMIT) this.answers.delete(this.answers.keys().next().value as string);
      this.notify();
    };
    world.events.on("message", (chat, r) =>
      record("message", chat, r, r.sentBy !== undefined || r.message.from?.is_bot === true),
    );
    world.events.on("edit", (chat, r) => record("edit", chat, r, true));
    world.events.on("draft", () => this.notify());
    world.events.on("callbackAnswer", remember);
    world.events.on("inlineAnswer", remember);
  }

  private notify(): void {
    for (const listener of [...this.changed]) listener();
  }

  /** Creates a bot; its username must end in "bot". */
  createBot(
    opts: {
      username?: string;
      firstName?: string;
      token?: string;
      privacy?: boolean;
      inlineFeedback?: boolean;
    } = {},
  ): BotHandle {
    const bot = this.world.createBot({
      ...opts,
      username: opts.username ?? `test${this.world.bots.size + 1}_bot`,
    });
    return { kind: "bot", id: bot.id, token: bot.token, username: bot.user.username ?? "", user: bot.user };
  }

  /** Creates a person to act as. */
  createUser(
    opts: { firstName?: string; lastName?: string; username?: string; languageCode?: string } = {},
  ): UserHandle {
    const record = this.world.createUser({
      firstName: opts.firstName ?? `User${this.world.users.size + 1}`,
      ...omitFirst(opts),
    });
    return new UserHandle(this, record.user);
  }

  /** The chat key of a target for a user. */
  chatKey(userId: number, target: Target): string {
    return target.kind === "bot" ? this.actions.openPrivate(userId, target.id).key : target.key;
  }

  /** A handle of an existing chat. */
  groupHandle(chat: ChatRecord): GroupHandle {
    return { kind: "group", id: chat.id, key: chat.key, title: chat.title ?? "" };
  }

  /** The answer of a callback or inline query, once it is there. */
  answer(queryId: string): Record<string, unknown> | undefined {
    return this.answers.get(queryId);
  }

  /** The first log entry of a chat after sequence number `after` that matches. */
  entries(chatKey: string, after: number, match: (e: LogEntry) => boolean): LogEntry | undefined {
    const log = this.logs.get(chatKey) ?? [];
    // Binary search for the first entry after `after`: the log is in increasing seq.
    let low = 0;
    let high = log.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((log[mid] as LogEntry).seq > after) high = mid;
      else low = mid + 1;
    }
    for (let i = low; i < log.length; i++) if (match(log[i] as LogEntry)) return log[i];
    return undefined;
  }

  /** How many log entries the driver holds (all chats). */
  get logSize(): number {
    let size = 0;
    for (const log of this.logs.values()) size += log.length;
    return size;
  }

  /** Recent log lines of a chat, for failure messages. */
  recent(chatKey: string): string {
    const lines = (this.logs.get(chatKey) ?? [])
      .slice(-5)
      .map(
        (e) =>
          `${e.kind} #${e.message.message_id} from ${e.message.from?.username ?? e.message.from?.first_name ?? "chat"}: ${JSON.stringify(e.message.text ?? e.message.caption ?? Object.keys(e.message).at(-1))}`,
      );
    return lines.length > 0
      ? `recent in this chat:\n  ${lines.join("\n  ")}`
      : "nothing happened in this chat";
  }

  /** Waits until `check` returns a value; rejects after the timeout with `failure()`'s message. */
  waitFor<T>(check: () => T | undefined, timeout: number | undefined, failure: () => string): Promise<T> {
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    const ms = timeout ?? this.defaultTimeout;
    return new Promise<T>((resolve, reject) => {
      const listener = () => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${failure()} (waited ${ms} ms)`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        this.changed.delete(listener);
      };
      this.changed.add(listener);
    });
  }

  /** The newest sequence number (a cursor that skips everything so far). */
  get position(): number {
    return this.seq;
  }
}

function omitFirst<T extends { firstName?: string }>(opts: T): Omit<T, "firstName"> {
  const { firstName: _f, ...rest } = opts;
  return rest;
}

/** A person, acting in chats and awaiting the bots' replies. */
export class UserHandle {
  /** Tells a user handle from a bot handle. */
  readonly kind = "user";
  /** The user's id. */
  readonly id: number;
  /** Per chat and kind: the last log entry already taken by nextMessage/nextEdit. */
  private readonly cursors = new Map<string, number>();

  constructor(
    private readonly driver: Driver,
    /** The user's User object. */
    readonly user: User,
  ) {
    this.id = user.id;
  }

  private key(target: Target): string {
    return this.driver.chatKey(this.id, target);
  }

  /** Sends /start to a bot, with an optional deep-link payload. */
  start(bot: BotHandle, payload?: string): Message {
    return this.driver.actions.start(this.id, bot.id, payload);
  }

  /** Sends text to a bot (private chat) or a group. */
  send(target: Target, text: string, opts: { replyTo?: number } = {}): Message {
    return this.driver.actions.sendText(this.id, this.key(target), text, opts);
  }

  /** Sends a command, e.g. command(bot, "help") or command(group, "roll", "2d6"). */
  command(target: Target, command: string, args?: string): Message {
    const name = command.replace(/^\//, "");
    return this.send(target, `/${name}${args ? ` ${args}` : ""}`);
  }

  /** Sends a file as a photo, document, audio, video, voice, animation, video note or sticker. */
  sendMedia(target: Target, kind: MediaKind, file: FileInput, caption?: string): Message {
    const data = typeof file.data === "string" ? new TextEncoder().encode(file.data) : file.data;
    const upload = {
      kind: "upload" as const,
      data,
      filename: file.filename ?? `${kind}.bin`,
      contentType: file.contentType ?? "",
    };
    return this.driver.actions.sendMedia(this.id, this.key(target), kind, upload, caption);
  }

  /** Sends a photo. */
  sendPhoto(target: Target, file: FileInput, caption?: string): Message {
    return this.sendMedia(
      target,
      "photo",
      { contentType: "image/jpeg", filename: "photo.jpg", ...file },
      caption,
    );
  }

  /** Sends a document. */
  sendDocument(target: Target, file: FileInput, caption?: string): Message {
    return this.sendMedia(target, "document", file, caption);
  }

  /** Sends a location. */
  sendLocation(target: Target, latitude: number, longitude: number): Message {
    return this.driver.actions.sendContent(this.id, this.key(target), { location: { latitude, longitude } });
  }

  /** Edits one of the user's text messages. */
  edit(target: Target, message: Message | number, text: string): Message {
    const id = typeof message === "number" ? message : message.message_id;
    return this.driver.actions.editText(this.id, this.key(target), id, text);
  }

  /** Presses an inline button by its callback data; resolves with the bot's answerCallbackQuery. */
  async press(
    message: Message,
    data: string,
    opts: WaitOptions & { in?: Target } = {},
  ): Promise<CallbackAnswer> {
    const key = opts.in ? this.key(opts.in) : this.keyOfMessage(message);
    const id = this.driver.actions.press(this.id, key, message.message_id, data);
    return this.driver.waitFor(
      () => this.driver.answer(id) as CallbackAnswer | undefined,
      opts.timeout,
      () =>
        `the bot did not answer the callback query for button "${data}" of message ${message.message_id} (answerCallbackQuery not called)`,
    );
  }

  /** Presses a reply-keyboard button: sends its text. */
  pressKeyboard(target: Target, text: string): Message {
    return this.send(target, text);
  }

  /** Asks `bot` an inline query (as if typed in `from`, by default the private chat); resolves with its answer. */
  async inlineQuery(
    bot: BotHandle,
    query: string,
    opts: WaitOptions & { from?: Target } = {},
  ): Promise<InlineAnswer> {
    const from = opts.from ?? bot;
    const fromKey = this.key(from);
    const id = this.driver.actions.inlineQuery(this.id, bot.id, query, fromKey);
    const answer = await this.driver.waitFor(
      () => this.driver.answer(id),
      opts.timeout,
      () =>
        `@${bot.username} did not answer the inline query ${JSON.stringify(query)} (answerInlineQuery not called)`,
    );
    return {
      ...(answer as Omit<InlineAnswer, "queryId" | "choose">),
      queryId: id,
      choose: (resultId, target = from) =>
        this.driver.actions.chooseInlineResult(this.id, this.key(target), id, resultId),
    };
  }

  /** Joins a group. */
  join(group: GroupHandle): void {
    this.driver.actions.join(this.id, group.key);
  }

  /** Leaves a group. */
  leave(group: GroupHandle): void {
    this.driver.actions.leave(this.id, group.key);
  }

  /** Blocks a bot (its sends to this user then fail with 403), or unblocks it. */
  block(bot: BotHandle, blocked = true): void {
    this.driver.actions.block(this.id, bot.id, blocked);
  }

  /** Creates a group owned by this user, with members (users or bots) and admins. */
  createGroup(
    title: string,
    opts: {
      type?: "group" | "supergroup" | "channel";
      username?: string;
      members?: (UserHandle | BotHandle)[];
      admins?: (UserHandle | BotHandle)[];
    } = {},
  ): GroupHandle {
    const chat = this.driver.actions.createGroup(this.id, title, {
      ...(opts.type ? { type: opts.type } : {}),
      ...(opts.username ? { username: opts.username } : {}),
      members: (opts.members ?? []).map((m) => m.id),
      admins: (opts.admins ?? []).map((m) => m.id),
    });
    return this.driver.groupHandle(chat);
  }

  /** Adds a user or bot to a group this user is in. */
  addToGroup(group: GroupHandle, member: UserHandle | BotHandle): void {
    this.driver.actions.addMember(this.id, group.key, member.id);
  }

  /** Every message of a chat so far, oldest first. */
  history(target: Target): Message[] {
    const chat = this.driver.actions.chat(this.key(target));
    return [...chat.messages.values()].filter((r) => visibleTo(r, this.id)).map((r) => r.message);
  }

  /**
   * The next message a bot sent in a chat that this user has not taken yet (oldest first), waiting
   * for it when there is none. `from` narrows to one bot in a group.
   */
  nextMessage(target: Target, opts: WaitOptions & { from?: BotHandle } = {}): Promise<Message> {
    return this.next("message", target, opts);
  }

  /** The next edit a bot made to a message in a chat (the edited message), waiting for it. */
  nextEdit(target: Target, opts: WaitOptions & { from?: BotHandle } = {}): Promise<Message> {
    return this.next("edit", target, opts);
  }

  /**
   * The newest draft a bot is streaming in a chat (sendMessageDraft), waiting for one to appear.
   * `canStop` waits for a draft that offers the stop button.
   */
  nextDraft(target: Target, opts: WaitOptions & { canStop?: boolean } = {}): Promise<DraftView> {
    const key = this.key(target);
    return this.driver.waitFor(
      () => {
        const draft = this.driver.actions
          .drafts(this.id, key)
          .filter((d) => !d.stopped && (!opts.canStop || d.canStop))
          .at(-1);
        return draft && { draftId: draft.draftId, text: draft.text, canStop: draft.canStop };
      },
      opts.timeout,
      () => `no${opts.canStop ? " stoppable" : ""} draft in chat "${key}"`,
    );
  }

  /**
   * Presses the stop button of a bot's draft in a chat (the newest stoppable one, or `draftId`):
   * the bot receives the returned `stopped_message_generation` update.
   */
  stopGeneration(target: Target, draftId?: number): MessageGenerationStopped {
    return this.driver.actions.stopDraft(this.id, this.key(target), draftId);
  }

  /** Forgets everything bots did so far in a chat: the next waits see only newer messages. */
  skipAll(target: Target): void {
    const key = this.key(target);
    this.cursors.set(`message:${key}`, this.driver.position);
    this.cursors.set(`edit:${key}`, this.driver.position);
  }

  private next(
    kind: "message" | "edit",
    target: Target,
    opts: WaitOptions & { from?: BotHandle },
  ): Promise<Message> {
    const key = this.key(target);
    const cursorKey = `${kind}:${key}`;
    const check = () => {
      const entry = this.driver.entries(
        key,
        this.cursors.get(cursorKey) ?? 0,
        (e) =>
          e.kind === kind &&
          e.byBot &&
          (e.visibleTo === undefined || e.visibleTo === this.id) &&
          (!opts.from || e.message.from?.id === opts.from.id || e.message.via_bot?.id === opts.from.id),
      );
      if (!entry) return undefined;
      this.cursors.set(cursorKey, entry.seq);
      return entry.message;
    };
    const where =
      target.kind === "bot"
        ? `the private chat of ${this.user.first_name} with @${target.username}`
        : `group "${target.title}"`;
    return this.driver.waitFor(
      check,
      opts.timeout,
      () =>
        `no ${kind === "message" ? "new message" : "edit"} from ${opts.from ? `@${opts.from.username}` : "a bot"} in ${where}; ${this.driver.recent(key)}`,
    );
  }

  private keyOfMessage(message: Message): string {
    if (message.chat.type === "private") {
      const botId = message.via_bot?.id ?? (message.from?.is_bot ? message.from.id : undefined);
      if (botId === undefined) throw new ActionError("press() needs a message sent by a bot");
      return `p${botId}_${this.id}`;
    }
    return String(message.chat.id);
  }
}
