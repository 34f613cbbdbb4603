// Delayed events a handler sends to itself (telepot's StandardEventScheduler). An event arrives
// through the handler's own queue, in order with its messages, as `{_name: data}`; all pending
// events are cancelled when the handler closes.
import { isEvent } from "../message/flavor.js";
import type { CancelTimer, TimerClock } from "./clock.js";

/** An event name: it must start with `_` (so it can never be taken for a Telegram object). */
export type EventName = `_${string}`;

/** A scheduled event, for {@link Scheduler.cancel}. */
export interface ScheduledEvent {
  /** The event's name. */
  readonly name: EventName;
  /** When it fires (clock milliseconds). */
  readonly at: number;
}

/** Where a scheduler delivers its events. */
export interface EventSink {
  /** Queues an event object for the handler; returns false when the handler has ended. */
  deliver(event: Record<string, unknown>): boolean;
}

/** Schedules events to one handler, all cancellable, all cancelled on close. */
export class Scheduler {
  readonly #clock: TimerClock;
  readonly #sink: EventSink;
  readonly #pending = new Map<ScheduledEvent, CancelTimer>();

  /** A scheduler delivering to `sink` on `clock`. */
  constructor(clock: TimerClock, sink: EventSink) {
    this.#clock = clock;
    this.#sink = sink;
  }

  /** Delivers `{[name]: data}` at clock time `at` (milliseconds). */
  eventAt(at: number, name: EventName, data: Record<string, unknown> = {}): ScheduledEvent {
    if (typeof name !== "string" || !isEvent(name)) {
      throw new TypeError(
        `An event name must start with "_" and have a name after it; got ${JSON.stringify(name)}`,
      );
    }
    const event: ScheduledEvent = Object.freeze({ name, at });
    const cancel = this.#clock.setTimer(at, () => {
      this.#pending.delete(event);
      this.#sink.deliver({ [name]: data });
    });
    this.#pending.set(event, cancel);
    return event;
  }

  /** Delivers `{[name]: data}` after `seconds`. */
  eventLater(seconds: number, name: EventName, data: Record<string, unknown> = {}): ScheduledEvent {
    return this.eventAt(this.#clock.now() + seconds * 1000, name, data);
  }

  /** Delivers `{[name]: data}` as soon as the handler is free. */
  eventNow(name: EventName, data: Record<string, unknown> = {}): ScheduledEvent {
    return this.eventAt(this.#clock.now(), name, data);
  }

  /** Cancels a pending event; returns false if it already fired or was cancelled. */
  cancel(event: ScheduledEvent): boolean {
    const cancel = this.#pending.get(event);
    if (cancel === undefined) return false;
    this.#pending.delete(event);
    cancel();
    return true;
  }

  /** The number of events not yet delivered. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Cancels every pending event. */
  cancelAll(): void {
    for (const cancel of this.#pending.values()) cancel();
    this.#pending.clear();
  }
}
