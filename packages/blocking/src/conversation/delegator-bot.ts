// DelegatorBot in blocking style: the core engine runs every conversation on this thread. A
// handler's blocking wait (listener.wait) handles the other conversations' updates meanwhile, so
// delegates interleave in arrival order, and idle timeouts fire while the loop waits for updates.
import type { UpdateContext, UpdatePayload } from "@telepot/async";
import {
  type DelegationPair,
  Delegator,
  type ErrorReporter,
  InboxStates,
  StopListening,
  type SyncInbox,
} from "@telepot/core";
import { isConversationPayload, SpeakerBot, type SpeakerBotOptions } from "./speaker-bot.js";

/** Options of a {@link DelegatorBot}. */
export interface DelegatorBotOptions extends SpeakerBotOptions {
  /** Told when a delegate fails (default: console.error naming the handler and the seed, never the token). */
  readonly onDelegateError?: ErrorReporter;
  /**
   * A durable inbox that answers synchronously (e.g. SqliteInbox): the bot's message loops use it
   * (see BlockingPollingOptions.inbox), and handlers that implement Persistent keep their state in
   * it, saved with each handled update.
   */
  readonly inbox?: SyncInbox;
}

/**
 * A blocking bot that spawns delegates: for each received object, each `[seedFunction, factory]`
 * pair computes a seed, and the live delegate for it gets the object, or a new one is spawned.
 * Run it with `bot.notifyOnMessage({ runForever: true })` or `bot.notifyOnMessage()`.
 */
export class DelegatorBot extends SpeakerBot {
  readonly #engine: Delegator<"blocking">;
  /** The inbox and the conversation states committed with each update (with the `inbox` option). */
  readonly inboxStates: InboxStates | undefined;

  /** A bot for `token` with its delegation pairs (e.g. `[[perChatId(), createOpen(Counter, { timeout: 10 })]]`). */
  constructor(
    token: string,
    pairs: readonly DelegationPair<"blocking">[],
    options: DelegatorBotOptions = {},
  ) {
    super(token, options);
    this.inboxStates = options.inbox === undefined ? undefined : new InboxStates(options.inbox);
    this.#engine = new Delegator<"blocking">(this, pairs, {
      clock: this.timerClock,
      ...(this.inboxStates ? { states: this.inboxStates } : {}),
      pump: this.blockingPump,
      isSuperseded: (query) => this.hasWaitingInlineQuery(query.from.id),
      ...(options.onDelegateError ? { onError: options.onDelegateError } : {}),
    });
  }

  /** The number of live delegates. */
  get delegates(): number {
    return this.#engine.size;
  }

  /** Broadcasts the object to listeners, then routes it to the delegates. */
  override handle(payload: UpdatePayload, context?: UpdateContext): void {
    if (!isConversationPayload(payload, context)) return;
    this.mic.send(payload);
    this.#engine.feed(payload);
  }

  /** Asks every live delegate to end (a normal StopListening close), e.g. after stopping the loop. */
  closeDelegates(reason: unknown = new StopListening(undefined, "The bot is shutting down")): void {
    this.#engine.closeAll(reason);
  }

  /** Resolves when no delegate has asynchronous work in flight (blocking handlers have none). */
  settled(): Promise<void> {
    return this.#engine.settled();
  }
}
