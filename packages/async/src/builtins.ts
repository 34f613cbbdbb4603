// Node built-ins that only downloads and uploads need, taken at their first use rather than
// imported: an ESM import of a built-in evaluates its whole export list (node:util alone pulls in
// the streams, worker_threads and assert's diff), which made up a third of `import "@telepot/async"`.
// process.getBuiltinModule hands back the module Node already has, so later uses cost a lookup.
import type { inspect } from "node:util";

/** node:fs, loaded at the first use. */
export function nodeFs(): typeof import("node:fs") {
  return process.getBuiltinModule("node:fs");
}

/** node:fs/promises, loaded at the first use. */
export function nodeFsPromises(): typeof import("node:fs/promises") {
  return process.getBuiltinModule("node:fs/promises");
}

/** node:path, loaded at the first use. */
export function nodePath(): typeof import("node:path") {
  return process.getBuiltinModule("node:path");
}

/** node:stream, loaded at the first use. */
export function nodeStream(): typeof import("node:stream") {
  return process.getBuiltinModule("node:stream");
}

/** node:stream/promises, loaded at the first use. */
export function nodeStreamPromises(): typeof import("node:stream/promises") {
  return process.getBuiltinModule("node:stream/promises");
}

/**
 * The key of a custom `util.inspect` (the same registered symbol as `inspect.custom`), without
 * loading node:util.
 */
export const INSPECT_CUSTOM: typeof inspect.custom = Symbol.for(
  "nodejs.util.inspect.custom",
) as typeof inspect.custom;
