// The durable inbox: the interface its backends implement, and the pure helpers drivers share.
export { CompletionBatch } from "./batch.js";
export type { HandledUpdate, Inbox, StateChange, StoredState, SyncInbox } from "./inbox.js";
export type { CallJournal, JournalRecord } from "./journal.js";
export { InboxStates } from "./states.js";
