// The inbox on Redis: the same contract as @telepot/sqlite's (idempotent append, pending in
// update_id order, done + state in one atomic step), shared by every process of a bot. A
// single-process bot can use it as any inbox; a cluster adds RedisWorker (claims per
// conversation key) and PollingLeader (one getUpdates loop) on the same keys.
import type { HandledUpdate, Inbox, StoredState, Update } from "@telepot/core";
import { Redis } from "ioredis";
import { byChat, type ConversationKeyOf } from "./conversation-key.js";
import { RedisInboxError } from "./errors.js";
import { RedisCallJournal } from "./journal.js";
import { DEFAULT_PREFIX, type KeyNames, keyNames } from "./keys.js";
import { DEFAULT_SEQUENCE_RESET_AFTER_MS, type RedisInboxOptions } from "./options.js";
import { decodeState, decodeUpdate, encodeState } from "./records.js";
import { Script } from "./script.js";
import { APPEND_LUA } from "./scripts/append.js";
import { COMPLETE_LUA } from "./scripts/complete.js";

const append = new Script(APPEND_LUA);
const complete = new Script(COMPLETE_LUA);

/** Arguments of the complete script after the fencing part, for a batch of completions. */
export function completionArgs(completions: readonly HandledUpdate[]): (string | number)[] {
  const args: (string | number)[] = [];
  for (const { updateId, states = [] } of completions) {
    args.push(updateId === undefined ? "" : updateId, states.length);
    for (const change of states) {
      const idle =
        change.value !== undefined && change.idleAtMs !== undefined ? Math.round(change.idleAtMs) : "";
      args.push(change.key, encodeState(change), idle);
    }
  }
  return args;
}

/** The completions of one claim, committed under its fencing token (see {@link RedisInbox.completeClaims}). */
export interface ClaimCompletions {
  /** The claimed conversation key ("" for none: not fenced). */
  readonly key: string;
  /** The claim's fencing token. */
  readonly token: string;
  /** Whether to give the key up with this commit (else its lease is renewed). */
  readonly release?: boolean | undefined;
  /** The handled updates and state changes. */
  readonly completions: readonly HandledUpdate[];
}

/** A durable inbox and conversation store on Redis, shared by all processes of one bot. */
export class RedisInbox implements Inbox {
  /** The client this inbox talks through. */
  readonly redis: Redis;
  /** The prefix of its keys. */
  readonly prefix: string;
  /** The conversation key of an update. */
  readonly keyOf: ConversationKeyOf;
  /** How many handled ids are kept as tombstones. */
  readonly rememberHandled: number;
  /** After how long without a new update (ms) a known id starts a new sequence (see the options). */
  readonly sequenceResetAfterMs: number;
  /** Its key names. */
  readonly keys: KeyNames;
  /**
   * The journal of the Bot API calls made while handling this inbox's updates (a loop given the
   * inbox, or a RedisWorker, journals them); undefined with `journal: false`.
   */
  readonly journal: RedisCallJournal | undefined;
  readonly #owned: boolean;

  /** An inbox on `options.redis` (a client, or a URL to connect to). */
  constructor(options: RedisInboxOptions) {
    const remember = options.rememberHandled ?? 10_000;
    if (!Number.isInteger(remember) || remember < 1) {
      throw new RedisInboxError("rememberHandled must be a positive integer");
    }
    this.#owned = typeof options.redis === "string";
    this.redis =
      typeof options.redis === "string"
        ? new Redis(options.redis, { enableAutoPipelining: true })
        : options.redis;
    // A lost connection is retried by the client, and each command that fails rejects on its own;
    // without a listener ioredis would print every failed reconnect.
    if (this.#owned) this.redis.on("error", () => {});
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.keyOf = options.keyOf ?? byChat;
    this.rememberHandled = remember;
    const resetAfter = options.sequenceResetAfterMs ?? DEFAULT_SEQUENCE_RESET_AFTER_MS;
    if (!Number.isSafeInteger(resetAfter) || resetAfter < 1) {
      throw new RedisInboxError("sequenceResetAfterMs must be a positive integer");
    }
    this.sequenceResetAfterMs = resetAfter;
    this.keys = keyNames(this.prefix);
    this.journal = options.journal === false ? undefined : new RedisCallJournal(this.redis, this.prefix);
  }

  /** {@inheritDoc Inbox.append} */
  append(updates: readonly Update[]): Promise<readonly Update[]> {
    return this.appendPolled(updates, undefined, undefined);
  }

  /**
   * Appends like {@link append}, and stores `offset` as the confirmed getUpdates offset in the
   * same step if `leaderId` still holds the polling lease (a deposed leader moves nothing).
   */
  async appendPolled(
    updates: readonly Update[],
    offset: number | undefined,
    leaderId: string | undefined,
  ): Promise<readonly Update[]> {
    if (updates.length === 0 && offset === undefined) return [];
    const args: (string | number)[] = [this.prefix, offset ?? "", leaderId ?? "", this.sequenceResetAfterMs];
    const byId = new Map<number, Update>();
    for (const update of updates) {
      if (!Number.isSafeInteger(update.update_id)) {
        throw new RedisInboxError("An update without an integer update_id cannot be appended");
      }
      byId.set(update.update_id, update);
      args.push(this.keyOf(update), update.update_id, JSON.stringify(update));
    }
    const added = (await append.run(this.redis, args)) as string[];
    return added.map((id) => byId.get(Number(id)) as Update);
  }

  /** {@inheritDoc Inbox.pending} */
  async pending(limit: number): Promise<readonly Update[]> {
    if (limit <= 0) return [];
    const ids = await this.redis.zrange(this.keys.pending, 0, limit - 1);
    if (ids.length === 0) return [];
    const jsons = await this.redis.hmget(this.keys.updates, ...ids);
    return jsons.filter((json): json is string => json !== null).map(decodeUpdate);
  }

  /** {@inheritDoc Inbox.complete} */
  async complete(completions: readonly HandledUpdate[]): Promise<void> {
    if (completions.length === 0) return;
    await this.completeClaims(0, [{ key: "", token: "", completions }]);
  }

  /**
   * Completes like {@link complete}, only while `key` is claimed with `token`; renews the claim's
   * lease, or with `release` gives the key up (its later updates go to whichever worker claims
   * next). Answers false (and writes nothing) when the claim was lost.
   */
  async completeFenced(
    key: string,
    token: string,
    leaseMs: number,
    completions: readonly HandledUpdate[],
    release = false,
  ): Promise<boolean> {
    const [committed] = await this.completeClaims(leaseMs, [{ key, token, release, completions }]);
    return committed === true;
  }

  /**
   * Completes several claims' updates in one step, each as {@link completeFenced} (a claim with
   * the key "" is not fenced). Answers, per claim, whether it was committed.
   */
  async completeClaims(leaseMs: number, claims: readonly ClaimCompletions[]): Promise<boolean[]> {
    const args: (string | number)[] = [this.prefix, this.rememberHandled, leaseMs];
    for (const { key, token, release, completions } of claims) {
      args.push(key, token, release ? "1" : "", completions.length, ...completionArgs(completions));
    }
    const results = (await complete.run(this.redis, args)) as number[];
    return results.map((result) => result === 1);
  }

  /** {@inheritDoc Inbox.backlog} */
  backlog(): Promise<number> {
    return this.redis.zcard(this.keys.pending);
  }

  /** {@inheritDoc Inbox.loadState} */
  async loadState(key: string): Promise<StoredState | undefined> {
    const record = await this.redis.hget(this.keys.state, key);
    return record === null ? undefined : decodeState(key, record);
  }

  /** {@inheritDoc Inbox.states} */
  async states(): Promise<readonly StoredState[]> {
    const all = await this.redis.hgetall(this.keys.state);
    return Object.entries(all).map(([key, record]) => decodeState(key, record));
  }

  /** {@inheritDoc Inbox.close} */
  async close(): Promise<void> {
    if (this.#owned) await this.redis.quit();
  }
}
