// The messages between an off-thread emulator (worker.ts) and its caller (start.ts). Objects with
// methods (the driver, a UserHandle) stay in the worker and cross as references; everything else
// (bot and group handles, messages, answers) crosses as a structured clone.
import type { MessagePort } from "node:worker_threads";
import { TelepotError } from "@telepot/core";

/** An off-thread emulator failed: its thread did not answer, it is closed, or a driver call threw there (same name and message). */
export class EmulatorThreadError extends TelepotError {
  /** The brand that `instanceof` matches across copies of telepot. */
  static override readonly telepotBrand: string = "telepot.EmulatorThreadError";
}

/** What a call's arguments and results look like on the wire. */
export type Wire = unknown;

/** A reference to an object that stays in the worker. */
export interface RefWire {
  readonly $ref: number;
  /** Its data (own properties and getters), read when it crossed. */
  readonly fields: Record<string, unknown>;
  /** The names of its methods. */
  readonly methods: string[];
}

/** A call of `method` on the object `ref` (0: the driver). */
export interface CallRequest {
  readonly id: number;
  readonly ref: number;
  readonly method: string;
  readonly args: Wire[];
}

/** The immediate answer to a call: its value, its error, or the promise that will settle later. */
export type CallReply =
  | { readonly id: number; readonly kind: "value"; readonly value: Wire }
  | { readonly id: number; readonly kind: "error"; readonly name: string; readonly message: string }
  | { readonly id: number; readonly kind: "promise"; readonly promise: number };

/** A promise of the worker settled (posted on the settle port). */
export type Settled =
  | { readonly promise: number; readonly ok: true; readonly value: Wire }
  | { readonly promise: number; readonly ok: false; readonly name: string; readonly message: string };

/** What the worker is started with. */
export interface WorkerBoot {
  readonly options: Record<string, unknown>;
  readonly cell: SharedArrayBuffer;
  readonly calls: MessagePort;
  readonly settled: MessagePort;
}

/** What the worker posts once the emulator listens. */
export interface Started {
  readonly apiRoot: string;
  readonly webUrl: string;
  readonly port: number;
}

/** The cell's states: waiting for a reply, a reply is on the port. */
export const WAITING = 0;
export const REPLIED = 1;

/** Whether `value` is an object with methods of its own class (kept in the worker, sent by reference). */
export function isRemotable(value: unknown): value is object {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto !== null && proto !== Object.prototype && methodNames(value).length > 0;
}

/** The methods of an object's classes (not Object's). */
export function methodNames(value: object): string[] {
  const names = new Set<string>();
  for (let p = Object.getPrototypeOf(value); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name);
      if (name !== "constructor" && typeof d?.value === "function") names.add(name);
    }
  }
  return [...names];
}
