// The inbox's tables. One row per update with its JSON, kept until it is pruned (so that a repeat
// of the id is not taken for a new update), and one row in `handled` per update that is done. Why a
// table of its own for the done marks: handlers finish in no particular order, so marking rows of
// `inbox` itself rewrote a page of bodies per mark (measured: 13-18 us of CPU per update), where
// the narrow ids of `handled` share a page or two per commit (6-7 us). An inbox row whose body is
// NULL is done too: that is how files written before `handled` existed marked them.
// Conversation state is one row per conversation key. The call journal is one row per journaled
// call of a pending update: NULL result while started, the result's JSON once it succeeded.

/** Creates the tables if missing; safe to run on every open. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS inbox (
  update_id INTEGER PRIMARY KEY,
  body TEXT
);
CREATE TABLE IF NOT EXISTS handled (
  update_id INTEGER PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS conversation_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  idle_at_ms INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS call_journal (
  update_id INTEGER NOT NULL,
  call TEXT NOT NULL,
  result TEXT,
  PRIMARY KEY (update_id, call)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS inbox_meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** The meta row holding the highest pruned id: ids at or below it count as done. */
export const FLOOR = "pruned_through";

/**
 * The meta row holding when (ms since the epoch) the inbox last recorded a new update: after a long
 * enough silence, Telegram may start a new, lower sequence of update ids (see SqliteInboxOptions).
 */
export const LAST_APPEND = "last_append_ms";

/** The condition (on a row of `inbox`) that its update is pending: it has a body and is not handled. */
export const PENDING = "body IS NOT NULL AND update_id NOT IN (SELECT update_id FROM handled)";
