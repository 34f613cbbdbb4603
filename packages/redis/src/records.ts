// How states and updates are written in Redis (JSON), and read back with a clear error when a
// stored value is not what this package wrote.
import type { StateChange, StoredState, Update } from "@telepot/core";
import { RedisInboxError } from "./errors.js";

/** The stored form of a state change: its record JSON, or '' when the state is removed. */
export function encodeState(change: StateChange): string {
  if (change.value === undefined) return "";
  return JSON.stringify({ value: change.value, idleAtMs: change.idleAtMs });
}

/** A stored state record read back. */
export function decodeState(key: string, record: string): StoredState {
  const parsed: unknown = JSON.parse(record);
  if (typeof parsed !== "object" || parsed === null || !("value" in parsed)) {
    throw new RedisInboxError(`The stored state of ${key} is not a state record`);
  }
  const { value, idleAtMs } = parsed as { value: unknown; idleAtMs?: unknown };
  return typeof idleAtMs === "number" ? { key, value, idleAtMs } : { key, value };
}

/** A stored update read back. */
export function decodeUpdate(json: string): Update {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== "object" || parsed === null || typeof (parsed as Update).update_id !== "number") {
    throw new RedisInboxError("A stored update has no update_id");
  }
  return parsed as Update;
}
