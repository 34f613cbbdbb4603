// The wire between the calling thread and its worker: a shared Int32 cell that the worker sets
// when a reply is waiting on the port, a second one it counts its events in (so that a blocked
// calling thread can wait for an event too), and the shapes of requests, replies and errors.

import type { MessagePort } from "node:worker_threads";

/** Nothing to read yet. */
export const IDLE = 0;
/** A reply has been posted; read it with receiveMessageOnPort. */
export const READY = 1;
/** The worker is gone (crashed or exited): no reply will come. */
export const DEAD = 2;
/** The worker has loaded its ops and takes requests (set once, before the first request). */
export const BOOTED = 3;

/** The slot of the shared cells holding the reply state (IDLE, READY, DEAD, BOOTED). */
export const REPLY_SLOT = 0;
/** The slot the worker increments (and notifies) after posting each event. */
export const EVENT_SLOT = 1;
/** How many Int32 slots the shared cells have. */
export const SLOTS = 2;

/** A request from the calling thread: run `op` with `payload` in the worker. */
export interface SyncRequest {
  readonly id: number;
  readonly op: string;
  readonly payload: unknown;
}

/** An error as it crosses the thread boundary: its class name, message and own data fields. */
export interface WireError {
  /** The error's name (its class name for the errors of this project). */
  readonly name: string;
  /** The error's message. */
  readonly message: string;
  /** Its own enumerable fields that survive a structured clone (errorCode, parameters, ...). */
  readonly props: Record<string, unknown>;
}

/** The worker's answer to request `id`: a value, or an error to rethrow on the calling thread. */
export type SyncReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: WireError };

/** What the worker receives as workerData when it starts. */
export interface WorkerBoot {
  readonly port: MessagePort;
  readonly cell: SharedArrayBuffer;
  /** The module (a file URL) whose exported `ops` (or `createOps(boot)`) the worker serves. */
  readonly opsModule: string;
  /** Data for `createOps` (e.g. a bot's token and options). */
  readonly data?: unknown;
  /** The worker's end of the event channel, when the caller listens for events. */
  readonly events?: MessagePort | undefined;
}

/** Where a worker posts its events (the calling thread gets them when idle, or while it waits for one). */
export interface EventPort {
  /** Posts one cloneable event to the calling thread. */
  postMessage(event: unknown): void;
}

/** What a module's `createOps` receives: the boot data and the event port, if any. */
export interface OpsBoot {
  /** The `data` option of the SyncWorker. */
  readonly data: unknown;
  /** Posts events to the calling thread (delivered when it is idle); absent without `onEvent`. */
  readonly events: EventPort | undefined;
}

/** The operations a worker serves: each takes a cloneable payload and resolves to a cloneable value. */
export type SyncOps = Record<string, (payload: never) => unknown>;

/** Flattens an error for postMessage: structured clone would drop its class and extra fields. */
export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error), props: {} };
  const props: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (isCloneable(value)) props[key] = value;
  }
  // `cause` is not enumerable, but says what went wrong underneath (e.g. a network error).
  if (error.cause !== undefined && !("cause" in props) && isCloneable(error.cause)) props.cause = error.cause;
  return { name: error.name, message: error.message, props };
}

function isCloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
