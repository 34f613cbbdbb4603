// @telepot/sqlite: the embedded durable inbox and conversation store.
export { SqliteInbox } from "./inbox.js";
export { SqliteCallJournal } from "./journal.js";
export { type Durability, SqliteInboxError, type SqliteInboxOptions } from "./options.js";
