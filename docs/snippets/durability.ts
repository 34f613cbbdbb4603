// The root README's "Durability": a bot whose received updates and conversations live in a SQLite
// inbox, so that a kill -9 loses neither. docs/test/durability.test.ts runs it against the emulator,
// restarting the bot on the same file.
import { DelegatorBot } from "@telepot/async";
import { ChatHandler, createOpen, type Persistent, perChatId } from "@telepot/core";
import { SqliteInbox } from "@telepot/sqlite";

// #region readme-persistent-handler
/** Counts a chat's messages; the count survives a restart of the bot. */
class Counter extends ChatHandler implements Persistent<{ count: number }> {
  count = 0;

  /** Saved after each handled message, in the transaction that marks its update handled. */
  snapshot() {
    return { count: this.count };
  }

  /** Called instead of open() when the chat's conversation resumes after a restart. */
  restore(saved: { count: number }) {
    this.count = saved.count;
  }

  override async onChatMessage() {
    this.count += 1;
    await this.sender.sendMessage(`message ${this.count}`);
  }
}
// #endregion

/** The counting bot, its inbox in the SQLite file at `path`. */
export function durableBot(
  token: string,
  path: string,
  apiRoot?: string,
): { bot: DelegatorBot; inbox: SqliteInbox } {
  // #region readme-durable-bot
  const inbox = SqliteInbox.open({ path, durability: "process" }); // "power": also survive a power loss
  const bot = new DelegatorBot(token, [[perChatId(), createOpen(Counter, { timeout: 600 })]], {
    apiRoot,
    inbox, // its loops commit each fetched batch here before confirming it
  });
  // #endregion
  return { bot, inbox };
}
