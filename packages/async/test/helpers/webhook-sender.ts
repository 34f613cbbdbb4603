// Delivers webhook updates the way Telegram delivers a backlog: over several connections at once,
// in a shuffled order (within a window of consecutive ids), and again and again until each one got
// a 200: an update whose request failed (refused, cut by a crash) or got another status goes back
// to the front of the line. Updates go only to the current target; without one, the sender waits.
import type { Update } from "@telepot/core";

/** Options of a {@link WebhookSender}. */
export interface WebhookSenderOptions {
  /** Requests in flight at once (Telegram's max_connections). */
  readonly connections: number;
  /** Consecutive updates shuffled together. */
  readonly window: number;
  /** The secret token header sent with each request. */
  readonly secretToken: string;
  /** How long (ms) each connection pauses after sending a new update, so delivery spans the test. */
  readonly paceMs: number;
  /** Random numbers in [0, 1) (seeded in tests). */
  readonly random: () => number;
}

/** Sends updates to a webhook until every one was answered 200. */
export class WebhookSender {
  /** The ids answered 200. */
  readonly acknowledged = new Set<number>();
  /** Requests made, and those that failed or were not answered 200. */
  requests = 0;
  failures = 0;
  private target: string | undefined;
  private targetSet: () => void = () => {};
  private targetReady: Promise<void>;
  private readonly retries: Update[] = [];
  private shuffled: Update[] = [];
  private next = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly updates: readonly Update[],
    private readonly options: WebhookSenderOptions,
  ) {
    this.targetReady = new Promise((resolve) => (this.targetSet = resolve));
  }

  /** Whether every update was answered 200. */
  get done(): boolean {
    return this.acknowledged.size === this.updates.length;
  }

  /** Whether some updates were never sent yet. */
  get sending(): boolean {
    return this.next < this.updates.length || this.shuffled.length > 0;
  }

  /** Points the sender at a webhook URL (a bot process is up), or at nothing (it was killed). */
  aim(url: string | undefined): void {
    this.target = url;
    if (url === undefined) {
      this.targetReady = new Promise((resolve) => (this.targetSet = resolve));
    } else {
      this.targetSet();
    }
  }

  /** Starts the connections; the promise settles once every update was answered 200. */
  start(): Promise<void> {
    this.running ??= Promise.all(
      Array.from({ length: this.options.connections }, () => this.connection()),
    ).then(() => undefined);
    return this.running;
  }

  private take(): { update: Update; fresh: boolean } | undefined {
    const retry = this.retries.shift();
    if (retry !== undefined) return { update: retry, fresh: false };
    if (this.shuffled.length === 0 && this.next < this.updates.length) {
      const window = this.updates.slice(this.next, this.next + this.options.window);
      this.next += window.length;
      this.shuffled = shuffle(window, this.options.random);
    }
    const update = this.shuffled.shift();
    return update === undefined ? undefined : { update, fresh: true };
  }

  private async connection(): Promise<void> {
    while (!this.done) {
      const url = this.target;
      if (url === undefined) {
        await this.targetReady;
        continue;
      }
      const item = this.take();
      if (item === undefined) {
        // Everything is out; some answers are still awaited (they may come back as retries).
        await sleep(10);
        continue;
      }
      if (await this.post(url, item.update)) {
        this.acknowledged.add(item.update.update_id);
      } else {
        this.failures++;
        // Telegram sends an update again until it gets a 200; the oldest go first.
        this.retries.push(item.update);
        this.retries.sort((a, b) => a.update_id - b.update_id);
        if (this.target === url) await sleep(20);
      }
      if (item.fresh) await sleep(this.options.paceMs * this.options.random() * 2);
    }
  }

  private async post(url: string, update: Update): Promise<boolean> {
    this.requests++;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-telegram-bot-api-secret-token": this.options.secretToken,
        },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      return response.status === 200;
    } catch {
      return false;
    }
  }
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
