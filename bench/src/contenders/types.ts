// The contract every contender adapter fulfils. An adapter imports its library lazily (inside the
// functions), so a library that is missing or lacks an API makes that one measurement "n/a"
// instead of crashing the run, and importing the adapter costs nothing in the cold-start scenario.

/** Where the fake Bot API listens and which token it accepts. */
export interface Endpoint {
  /** The API root, e.g. "http://127.0.0.1:40123" (no trailing slash). */
  apiRoot: string;
  /** The bot token. */
  token: string;
}

/** Sends messages through the library's ordinary API call. */
export interface Sender {
  /** Calls sendMessage and resolves with the Message the API returned. */
  sendMessage(chatId: number, text: string): Promise<unknown>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}

/** Receives one message update: its chat and its sequence number (the message_id). */
export type MessageHandler = (chatId: number, sequence: number) => void | Promise<void>;

/** A running polling loop. */
export interface Poller {
  /** Stops the loop (best effort: the measured process exits right after). */
  stop(): Promise<void>;
}

/** A node:http server delivering webhook updates to the handler. */
export interface WebhookTarget {
  /** The port it listens on (127.0.0.1). */
  port: number;
  /** The path updates are posted to. */
  path: string;
  /** Closes the server. */
  close(): Promise<void>;
}

/** The identifiers of the contenders, in the order they are listed in tables. */
export const CONTENDER_IDS = [
  "telepot",
  "telepot-amo",
  "telepot-durable",
  "grammy",
  "telegraf",
  "ntba",
  "undici",
] as const;

/** One contender's identifier. */
export type ContenderId = (typeof CONTENDER_IDS)[number];

/** A library under test, adapted to the benchmark's scenarios. */
export interface Contender {
  /** The identifier used on the command line and in result files. */
  id: ContenderId;
  /** The name shown in tables. */
  label: string;
  /** The npm package whose version is reported. */
  packageName: string;
  /** The module a user imports (measured by the cold-start scenario). */
  importSpecifier: string;
  /** Every module the adapter imports, loaded before a measurement's clock starts. */
  modules: readonly string[];
  /**
   * The scenarios this contender takes part in (default: all). A second configuration of one
   * library, shown next to its default where the comparison needs it, lists its scenarios here.
   */
  scenarios?: readonly string[];
  /** How the library is configured in each scenario (printed under the tables). */
  notes: Partial<Record<"outbound" | "polling" | "webhook" | "flood", string>>;
  /** A client for plain outbound calls, in its documented fast configuration. */
  sender(endpoint: Endpoint): Promise<Sender>;
  /** Starts the library's long-polling loop, delivering message updates to the handler. */
  poll(endpoint: Endpoint, handler: MessageHandler): Promise<Poller>;
  /** Starts the library's node:http webhook handler on 127.0.0.1. */
  webhook(endpoint: Endpoint, handler: MessageHandler): Promise<WebhookTarget>;
  /** A client with the library's own flood control (outgoing rate limiting) switched on. */
  floodSender(endpoint: Endpoint): Promise<Sender>;
}

/** Thrown by an adapter when its library cannot take part in a scenario; the reason is printed. */
export class NotAvailable extends Error {
  override name = "NotAvailable";
}

/** A message's chat id and message_id from an update-like object, or undefined. */
export function messageKey(message: unknown): { chatId: number; sequence: number } | undefined {
  if (!message || typeof message !== "object") return undefined;
  const { chat, message_id } = message as { chat?: { id?: unknown }; message_id?: unknown };
  if (typeof chat?.id !== "number" || typeof message_id !== "number") return undefined;
  return { chatId: chat.id, sequence: message_id };
}
