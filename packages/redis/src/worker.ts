// A worker process's loop: claims conversation keys with pending updates, handles each key's
// updates one at a time in update_id order, and commits each (done mark + state changes) with
// the claim's fencing token. Different keys run in parallel, in this process and across processes.
// A claim is a lease: renewed while a handler runs, lost when the worker dies or stalls past it;
// then another worker claims the key with a higher token, and the stalled one can commit nothing.
import type { StateChange, StoredState, Update } from "@telepot/core";
import { logError } from "@telepot/core";
import { JournalScope, runInJournalScope } from "@telepot/core/internal";
import type { Redis } from "ioredis";
import { CommitBatch } from "./commit-batch.js";
import { RedisInboxError } from "./errors.js";
import type { RedisInbox } from "./inbox.js";
import { decodeState, decodeUpdate } from "./records.js";
import { Script } from "./script.js";
import { CLAIM_LUA, RENEW_LUA } from "./scripts/claim.js";

const claimScript = new Script(CLAIM_LUA);
const renewScript = new Script(RENEW_LUA);

/** A conversation as a worker's handler sees it: its saved state, and the changes to commit. */
export interface WorkerConversation {
  /** The conversation key (by default `chat:<id>`). */
  readonly key: string;
  /** The state saved by the last committed update of this conversation, if any. */
  readonly state: StoredState | undefined;
  /** Saves `value` (JSON-serialisable) as the state, committed with this update's done mark. */
  save(value: unknown, idleAtMs?: number): void;
  /** Removes the state (the conversation closed), committed with this update's done mark. */
  remove(): void;
}

/** Handles one update; its state changes are committed when it settles. */
export type WorkerHandler = (update: Update, conversation: WorkerConversation) => unknown;

/**
 * Called for a conversation whose idle deadline has passed with nothing pending (e.g. to say the
 * game expired); its changes are committed when it settles. If it changes nothing, the state is
 * removed: the conversation is over.
 */
export type IdleHandler = (conversation: WorkerConversation) => unknown;

/** Options of a {@link RedisWorker}. */
export interface RedisWorkerOptions {
  /** The shared inbox. */
  readonly inbox: RedisInbox;
  /** The handler. A throw is reported and the update counts as handled (as in the Bot's loops). */
  readonly handle: WorkerHandler;
  /** Called for conversations gone idle (default: their state is removed). */
  readonly onIdle?: IdleHandler | undefined;
  /** How long a claim lasts without renewal, in ms (default 10 000). Renewed every third of it. */
  readonly leaseMs?: number | undefined;
  /** How many conversation keys this process handles at once (default 64). */
  readonly concurrency?: number | undefined;
  /** How many of a key's updates one claim takes (default 16). */
  readonly batch?: number | undefined;
  /** How often to look for work when no wake-up arrives, in ms (default 200). */
  readonly pollIntervalMs?: number | undefined;
  /** Where handler and Redis errors go (default console.error). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** What a worker did so far. */
export interface WorkerStats {
  /** Updates handled and committed. */
  committed: number;
  /** Claims lost to a lease timeout (the update in hand was not committed; another worker redoes it). */
  lostClaims: number;
}

interface Claim {
  readonly key: string;
  /** Until when (performance.now) the lease surely holds: measured from before the request. */
  heldUntil: number;
  readonly token: string;
  state: StoredState | undefined;
  /** Claimed because its idle deadline passed (no updates), rather than for its updates. */
  readonly idle: boolean;
  readonly updates: Update[];
  /**
   * Pending ids whose record is gone or unreadable: they cannot be handled, so they are reported
   * and marked done by the claim's first commit, whichever it is (else the key would be claimed
   * for ever); that commit takes them out of this list.
   */
  readonly unreadable: number[];
}

/** A claim's end: its last commit, which gives the key up, answering whether it was written. */
interface Released {
  readonly released: Promise<boolean>;
}

/** The conversation a handler sees: the claim's state, and changes collected into `changes`. */
function conversationOf(claim: Claim, changes: StateChange[]): WorkerConversation {
  return {
    key: claim.key,
    state: claim.state,
    save: (value, idleAtMs) => changes.push({ key: claim.key, value, idleAtMs }),
    remove: () => changes.push({ key: claim.key }),
  };
}

/** Takes updates from a {@link RedisInbox}, one conversation key at a time per key, many keys at once. */
export class RedisWorker {
  /** Counters of what this worker did. */
  readonly stats: WorkerStats = { committed: 0, lostClaims: 0 };
  readonly #inbox: RedisInbox;
  readonly #handle: WorkerHandler;
  readonly #onIdle: IdleHandler | undefined;
  readonly #leaseMs: number;
  readonly #concurrency: number;
  readonly #batch: number;
  readonly #pollIntervalMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #active = new Set<Promise<void>>();
  readonly #commits: CommitBatch;
  #subscriber: Redis | undefined;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  // Set by a wake-up that arrived while the loop was busy claiming, so that it is not lost.
  #woken = false;

  /** A worker on `options.inbox`; call {@link start}. */
  constructor(options: RedisWorkerOptions) {
    this.#inbox = options.inbox;
    this.#handle = options.handle;
    this.#onIdle = options.onIdle;
    this.#leaseMs = options.leaseMs ?? 10_000;
    this.#concurrency = options.concurrency ?? 64;
    this.#batch = options.batch ?? 16;
    this.#pollIntervalMs = options.pollIntervalMs ?? 200;
    this.#onError = options.onError ?? ((error) => logError(error, "redis worker"));
    this.#commits = new CommitBatch((commits) => this.#inbox.completeClaims(this.#leaseMs, commits));
    for (const [name, value] of [
      ["leaseMs", this.#leaseMs],
      ["concurrency", this.#concurrency],
      ["batch", this.#batch],
      ["pollIntervalMs", this.#pollIntervalMs],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
    }
  }

  /** Starts taking updates (appends wake it at once through Redis pub/sub). */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    const subscriber = this.#inbox.redis.duplicate();
    this.#subscriber = subscriber;
    subscriber.on("message", () => this.#wakeUp());
    subscriber.on("error", () => {}); // reconnects by itself; the poll interval covers the gap
    await subscriber.subscribe(`${this.#inbox.prefix}wake`);
    this.#loop = this.#run();
  }

  /** Stops claiming, waits for the keys in hand to finish their current batch. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wakeUp();
    await this.#loop;
    await Promise.all(this.#active);
    this.#subscriber?.disconnect();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    if (wake) wake();
    else this.#woken = true;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#woken = false;
      const free = this.#concurrency - this.#active.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const claims = await this.#claim(free);
          claimed = claims.length;
          for (const claim of claims) {
            const task: Promise<void> = this.#slot(claim).finally(() => {
              this.#active.delete(task);
              this.#wakeUp();
            });
            this.#active.add(task);
          }
        } catch (error) {
          this.#onError(error);
        }
      }
      if ((claimed > 0 && claimed === free) || this.#woken) {
        this.#woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#pollIntervalMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  // One slot of `concurrency`: works through a claim, then takes the next work while the commit
  // that gives the key up is in flight, until there is none (then the main loop claims when woken).
  async #slot(first: Claim): Promise<void> {
    let claim: Claim | undefined = first;
    let released: Promise<boolean> | undefined;
    try {
      while (claim) {
        released = (await this.#work(claim))?.released;
        if (!released || !this.#running) return;
        // Asked for while the release is on its way (whichever Redis runs first, each key has one
        // holder); the next key's first handler waits for the release to answer, so a slot never
        // has more than two updates handled or running and not yet committed.
        [claim] = await this.#claim(1);
        await released;
      }
    } catch (error) {
      // A claim that failed: whoever is free takes the work later.
      this.#onError(error);
    } finally {
      await released;
    }
  }

  async #claim(max: number): Promise<Claim[]> {
    const asked = performance.now();
    const args = [this.#inbox.prefix, this.#leaseMs, max, this.#batch];
    const raw = (await claimScript.run(this.#inbox.redis, args)) as (string | null)[][];
    return raw.map(([key, token, state, kind, ...records]) => {
      const updates: Update[] = [];
      const unreadable: number[] = [];
      for (let i = 0; i < records.length; i += 2) {
        const id = Number(records[i]);
        const json = records[i + 1] ?? null;
        try {
          if (json === null) throw new RedisInboxError("its record is gone (evicted or deleted)");
          updates.push(decodeUpdate(json));
        } catch (error) {
          unreadable.push(id);
          const why = error instanceof Error ? error.message : String(error);
          this.#onError(
            new RedisInboxError(`Update ${id} of ${key} cannot be handled and is skipped: ${why}`, {
              cause: error,
            }),
          );
        }
      }
      return {
        key: key as string,
        heldUntil: asked + this.#leaseMs,
        token: token as string,
        state: state ? decodeState(key as string, state) : undefined,
        idle: kind === "i",
        updates,
        unreadable,
      };
    });
  }

  // A conversation past its idle deadline: the idle handler's changes (or the state's removal)
  // are committed under the claim's token, giving the key up.
  async #expire(claim: Claim): Promise<Released> {
    const changes: StateChange[] = [];
    try {
      await this.#onIdle?.(conversationOf(claim, changes));
    } catch (error) {
      this.#onError(error);
    }
    if (changes.length === 0) changes.push({ key: claim.key });
    return { released: this.#commit(claim, undefined, changes, true) };
  }

  // Handles a claim's updates in order, committing each. The commit of one update is in flight
  // while the key's next handler runs (it sees the state the commit saves), so a round trip to
  // Redis, and its fsync, is not added to every update's time; each commit is sent only once the
  // one before it has answered, so done marks land in order and a refused one stops the key. The
  // last commit gives the key up, so its later updates go to whichever worker is free; it is
  // answered as `released`, in flight while the slot claims its next work. Undefined when the
  // claim was lost, or is unknown after an error or past the lease: then the key stays claimed
  // until its lease runs out, and the next holder reads what the inbox says.
  async #work(claim: Claim): Promise<Released | undefined> {
    let held = true;
    const renew = setInterval(
      () => {
        const asked = performance.now();
        renewScript
          .run(this.#inbox.redis, [this.#inbox.prefix, claim.key, claim.token, this.#leaseMs])
          .then((ok) => {
            if (ok !== 1) held = false;
            else claim.heldUntil = Math.max(claim.heldUntil, asked + this.#leaseMs);
          }, this.#onError);
      },
      Math.max(1, Math.floor(this.#leaseMs / 3)),
    );
    // The previous update's commit, answering whether it was committed.
    let previous: Promise<boolean> | undefined;
    try {
      if (claim.idle) return await this.#expire(claim);
      // Nothing readable to handle (its records gone): give the key up in the next commit call.
      if (claim.updates.length === 0) return { released: this.#commit(claim, undefined, [], true) };
      // The handlers' Bot API calls are journaled under the claim's token (see RedisCallJournal).
      const journal = this.#inbox.journal?.fenced(claim);
      const last = claim.updates.length - 1;
      for (const [index, update] of claim.updates.entries()) {
        // A process that was stopped (SIGSTOP, a long GC pause) past its lease starts nothing more:
        // another worker may hold the key by now. Its commit would be fenced off anyway.
        if (!held || performance.now() >= claim.heldUntil) break;
        const changes: StateChange[] = [];
        const scope = journal && new JournalScope(journal, update.update_id, this.#onError);
        try {
          const conversation = conversationOf(claim, changes);
          await (scope
            ? runInJournalScope(scope, () => this.#handle(update, conversation))
            : this.#handle(update, conversation));
        } catch (error) {
          this.#onError(error);
        } finally {
          scope?.close();
        }
        if (previous && !(await previous)) return undefined;
        // The journal failed during this handling (Redis went away, or the claim was lost): the
        // update is not done. Its changes are dropped and the key given up, so that the next
        // holder runs it again (its journaled calls answered from the journal).
        if (scope?.faulted) return { released: this.#commit(claim, undefined, [], true) };
        previous = this.#commit(claim, update.update_id, changes, index === last);
        if (index === last) return { released: previous };
        const saved = changes[changes.length - 1];
        if (saved)
          claim.state =
            saved.value === undefined
              ? undefined
              : { key: claim.key, value: saved.value, idleAtMs: saved.idleAtMs };
      }
      // Stopped early (above). The key is given up once the last commit is in (fenced: refused if
      // another worker took it meanwhile), so its later updates go to whichever worker is free now,
      // not after the lease that commit renewed.
      if (previous && !(await previous)) return undefined;
      return { released: this.#commit(claim, undefined, [], true) };
    } catch (error) {
      this.#onError(error);
      await previous;
      return undefined;
    } finally {
      clearInterval(renew);
    }
  }

  // Commits one handled update (or an idle conversation's changes) under the claim's token,
  // renewing its lease or, with `release`, giving the key up; the claim's unreadable ids not
  // committed yet are marked done with it. Answers false when the claim was lost, or when an error
  // leaves it unknown whether the commit was written.
  async #commit(
    claim: Claim,
    updateId: number | undefined,
    changes: StateChange[],
    release: boolean,
  ): Promise<boolean> {
    const asked = performance.now();
    const handled = { updateId, states: changes };
    const skipped = claim.unreadable.splice(0);
    try {
      const committed = await this.#commits.commit({
        key: claim.key,
        token: claim.token,
        release,
        completions: skipped.length === 0 ? [handled] : [...skipped.map((id) => ({ updateId: id })), handled],
      });
      if (!committed) {
        this.stats.lostClaims++;
        return false;
      }
    } catch (error) {
      this.#onError(error);
      return false;
    }
    if (updateId !== undefined) this.stats.committed++;
    claim.heldUntil = Math.max(claim.heldUntil, asked + this.#leaseMs);
    return true;
  }
}
