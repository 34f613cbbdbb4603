// The mailbox, in SQLite (node:sqlite): every message from other chats is written before its
// update is confirmed to Telegram, so killing the service loses nothing. Chats come out in the
// order they first wrote (since their last /next), their messages sorted by date.
import { DatabaseSync } from "node:sqlite";
import type { Message } from "@telepot/async";

/** A chat with unread messages, and how many. */
export interface UnreadCount {
  readonly chatId: number;
  readonly count: number;
}

/** A stored message. */
export interface StoredMessage {
  readonly seq: number;
  readonly message: Message;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS unread (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  chat_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  date INTEGER NOT NULL,
  message TEXT NOT NULL,
  UNIQUE (chat_id, message_id)
);
CREATE TABLE IF NOT EXISTS seen (chat_id INTEGER PRIMARY KEY);
`;

/** The chatbox's persistent state: unread messages and the chats already welcomed. */
export class MailboxStore {
  readonly #db: DatabaseSync;
  readonly #insert;
  readonly #seen;
  readonly #counts;
  readonly #firstChat;
  readonly #messagesOf;
  readonly #delete;

  /** Opens (creating if needed) the database at `path`; ":memory:" keeps it in memory. */
  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    if (path !== ":memory:") this.#db.exec("PRAGMA journal_mode = WAL");
    this.#db.exec(SCHEMA);
    this.#insert = this.#db.prepare(
      "INSERT OR IGNORE INTO unread (chat_id, message_id, date, message) VALUES (?, ?, ?, ?)",
    );
    this.#seen = this.#db.prepare("INSERT OR IGNORE INTO seen (chat_id) VALUES (?)");
    this.#counts = this.#db.prepare(
      "SELECT chat_id, COUNT(*) AS n, MIN(seq) AS first FROM unread GROUP BY chat_id ORDER BY first",
    );
    this.#firstChat = this.#db.prepare("SELECT chat_id FROM unread ORDER BY seq LIMIT 1");
    this.#messagesOf = this.#db.prepare(
      "SELECT seq, message FROM unread WHERE chat_id = ? ORDER BY date, seq",
    );
    this.#delete = this.#db.prepare("DELETE FROM unread WHERE seq = ?");
  }

  /** Stores a message; a message delivered twice (after a crash) is stored once. Returns whether it was new. */
  put(msg: Message): boolean {
    return this.#insert.run(msg.chat.id, msg.message_id, msg.date, JSON.stringify(msg)).changes > 0;
  }

  /** Marks a chat as seen; true only the first time (the chat is a newcomer). */
  markSeen(chatId: number): boolean {
    return this.#seen.run(chatId).changes > 0;
  }

  /** Chats with unread messages, in the order they first wrote. */
  unread(): UnreadCount[] {
    return this.#counts.all().map((row) => ({ chatId: Number(row.chat_id), count: Number(row.n) }));
  }

  /** The chat that wrote first, with its messages sorted by date; undefined when none is stored. */
  next(): { chatId: number; messages: StoredMessage[] } | undefined {
    const row = this.#firstChat.get();
    if (row === undefined) return undefined;
    const chatId = Number(row.chat_id);
    const messages = this.#messagesOf
      .all(chatId)
      .map((r) => ({ seq: Number(r.seq), message: JSON.parse(String(r.message)) as Message }));
    return { chatId, messages };
  }

  /** Removes a message once it was shown to the owner. */
  remove(seq: number): void {
    this.#delete.run(seq);
  }

  /** Closes the database. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
