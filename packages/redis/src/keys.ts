// Every key the package uses lives under one prefix, so several bots share a Redis, and a
// `{hash tag}` in the prefix keeps one bot's keys in one Redis Cluster slot (the scripts touch
// keys they compute, which a cluster allows only within one slot).

/** The prefix used when none is given: one bot per Redis database. */
export const DEFAULT_PREFIX = "telepot:{bot}:";

/** Names of the keys under a prefix (documented in the package README). */
export function keyNames(prefix: string) {
  return {
    /** ZSET of pending update ids (score: the id). */
    pending: `${prefix}pending`,
    /** HASH update id -> update JSON, for pending updates. */
    updates: `${prefix}updates`,
    /** HASH update id -> conversation key, for pending updates. */
    keyOf: `${prefix}keyof`,
    /** ZSET of handled update ids kept as tombstones (score: the id). */
    done: `${prefix}done`,
    /** STRING: ids at or below it were handled and pruned. */
    floor: `${prefix}floor`,
    /** ZSET of conversation keys with pending updates and no claim (score: their first id). */
    ready: `${prefix}ready`,
    /** ZSET of claimed conversation keys (score: lease expiry, Redis server time in ms). */
    claims: `${prefix}claims`,
    /** HASH conversation key -> fencing token of its latest claim. */
    fence: `${prefix}fence`,
    /** HASH conversation key -> saved state JSON ({ value, idleAtMs }). */
    state: `${prefix}state`,
    /** ZSET of conversation keys with an idle deadline (score: the deadline, ms since the epoch). */
    idle: `${prefix}idle`,
    /** HASH call identity -> call journal record, per pending update: `j:<update id>` (see journal.ts). */
    journalOf: (updateId: number) => `${prefix}j:${updateId}`,
    /** STRING: the polling leader's id, with the lease as its expiry. */
    leader: `${prefix}leader`,
    /** STRING: the getUpdates offset confirmed by the polling leader. */
    offset: `${prefix}offset`,
  };
}

/** The key names of one bot. */
export type KeyNames = ReturnType<typeof keyNames>;
