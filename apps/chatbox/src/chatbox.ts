// Chatbox as a service: a DelegatorBot whose handle() first writes every message from other chats
// to the mailbox (synchronously, so before the update is confirmed to Telegram), then lets the
// delegates run: the owner's commands, and a one-off welcome for each newcomer.
import {
  ALWAYS,
  createOpen,
  type DelegateFactory,
  DelegatorBot,
  type DelegatorBotOptions,
  type Message,
  type Payload,
  perChatIdIn,
  type Seed,
  type UpdateContext,
  type UpdatePayload,
} from "@telepot/async";
import {
  type AppContext,
  type AppParts,
  ConfigError,
  envInteger,
  envSeconds,
  type Logger,
  logDelegateErrors,
} from "@telepot/service";
import { SqliteInbox } from "@telepot/sqlite";
import { OwnerHandler } from "./owner.ts";
import { MailboxStore } from "./store.ts";

/** The default idle timeout of the owner's conversation, in seconds (as in the seed). */
export const DEFAULT_TIMEOUT = 20;

/** What a chatbox needs besides its token. */
export interface ChatboxSettings {
  /** The owner's user id (their private chat with the bot). */
  readonly ownerId: number;
  /** The mailbox. */
  readonly store: MailboxStore;
  /** Idle timeout of the owner's conversation, in seconds. */
  readonly timeout: number;
  readonly logger: Logger;
}

/** Sends "Hello!" to a newcomer (a delegate that is never recorded: its seed is ALWAYS). */
const welcome: DelegateFactory = (ctx) => {
  ctx.runtime.track(ctx.bot.sendMessage((ctx.msg as Message).chat.id, "Hello!"));
  return undefined;
};

/** The chatbox bot. */
export class ChatboxBot extends DelegatorBot {
  readonly #settings: ChatboxSettings;

  /** A chatbox for `token`. */
  constructor(token: string, settings: ChatboxSettings, options: DelegatorBotOptions = {}) {
    const { ownerId, store, timeout, logger } = settings;
    const newcomer = (msg: Payload): Seed => {
      const chatId = (msg as Partial<Message>).chat?.id;
      if (chatId === undefined || chatId === ownerId || !("message_id" in msg)) return null;
      return store.markSeen(chatId) ? ALWAYS : null;
    };
    super(
      token,
      [
        [perChatIdIn([ownerId]), createOpen(OwnerHandler, store, logger, { timeout })],
        [newcomer, welcome],
      ],
      options,
    );
    this.#settings = settings;
  }

  /**
   * Stores a message from another chat, then hands it to the delegates (returning what the
   * DelegatorBot returns, so the loop confirms the update when they are done with it).
   */
  override handle(payload: UpdatePayload, context?: UpdateContext): ReturnType<DelegatorBot["handle"]> {
    if (context?.kind === "message" && context.payload.chat.id !== this.#settings.ownerId) {
      const msg = context.payload;
      const stored = this.#settings.store.put(msg);
      this.#settings.logger.info(stored ? "message stored" : "message already stored", {
        chat: msg.chat.id,
        message: msg.message_id,
      });
    }
    return super.handle(payload, context);
  }
}

/**
 * Builds the app: CHATBOX_OWNER_ID (required), CHATBOX_DB (file, or ":memory:"), CHATBOX_TIMEOUT_SECONDS.
 * The one SQLite file holds the mailbox and the inbox of received updates.
 */
export function createChatbox({ env, config, logger, botOptions }: AppContext): AppParts {
  const ownerId = envInteger(env, "CHATBOX_OWNER_ID");
  if (ownerId === undefined) throw new ConfigError("CHATBOX_OWNER_ID is not set (the owner's user id)");
  const timeout = envSeconds(env, "CHATBOX_TIMEOUT_SECONDS", DEFAULT_TIMEOUT);
  const path = env.CHATBOX_DB?.trim() || "chatbox.sqlite";
  const store = new MailboxStore(path);
  // With ":memory:", each connection would get a database of its own; the inbox then keeps its own.
  const inbox = SqliteInbox.open(path);
  const bot = new ChatboxBot(
    config.token,
    { ownerId, store, timeout, logger },
    { ...botOptions, onDelegateError: logDelegateErrors(logger), inbox },
  );
  logger.info("configured", { owner: ownerId, db: path, timeout, unread: store.unread().length });
  return {
    bot,
    inbox,
    close: () => {
      store.close();
      inbox.close();
    },
  };
}
