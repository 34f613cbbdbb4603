// Outgoing flood control: Telegram allows a bot about 30 messages per second overall, one per
// second in one chat, and 20 per minute in one group. The scheduler hands each send a time slot
// that respects all three, so a broadcast runs near the allowed rate without provoking 429s.
// It is pure: the caller supplies the clock and does the waiting.

/** Telegram's outgoing limits that flood control keeps (`floodControl`); the defaults are Telegram's published ones. */
export interface FloodLimits {
  /** Sends per second across all chats (default 30). */
  readonly perSecond?: number;
  /** Minimum milliseconds between two sends to one chat (default 1000). */
  readonly chatInterval?: number;
  /** Sends per minute to one group (negative chat id; default 20). */
  readonly groupPerMinute?: number;
  /**
   * Milliseconds added to every window (default 0), so that network jitter between the
   * scheduled send and its arrival at Telegram cannot squeeze one send too many into a window.
   */
  readonly margin?: number;
}

/** Options of a {@link FloodScheduler}. */
export interface FloodSchedulerOptions extends FloodLimits {
  /** The clock, in milliseconds (default Date.now). */
  readonly now?: () => number;
}

interface ChatState {
  /** The time of the last send reserved for the chat. */
  last: number;
  /**
   * When the last send to the chat completed (Telegram had counted it by then). A request can
   * reach the server later than its reserved time, so the next send keeps its distance from this too.
   */
  done: number;
  /** For groups, the reserved times of the last `groupPerMinute` sends, oldest first. */
  recent: number[] | undefined;
}

/** A send that {@link FloodScheduler.admitSend} let go. */
export interface FloodTicket {
  /** When it went out. */
  readonly sentAt: number;
  /** When it was answered; undefined while in flight. */
  doneAt: number | undefined;
}

/**
 * Milliseconds added to the one-second window of answered sends. Clocks read whole milliseconds
 * (and the server's may be finer), and a send that waited for a window to close goes out exactly
 * at its edge: without this slack rounding alone could put it inside the server's window.
 */
const CLOCK_SLACK = 2;

/** How long to wait before asking again while every send of the window is still in flight. */
const PENDING_POLL = 5;

/** Hands out send times that respect Telegram's outgoing limits (per bot, per chat, per group). */
export class FloodScheduler {
  readonly #now: () => number;
  readonly #perSecond: number;
  readonly #chatInterval: number;
  readonly #groupPerMinute: number;
  readonly #second: number;
  readonly #minute: number;
  readonly #chats = new Map<string, ChatState>();
  // Global slots are spaced (1000 + margin)/perSecond ms apart and hold one send each. Later reservations may
  // fill earlier slots (a chat waiting for its own limit does not hold up the others), so taken
  // slots are kept as "next free slot" links, compressed as they are followed.
  readonly #nextFree = new Map<number, number>();
  // The times sends actually went out (see admit), newest last.
  readonly #sent: number[] = [];
  // Sends admitted by admitSend and not answered yet, and the times of answers in the last second.
  #inFlight = 0;
  readonly #recentlyDone: number[] = [];
  #pausedUntil = 0;
  #origin = 0;
  #latest = Number.NEGATIVE_INFINITY;
  #sweepAt = 0;

  constructor(options: FloodSchedulerOptions = {}) {
    const perSecond = options.perSecond ?? 30;
    this.#chatInterval = options.chatInterval ?? 1000;
    this.#groupPerMinute = options.groupPerMinute ?? 20;
    const margin = options.margin ?? 0;
    if (!(perSecond > 0) || !(this.#chatInterval >= 0) || !(this.#groupPerMinute >= 1) || !(margin >= 0)) {
      throw new RangeError("Flood limits must be positive numbers");
    }
    this.#chatInterval += margin;
    this.#second = 1000 + margin;
    this.#minute = 60_000 + margin;
    this.#perSecond = perSecond;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Reserves the earliest allowed send to a chat and returns how many milliseconds from now the
   * caller must wait before sending (0: send now). Each call is one send.
   */
  reserve(chatId: number | string): number {
    const now = this.#now();
    this.#sweep(now);
    const key = String(chatId);
    const isGroup = typeof chatId === "number" ? chatId < 0 : chatId.startsWith("-");
    let chat = this.#chats.get(key);
    let earliest = Math.ceil(Math.max(now, this.#pausedUntil));
    if (chat) {
      earliest = Math.max(earliest, chat.last + this.#chatInterval, chat.done + this.#chatInterval);
      if (chat.recent && chat.recent.length >= this.#groupPerMinute) {
        earliest = Math.max(
          earliest,
          (chat.recent[chat.recent.length - this.#groupPerMinute] as number) + this.#minute,
        );
      }
    }
    const at = this.#takeSlot(earliest, now);
    if (!chat) {
      chat = { last: at, done: Number.NEGATIVE_INFINITY, recent: isGroup ? [] : undefined };
      this.#chats.set(key, chat);
    }
    chat.last = at;
    if (chat.recent) {
      chat.recent.push(at);
      if (chat.recent.length > this.#groupPerMinute) chat.recent.shift();
    }
    return at - now;
  }

  /**
   * Call when a reserved send is about to go out: returns 0 and records the send, or the
   * milliseconds to wait first (then call again). Timers fire late under load, and late sends
   * bunch up; this check on the actual send times keeps any window at `perSecond` sends.
   */
  admit(): number {
    const now = this.#now();
    const sent = this.#sent;
    const limit = Math.max(1, Math.floor(this.#perSecond));
    if (sent.length >= limit) {
      const oldest = sent[sent.length - limit] as number;
      if (now - oldest < this.#second) return oldest + this.#second - now;
    }
    sent.push(now);
    if (sent.length > limit * 2) sent.splice(0, sent.length - limit);
    return 0;
  }

  /**
   * Like {@link admit}, for a send whose completion the caller reports: returns its ticket when it
   * may go (give it to {@link completed} once the request is answered or has failed), or the
   * milliseconds to wait first. A send may go only while fewer than `perSecond` such sends are in
   * flight or were answered within the last second. Telegram had counted a send by the time it
   * answered, so one answered over a second ago cannot share a one-second window with anything
   * sent from now on: however late requests arrive, no window on the server holds one too many,
   * for the cost of a round trip per window instead of a guessed margin.
   */
  admitSend(): FloodTicket | number {
    const now = this.#now();
    const limit = Math.max(1, Math.floor(this.#perSecond));
    const recent = this.#recentlyDone;
    const window = this.#second + CLOCK_SLACK;
    while (recent.length > 0 && now - (recent[0] as number) >= window) recent.shift();
    if (this.#inFlight + recent.length >= limit) {
      // Wait for the oldest answer to leave the window, or for any answer at all.
      return recent.length > 0 ? (recent[0] as number) + window - now : PENDING_POLL;
    }
    this.#inFlight++;
    return { sentAt: now, doneAt: undefined };
  }

  /**
   * Call when a send to a chat has completed (answered, or failed after reaching the server),
   * with the ticket {@link admitSend} gave it, if any.
   */
  completed(chatId: number | string, ticket?: FloodTicket): void {
    const now = this.#now();
    const chat = this.#chats.get(String(chatId));
    if (chat) chat.done = Math.max(chat.done, now);
    if (ticket && ticket.doneAt === undefined) {
      ticket.doneAt = now;
      this.#inFlight--;
      this.#recentlyDone.push(now);
    }
  }

  /** Holds every send until `ms` from now (after a 429 despite the limits: Telegram knows best). */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + ms);
  }

  /** How many chats the scheduler currently remembers (forgotten a minute after their last send). */
  get trackedChats(): number {
    return this.#chats.size;
  }

  // Slot k starts at origin + ceil(k * second / perSecond): whole milliseconds, and any window of
  // one second (plus the margin) holds at most perSecond slot starts. When every reserved slot is
  // more than a window old, the grid restarts now, so an idle bot sends at once.
  #slotTime(index: number): number {
    return this.#origin + Math.ceil((index * this.#second) / this.#perSecond);
  }

  #takeSlot(earliest: number, now: number): number {
    if (now >= this.#latest + this.#second) {
      this.#origin = now;
      this.#nextFree.clear();
    }
    let index = Math.max(0, Math.ceil(((earliest - this.#origin) * this.#perSecond) / this.#second));
    while (index > 0 && this.#slotTime(index - 1) >= earliest) index--;
    while (this.#slotTime(index) < earliest) index++;
    const path: number[] = [];
    for (let next = this.#nextFree.get(index); next !== undefined; next = this.#nextFree.get(index)) {
      path.push(index);
      index = next;
    }
    for (const visited of path) this.#nextFree.set(visited, index + 1);
    this.#nextFree.set(index, index + 1);
    const at = this.#slotTime(index);
    if (at > this.#latest) this.#latest = at;
    return at;
  }

  // Forget slots and chats too old to constrain anything, at most once a minute.
  #sweep(now: number): void {
    if (now < this.#sweepAt) return;
    this.#sweepAt = now + 60_000;
    const oldest = Math.floor(((now - this.#origin) * this.#perSecond) / this.#second) - 1;
    for (const index of this.#nextFree.keys()) if (index < oldest) this.#nextFree.delete(index);
    for (const [key, chat] of this.#chats) {
      const newest = chat.recent ? chat.recent[chat.recent.length - 1] : chat.last;
      if ((newest ?? chat.last) + this.#minute <= now) this.#chats.delete(key);
    }
  }
}
