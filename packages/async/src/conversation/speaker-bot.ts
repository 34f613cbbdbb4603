// SpeakerBot: a Bot with a microphone. Every received object is broadcast to the listeners made
// with createListener(), which wait for what they capture.
import { type Listener, Microphone, type Payload, systemTimerClock, type TimerClock } from "@telepot/core";
import { Bot } from "../bot.js";
import type { BotOptions } from "../options.js";
import type { UpdateContext, UpdatePayload } from "../receive/index.js";

/** Options of a {@link SpeakerBot}. */
export interface SpeakerBotOptions extends BotOptions {
  /** The clock for listener timeouts (and, in DelegatorBot, idle timeouts): default the real one. */
  readonly timerClock?: TimerClock;
}

/** Whether a loop's payload is a Telegram object the conversation layer can take. */
export function isConversationPayload(
  payload: UpdatePayload,
  context?: UpdateContext,
): payload is UpdatePayload & Payload {
  return context?.kind !== "unknown" && typeof payload === "object" && payload !== null;
}

/** A Bot whose received objects go to every listener of its {@link mic}. */
export class SpeakerBot extends Bot {
  /** Broadcasts every received object to the listeners. */
  readonly mic: Microphone;
  /** The clock of listener waits and conversation timeouts. */
  readonly timerClock: TimerClock;

  /** A bot for `token`; see {@link SpeakerBotOptions}. */
  constructor(token: string, options: SpeakerBotOptions = {}) {
    super(token, options);
    this.timerClock = options.timerClock ?? systemTimerClock;
    this.mic = new Microphone(this.timerClock);
  }

  /** A listener on this bot's microphone; call `capture(...)` on it, then `await listener.wait()`. */
  createListener(): Listener {
    return this.mic.createListener();
  }

  /** The message loop's handler: broadcasts each received object (subclasses may return a promise). */
  handle(payload: UpdatePayload, context?: UpdateContext): void | Promise<void> {
    if (isConversationPayload(payload, context)) this.mic.send(payload);
  }
}
