// The handling of one inbox update as the call journal sees it, and how the request pipeline finds
// it: the loop runs the handler inside the scope (AsyncLocalStorage, so awaits and timers started
// by the handler keep it), and the journal stage reads the current scope. Nobody passes the update.

import type { AsyncLocalStorage } from "node:async_hooks";
import { isInputFileLike } from "../input-file.js";
import type { CallJournal } from "./journal.js";

// node:crypto is loaded at the first journaled call, not at import: a bot that never journals
// (no inbox) should not pay for it at start-up.
let crypto: typeof import("node:crypto") | undefined;

/** One update's handling: its journal, and the calls made so far (to number identical calls). */
export class JournalScope {
  // Made at the first journaled call: most handlings make none, and a scope is made per update.
  #counts: Map<string, number> | undefined;
  #closed = false;
  #faulted = false;

  /** The handling of `updateId`, journaled in `journal`; `report` gets failed records. */
  constructor(
    readonly journal: CallJournal,
    readonly updateId: number,
    readonly report: (error: unknown) => void,
  ) {}

  /** False once the handler has settled: later calls (a timer it left) are not journaled. */
  get open(): boolean {
    return !this.#closed;
  }

  /** Ends the scope (the handler settled; its update is about to be marked done). */
  close(): void {
    this.#closed = true;
  }

  /**
   * Whether the journal failed to record a call before it was sent (so it was not sent): the
   * handling is then incomplete whatever the handler did about the error, and its update must not
   * be marked done; a re-run makes the call again, and gets the recorded results of the others.
   */
  get faulted(): boolean {
    return this.#faulted;
  }

  /** Records that the journal could not record a call of this handling (see {@link faulted}). */
  fault(): void {
    this.#faulted = true;
  }

  /**
   * The identity of the next call of `method` with `params`: the method, a digest of the
   * parameters, and how many identical calls this handling made before (see journal.ts).
   */
  identify(method: string, params: object): string {
    crypto ??= process.getBuiltinModule("node:crypto");
    const digest = crypto
      .createHash("sha1")
      .update(method)
      .update("\n")
      .update(canonical(params))
      .digest("base64url");
    this.#counts ??= new Map();
    const seen = this.#counts.get(digest) ?? 0;
    this.#counts.set(digest, seen + 1);
    return `${method}:${digest}:${seen}`;
  }
}

// The parameters as JSON, an upload (what the encoder sends as a file: an InputFile, bytes, a
// Blob, a stream) as a marker: its bytes are not part of a call's identity, and reading them would
// cost. Everything else (a keyboard built with classes included) counts by its JSON.
function canonical(params: object): string {
  return JSON.stringify(params, function (this: Record<string, unknown>, key: string, value: unknown) {
    return key !== "" && isInputFileLike(this[key]) ? "[file]" : value;
  });
}

// One store per process, shared by every copy of this module (ESM and CommonJS builds). Made at
// the first journaled handling, not at import: a bot without an inbox never needs it, and until
// then no scope can be current.
const STORE = Symbol.for("telepot.journalScope");
const holder = globalThis as { [STORE]?: AsyncLocalStorage<JournalScope> };

/** Runs `handle` (a handler for one inbox update) with `scope` as the current journal scope. */
export function runInJournalScope<T>(scope: JournalScope, handle: () => T): T {
  holder[STORE] ??= new (process.getBuiltinModule("node:async_hooks").AsyncLocalStorage)<JournalScope>();
  return holder[STORE].run(scope, handle);
}

/** The journal scope of the update being handled here, if any. */
export function currentJournalScope(): JournalScope | undefined {
  return holder[STORE]?.getStore();
}
