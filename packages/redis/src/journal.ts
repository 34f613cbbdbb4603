// The call journal on Redis (see CallJournal in @telepot/core): one hash per pending update that
// made journaled calls, deleted by the completion script that marks the update done. A worker
// writes under its claim's fencing token: once another worker holds the key, the stalled one can
// neither record nor, as its start is refused, send.
import type { CallJournal, JournalRecord } from "@telepot/core";
import type { Redis } from "ioredis";
import { RedisInboxError } from "./errors.js";
import { keyNames } from "./keys.js";
import { Script } from "./script.js";
import { JOURNAL_LUA } from "./scripts/journal.js";

const journalScript = new Script(JOURNAL_LUA);
const STARTED = "s";
const FINISHED = "f";

/** The claim a worker's records are fenced with. */
export interface JournalFence {
  /** The claimed conversation key. */
  readonly key: string;
  /** The claim's fencing token. */
  readonly token: string;
}

/** The journal of calls made while handling a RedisInbox's updates, optionally fenced by a claim. */
export class RedisCallJournal implements CallJournal {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #journalOf: (updateId: number) => string;
  readonly #fence: JournalFence | undefined;

  /** The journal under `prefix` on `redis`; with `fence`, writes only while that claim holds. */
  constructor(redis: Redis, prefix: string, fence?: JournalFence) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#journalOf = keyNames(prefix).journalOf;
    this.#fence = fence;
  }

  /** The same journal, writing only while the claim `fence` holds (for a worker's handler). */
  fenced(fence: JournalFence): RedisCallJournal {
    return new RedisCallJournal(this.#redis, this.#prefix, fence);
  }

  /**
   * The record of `call`, if any; else records that it is about to be sent (one round trip).
   * Throws when the update is done or the claim lost: then the call is not sent.
   */
  async start(updateId: number, call: string): Promise<JournalRecord | undefined> {
    const answer = await this.#write(updateId, call, STARTED, "start");
    if (typeof answer === "string") return toRecord(answer);
    if (answer !== 1) {
      throw new RedisInboxError(
        `update ${updateId} is no longer this worker's to handle (its claim was lost, or it is done): the call is not sent`,
      );
    }
    return undefined;
  }

  /** Records the result of a started call (nothing once the update is done or the claim lost). */
  async finish(updateId: number, call: string, result: unknown): Promise<void> {
    await this.#write(updateId, call, FINISHED + (JSON.stringify(result) ?? "null"), "finish");
  }

  /** Removes a started call that surely did not reach Telegram. */
  async forget(updateId: number, call: string): Promise<void> {
    await this.#redis.hdel(this.#journalOf(updateId), call);
  }

  async #write(updateId: number, call: string, value: string, mode: "start" | "finish"): Promise<unknown> {
    return await journalScript.run(this.#redis, [
      this.#prefix,
      this.#fence?.key ?? "",
      this.#fence?.token ?? "",
      updateId,
      call,
      value,
      mode,
    ]);
  }
}

function toRecord(value: string): JournalRecord {
  return value.startsWith(FINISHED)
    ? { state: "finished", result: JSON.parse(value.slice(FINISHED.length)) }
    : { state: "started" };
}
