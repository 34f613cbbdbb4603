// The owner's side: /unread lists who wrote and how much, /next shows the first chat's messages
// (texts re-sent, anything else forwarded) and removes each once it has been shown.
import { ChatHandler, glance, type HandlerContext, type HandlerOptions, type Message } from "@telepot/async";
import type { Logger } from "@telepot/service";
import type { MailboxStore } from "./store.ts";

/** The owner's conversation (perChatIdIn([owner])). */
export class OwnerHandler extends ChatHandler {
  readonly #store: MailboxStore;
  readonly #logger: Logger;

  /** The owner's conversation, reading from `store`. */
  constructor(ctx: HandlerContext, store: MailboxStore, logger: Logger, options: HandlerOptions) {
    super(ctx, options);
    this.#store = store;
    this.#logger = logger;
  }

  /** An owner command (text is trimmed and lower-cased), or "I don't understand". */
  override async onChatMessage(msg: Message): Promise<void> {
    const command = msg.text?.trim().toLowerCase();
    if (command === "/unread") await this.#unread();
    else if (command === "/next") await this.#next();
    else await this.sender.sendMessage("I don't understand");
  }

  /** The owner was idle for the timeout: this conversation ends (the next command opens a new one). */
  override onIdle(): void {
    this.#logger.info("owner conversation ended (idle)");
  }

  async #unread(): Promise<void> {
    const chats = this.#store.unread();
    if (chats.length === 0) {
      await this.sender.sendMessage("No unread messages");
      return;
    }
    await this.sender.sendMessage(chats.map((c) => `ID: ${c.chatId}\n${c.count} unread`).join("\n"));
  }

  async #next(): Promise<void> {
    const next = this.#store.next();
    if (next === undefined) {
      await this.sender.sendMessage("No unread messages");
      return;
    }
    await this.sender.sendMessage(`From ID: ${next.chatId}`);
    for (const { seq, message } of next.messages) {
      await this.#show(message);
      // Removed only once shown: a crash in between shows it again rather than losing it.
      this.#store.remove(seq);
    }
    this.#logger.info("mailbox read", { chat: next.chatId, messages: next.messages.length });
  }

  async #show(message: Message): Promise<void> {
    if (message.text !== undefined) {
      await this.sender.sendMessage(message.text);
      return;
    }
    try {
      await this.sender.forwardMessage(message.chat.id, message.message_id);
    } catch (error) {
      // A message that cannot be forwarded (deleted meanwhile, a protected chat) is described instead.
      const [contentType] = glance(message);
      this.#logger.warn("forward failed", { error, chat: message.chat.id, message: message.message_id });
      await this.sender.sendMessage(`(a ${contentType} message that could not be forwarded)`);
    }
  }
}
