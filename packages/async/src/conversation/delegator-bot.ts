// DelegatorBot: a SpeakerBot that runs threads of conversation. The core engine does the work;
// this class only feeds it every object the message loop receives.
import { type DelegationPair, Delegator, type ErrorReporter, type Inbox, InboxStates } from "@telepot/core";
import type { UpdateContext, UpdatePayload } from "../receive/index.js";
import { isConversationPayload, SpeakerBot, type SpeakerBotOptions } from "./speaker-bot.js";

/** Options of a {@link DelegatorBot}. */
export interface DelegatorBotOptions extends SpeakerBotOptions {
  /** Told when a delegate fails (default: console.error naming the handler and the seed, never the token). */
  readonly onDelegateError?: ErrorReporter;
  /**
   * A durable inbox (e.g. SqliteInbox): the bot's message loops use it (see PollingOptions.inbox),
   * and handlers that implement Persistent keep their state in it, saved with each handled update.
   */
  readonly inbox?: Inbox;
}

/**
 * A bot that spawns delegates: for each received object, each `[seedFunction, factory]` pair
 * computes a seed, and the live delegate for it gets the object, or a new one is spawned.
 * Run it with `bot.messageLoop()` (its `handle` feeds the delegates).
 */
export class DelegatorBot extends SpeakerBot {
  readonly #engine: Delegator<"async">;
  /** The inbox and the conversation states committed with each update (with the `inbox` option). */
  readonly inboxStates: InboxStates | undefined;

  /** A bot for `token` with its delegation pairs (e.g. `[[perChatId(), createOpen(Counter, { timeout: 10 })]]`). */
  constructor(token: string, pairs: readonly DelegationPair<"async">[], options: DelegatorBotOptions = {}) {
    super(token, options);
    this.inboxStates = options.inbox === undefined ? undefined : new InboxStates(options.inbox);
    this.#engine = new Delegator<"async">(this, pairs, {
      clock: this.timerClock,
      ...(this.inboxStates ? { states: this.inboxStates } : {}),
      ...(options.onDelegateError ? { onError: options.onDelegateError } : {}),
    });
  }

  /** The number of live delegates. */
  get delegates(): number {
    return this.#engine.size;
  }

  /**
   * Broadcasts the object to listeners, then routes it to the delegates. Returns a promise when a
   * delegate is still processing it, resolved once every delegate that received it has (see
   * Delegator.feed): the message loop confirms the update only then, so a crash cannot lose it.
   * A handler waiting on its own listener (`this.listener.wait()`) for a later message counts as
   * done with the current one. One that waits for a later update of its chat by other means (a
   * listener of the bot's `mic`, a promise another update resolves) holds that chat meanwhile:
   * the loop runs one update per chat at a time.
   */
  override handle(payload: UpdatePayload, context?: UpdateContext): void | Promise<void> {
    if (!isConversationPayload(payload, context)) return;
    this.mic.send(payload);
    const processed = this.#engine.feed(payload);
    return processed === undefined ? undefined : Promise.resolve(processed);
  }

  /** Asks every live delegate to end (a normal StopListening close), e.g. after stopping the loop. */
  closeDelegates(reason?: unknown): Promise<void> {
    this.#engine.closeAll(reason);
    return this.#engine.settled();
  }

  /** Resolves when no delegate has work in flight (for tests and graceful shutdowns). */
  settled(): Promise<void> {
    return this.#engine.settled();
  }
}
