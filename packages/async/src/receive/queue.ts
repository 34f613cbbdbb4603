// The hand-over point between a web server and a message loop: webhook handlers put updates in,
// one loop takes them out. Updates put in while no loop is attached wait here.
import { type SyncInbox, TelepotError, type Update } from "@telepot/core";
import { parseUpdate } from "@telepot/core/internal";
import type { UpdateSource } from "./types.js";

/** The queue is full (no loop is taking updates out fast enough); a webhook answers 503. */
export class QueueFull extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.QueueFull";
}

/** Options of an {@link UpdateQueue}. */
export interface UpdateQueueOptions {
  /**
   * At most this many updates wait while no loop takes them; more are refused with QueueFull.
   * With an inbox: at most this many unhandled updates in the inbox. Default 100 000.
   */
  maxSize?: number;
  /**
   * A durable inbox (e.g. SqliteInbox): each update is committed to it before the webhook answers
   * 200 (`put` commits before it returns; `accept`, which the webhook handlers use, commits the
   * updates of the requests read in the same turn together), a repeat of one it already has is
   * dropped, and the loop marks it done there once handled. A crash then loses no acknowledged
   * update: the next loop on the same inbox handles what was not done, in order.
   */
  inbox?: SyncInbox;
}

/** Updates waiting for the next group commit to the inbox, and their senders' promises. */
interface CommitGroup {
  readonly updates: Update[];
  readonly settle: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * A queue of updates between webhook requests and a message loop
 * (`bot.messageLoop(handle, { source: queue })`). Accepts UTF-8 bytes, a JSON string or an
 * Update object; hands updates to the loop asynchronously, so a webhook can answer before any
 * handler code runs.
 */
export class UpdateQueue implements UpdateSource {
  private waiting: Update[] = [];
  private sink: ((update: Update) => void) | undefined;
  private scheduled = false;
  private readonly maxSize: number;
  private readonly drainNow = () => this.drain();
  // With an inbox: the updates of requests read in the same turn, committed together.
  private group: CommitGroup | undefined;
  private readonly commitNow = () => this.commitGroup();
  /** The inbox each update is committed to before it is acknowledged, if any. */
  readonly inbox: SyncInbox | undefined;

  constructor(options: UpdateQueueOptions = {}) {
    this.maxSize = options.maxSize ?? 100_000;
    this.inbox = options.inbox;
    if (!(Number.isInteger(this.maxSize) && this.maxSize >= 1)) {
      throw new RangeError(`maxSize must be a positive integer, got ${String(options.maxSize)}`);
    }
  }

  /** Updates queued and not yet handed to a loop. */
  get size(): number {
    return this.waiting.length;
  }

  /**
   * Queues one update. Throws MalformedUpdate for input that is not an Update (nothing is queued)
   * and QueueFull when maxSize updates are already waiting.
   */
  put(data: unknown): void {
    const update = this.admit(data);
    // Committed before the webhook answers; a repeat (Telegram sending again) is not queued twice.
    if (this.inbox !== undefined && this.inbox.append([update]).length === 0) return;
    this.enqueue(update);
  }

  /**
   * Queues one update like {@link put}; with an inbox, the update joins those of the other requests
   * read in the same turn of the event loop, all committed in one transaction, and the promise
   * resolves once it is committed (answer 200 then) or rejects if the commit failed (nothing was
   * stored: answer 500, Telegram sends it again). Without an inbox, nothing to wait for. Throws
   * MalformedUpdate and QueueFull as put does.
   */
  accept(data: unknown): Promise<void> | undefined {
    if (this.inbox === undefined) {
      this.put(data);
      return undefined;
    }
    const update = this.admit(data);
    let group = this.group;
    if (group === undefined) {
      group = { updates: [], settle: [] };
      this.group = group;
      setImmediate(this.commitNow);
    }
    group.updates.push(update);
    const settle = group.settle;
    return new Promise<void>((resolve, reject) => settle.push({ resolve, reject }));
  }

  // Parses and checks room; throws MalformedUpdate or QueueFull.
  private admit(data: unknown): Update {
    const update = parseUpdate(data);
    const inbox = this.inbox;
    const grouped = this.group?.updates.length ?? 0;
    if (inbox !== undefined && inbox.backlog() + grouped >= this.maxSize) {
      throw new QueueFull(`The inbox is full (${this.maxSize} updates not handled yet)`);
    }
    if (this.waiting.length >= this.maxSize) {
      throw new QueueFull(`The update queue is full (${this.maxSize} updates waiting for a message loop)`);
    }
    return update;
  }

  // One transaction for the group; only then are its senders told (their 200s) and the new updates
  // handed on. Repeats (Telegram sending again what it was not answered) are acknowledged, not queued.
  private commitGroup(): void {
    const group = this.group;
    this.group = undefined;
    if (group === undefined) return;
    let fresh: readonly Update[];
    try {
      fresh = this.inbox!.append(group.updates);
    } catch (error) {
      for (const sender of group.settle) sender.reject(error);
      return;
    }
    for (const update of fresh) this.enqueue(update);
    for (const sender of group.settle) sender.resolve();
  }

  private enqueue(update: Update): void {
    this.waiting.push(update);
    if (this.sink !== undefined && !this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.drainNow);
    }
  }

  /** Starts handing updates to `sink` (a message loop); throws if another loop is attached. */
  attach(sink: (update: Update) => void): void {
    if (this.sink !== undefined && this.sink !== sink) {
      throw new TelepotError("This UpdateQueue already feeds a message loop; stop that loop first");
    }
    this.sink = sink;
    if (this.waiting.length > 0 && !this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.drainNow);
    }
  }

  /** Stops handing updates to `sink`; updates put in later wait for the next loop. */
  detach(sink: (update: Update) => void): void {
    if (this.sink === sink) this.sink = undefined;
  }

  private drain(): void {
    this.scheduled = false;
    const sink = this.sink;
    if (sink === undefined || this.waiting.length === 0) return;
    const batch = this.waiting;
    this.waiting = [];
    for (let i = 0; i < batch.length; i++) {
      // Detached mid-batch (a handler stopped the loop): keep the rest for the next loop.
      if (this.sink !== sink) {
        this.waiting = batch.slice(i).concat(this.waiting);
        return;
      }
      sink(batch[i]!);
    }
  }
}
