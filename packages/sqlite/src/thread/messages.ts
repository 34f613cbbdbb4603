// What the inbox's owner thread and the SQLite thread say to each other (threaded-inbox.ts is the
// owner's side, thread/main.ts the SQLite thread's). One request, one reply, matched by id; the
// thread answers in the order it was asked, so a commit asked for first is done first.
import type { HandledUpdate } from "@telepot/core";

/** The settings the SQLite thread opens its inbox with (the options less the clock, a function). */
export interface ThreadSettings {
  readonly path: string;
  readonly durability: "process" | "power";
  readonly rememberHandled: number;
  readonly busyTimeoutMs: number;
  readonly sequenceResetAfterMs: number;
  readonly journal: boolean;
}

/** A request to the SQLite thread. */
export type ThreadRequest =
  // `updates`: the batch as one JSON text (cheaper to send than the objects); `nowMs`: the owner's clock.
  | { readonly id: number; readonly op: "append"; readonly updates: string; readonly nowMs: number }
  | { readonly id: number; readonly op: "pending"; readonly limit: number }
  | { readonly id: number; readonly op: "complete"; readonly completions: readonly HandledUpdate[] }
  | { readonly id: number; readonly op: "loadState"; readonly key: string }
  | { readonly id: number; readonly op: "states" | "prune" | "close" }
  | { readonly id: number; readonly op: "records"; readonly updateId: number }
  | { readonly id: number; readonly op: "start" | "forget"; readonly updateId: number; readonly call: string }
  | {
      readonly id: number;
      readonly op: "finish";
      readonly updateId: number;
      readonly call: string;
      readonly result: unknown;
    };

/** What a failure in the SQLite thread looks like on the way back (errors do not cross as classes). */
export interface ThreadFailure {
  readonly name: string;
  readonly message: string;
}

/**
 * The SQLite thread's answer to request `id` (id 0: to opening). `backlog` is the inbox's count of
 * pending updates after the request; `value` the request's result, `failure` its error.
 */
export type ThreadReply =
  | { readonly id: number; readonly backlog: number; readonly value?: unknown }
  | { readonly id: number; readonly backlog: number; readonly failure: ThreadFailure };
