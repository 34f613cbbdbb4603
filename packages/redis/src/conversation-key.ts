// Which conversation an update belongs to: its updates are handled one at a time, in update_id
// order, by whichever worker holds the key. By default the chat (as the per-chat seed), else the
// user (inline queries, polls answers), else the update alone (nothing to keep in order with).
import type { Update } from "@telepot/core";

/** Tells the conversation key of an update (updates with one key are handled in order). */
export type ConversationKeyOf = (update: Update) => string;

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function idOf(value: unknown): string | undefined {
  const id = field(value, "id");
  return typeof id === "number" || typeof id === "string" ? String(id) : undefined;
}

/** The default key: `chat:<id>`, else `user:<id>`, else `update:<update_id>`. */
export const byChat: ConversationKeyOf = (update) => {
  for (const [name, payload] of Object.entries(update)) {
    if (name === "update_id") continue;
    const chat = idOf(field(payload, "chat")) ?? idOf(field(field(payload, "message"), "chat"));
    if (chat !== undefined) return `chat:${chat}`;
    const user = idOf(field(payload, "from")) ?? idOf(field(payload, "user"));
    if (user !== undefined) return `user:${user}`;
  }
  return `update:${update.update_id}`;
};
