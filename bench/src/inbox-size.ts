// What the durable inbox costs on disk: the bytes a pending update and a conversation's saved
// state add to the SQLite file (after a WAL checkpoint), measured on the benchmark's own updates.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chatIdOf, messageUpdate } from "./updates.ts";

/** The part of SqliteInbox this measurement uses. */
interface SizedInbox {
  append(updates: readonly object[]): unknown;
  complete(
    handled: readonly { updateId?: number; states?: readonly { key: string; value: unknown }[] }[],
  ): void;
  close(): void;
}

/** Bytes per pending update and per saved state, or undefined when @telepot/sqlite is missing. */
export async function measureInboxSize(
  count = 10_000,
): Promise<{ perUpdate: number; perState: number; updateJson: number } | undefined> {
  let open: ((path: string) => SizedInbox) | undefined;
  try {
    const specifier: string = "@telepot/sqlite";
    const module = (await import(specifier)) as { SqliteInbox?: { open(path: string): SizedInbox } };
    open = module.SqliteInbox ? (path) => module.SqliteInbox!.open(path) : undefined;
  } catch {
    return undefined;
  }
  if (open === undefined) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "telepot-inbox-size-"));
  try {
    const sizeOf = (path: string) => {
      // Closing checkpoints the WAL into the file, so the file size is the whole store.
      return statSync(path).size;
    };
    const emptyPath = join(dir, "empty.db");
    open(emptyPath).close();
    const empty = sizeOf(emptyPath);
    const updates = Array.from({ length: count }, (_, i) => messageUpdate(i + 1, chatIdOf(i % 1_000)));
    const pendingPath = join(dir, "pending.db");
    const pending = open(pendingPath);
    for (let i = 0; i < count; i += 100) pending.append(updates.slice(i, i + 100));
    pending.close();
    const statesPath = join(dir, "states.db");
    const states = open(statesPath);
    // A guess-sized state: a number and a count, one per chat.
    for (let i = 0; i < count; i += 100) {
      states.complete([
        {
          states: Array.from({ length: 100 }, (_, j) => ({
            key: `0:${chatIdOf(i + j)}`,
            value: { secret: 42, tries: 3 },
          })),
        },
      ]);
    }
    states.close();
    return {
      perUpdate: (sizeOf(pendingPath) - empty) / count,
      perState: (sizeOf(statesPath) - empty) / count,
      updateJson: JSON.stringify(updates[0]).length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
