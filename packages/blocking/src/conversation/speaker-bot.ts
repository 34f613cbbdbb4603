// SpeakerBot in blocking style: every received object is broadcast to the listeners made with
// createListener(), and `listener.wait()` blocks, handling other updates until its own arrives.
import type { UpdateContext, UpdatePayload } from "@telepot/async";
import { type BlockingPump, type Listener, Microphone, type Payload } from "@telepot/core";
import { Bot } from "../bot.js";
import type { BotOptions } from "../options.js";

/** Whether a loop's payload is a Telegram object the conversation layer can take. */
export function isConversationPayload(
  payload: UpdatePayload,
  context?: UpdateContext,
): payload is UpdatePayload & Payload {
  return context?.kind !== "unknown" && typeof payload === "object" && payload !== null;
}

/** Options of a {@link SpeakerBot}. */
export type SpeakerBotOptions = BotOptions;

/** A blocking Bot whose received objects go to every listener of its {@link mic}. */
export class SpeakerBot extends Bot {
  /** Broadcasts every received object to the listeners. */
  readonly mic: Microphone<"blocking">;

  /** A bot for `token`; see {@link BotOptions}. */
  constructor(token: string, options: SpeakerBotOptions = {}) {
    super(token, options);
    this.mic = new Microphone<"blocking">(this.timerClock, this.blockingPump);
  }

  /** The pump a blocking wait runs: the bot's message loop, bounded by the wait's deadline. */
  get blockingPump(): BlockingPump {
    return (ready, deadline) => this.pump(ready, deadline);
  }

  /** A listener on this bot's microphone: `capture(...)` it, then `listener.wait()` blocks. */
  createListener(): Listener<"blocking"> {
    return this.mic.createListener();
  }

  /** The message loop's handler: broadcasts each received object. */
  handle(payload: UpdatePayload, context?: UpdateContext): void {
    if (isConversationPayload(payload, context)) this.mic.send(payload);
  }
}
