// When may a polling loop call getUpdates again while handlers still run? Telegram re-sends
// every update at or above the offset, so a poll made while updates are unconfirmed returns them
// again (they are skipped as repeats) and returns at once instead of long-polling. Polling again
// is worth it only when the answer will carry enough new updates.

/**
 * True when the next getUpdates should be sent. `unconfirmed`: updates fetched and not yet
 * confirmed (see OffsetTracker); `lastBatch`: how many updates the previous poll returned
 * (repeats included); `limit`: the getUpdates limit. After a short batch the server had nothing
 * more, so the loop waits until everything fetched is confirmed and then long-polls. After a full
 * batch more is probably waiting, so the loop polls again once at most half the next batch would
 * be repeats: handling and fetching overlap, and the offset never confirms an unfinished update.
 */
export function shouldPoll(unconfirmed: number, lastBatch: number, limit: number): boolean {
  if (unconfirmed === 0) return true;
  if (lastBatch < limit) return false;
  return unconfirmed <= limit >> 1;
}
