// The call journal: what the Bot API calls made while handling an inbox update returned. At-least-
// once handling runs a handler again for the update it was on at a crash; with a journal, a call
// that had completed the first time returns its recorded result instead of being sent again.
//
// A call is identified within its update's handling by its method, its parameters and how many
// identical calls (same method, same parameters) the handling made before it: `sendMessage` of
// "hello" to chat 1, the 2nd time. A re-run that makes the same calls gets the same identities
// whatever the order of its different calls (so concurrent calls inside a handler still match), and
// a call that differs (other text, other chat) is simply new. Upload contents are not part of the
// identity (an InputFile counts as "a file"): a re-run sending a file in the same place matches.
//
// Storage-free: the inboxes implement it (sqlite, redis), deleting an update's entries in the
// atomic step that marks it done (Inbox.complete), so the journal never grows past the pending
// updates. Methods may answer synchronously (an embedded store) or with a promise.

import type { MaybePromise } from "../conversation/maybe.js";

/** What a journal holds for one call: started (and maybe in flight at a crash), or finished. */
export type JournalRecord =
  | {
      /** Recorded before the call was sent; no result was recorded (a crash, or still in flight). */
      readonly state: "started";
    }
  | {
      /** The call succeeded with `result`. */
      readonly state: "finished";
      /** The call's result, as JSON gives it back. */
      readonly result: unknown;
    };

/** A journal of the Bot API calls made while handling inbox updates (see the module comment). */
export interface CallJournal {
  /**
   * What the journal holds for call `call` of `updateId`, if anything; if nothing, records that the
   * call is about to be sent, durably, before it is (one step: one round trip for a networked
   * store). Throws when this process may no longer handle the update (e.g. a Redis worker that lost
   * its claim): then nothing is sent.
   */
  start(updateId: number, call: string): MaybePromise<JournalRecord | undefined>;
  /** Records the result of a started call (JSON-serialisable). Ignored once the update is done. */
  finish(updateId: number, call: string, result: unknown): MaybePromise<void>;
  /** Removes a started call that surely did not reach Telegram, so that a re-run sends it again. */
  forget(updateId: number, call: string): MaybePromise<void>;
}
