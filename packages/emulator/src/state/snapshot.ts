// Persistence: the whole world as one JSON document (files as base64), written atomically to a file
// and read back at start, so a bot's chats survive a restart of the emulator.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Message, Update, User } from "@telepot/core";
import type { WebhookConfig } from "../methods/context.js";
import { UpdateQueue } from "./updates.js";
import type { ChatRecord, MemberStatus, MessageRecord, World } from "./world.js";

/** The snapshot format (version 1). */
interface Snapshot {
  version: 1;
  bots: {
    id: number;
    token: string;
    user: User;
    privacy: boolean;
    inlineFeedback: boolean;
    settings: [string, unknown][];
    updates: { items: Update[]; nextId: number; allowed?: readonly string[] };
    webhook?: WebhookConfig;
  }[];
  users: User[];
  /** A chat as the world keeps it, with its maps written as lists (JSON has no Map). */
  chats: (Omit<ChatRecord, "members" | "messages"> & {
    members: [number, MemberStatus][];
    messages: MessageRecord[];
  })[];
  files: {
    fileId: string;
    uniqueId: string;
    path: string;
    data: string;
    filename: string;
    contentType: string;
    url?: string;
    owners?: number[];
    variantOf?: string;
  }[];
  inlineMessages: [string, { botId: number; chatKey: string; messageId: number }][];
}

/** The world's state as a JSON text; `webhooks` are the configured webhooks by bot id. */
export function saveWorld(world: World, webhooks: Map<number, WebhookConfig>): string {
  const snapshot: Snapshot = {
    version: 1,
    bots: [...world.bots.values()].map((b) => ({
      id: b.id,
      token: b.token,
      user: b.user,
      privacy: b.privacy,
      inlineFeedback: b.inlineFeedback,
      settings: [...b.settings],
      updates: b.updates.toJSON(),
      ...(webhooks.has(b.id) ? { webhook: webhooks.get(b.id) as WebhookConfig } : {}),
    })),
    users: [...world.users.values()].map((u) => u.user),
    chats: [...world.chats.values()].map((c) => ({
      ...c,
      members: [...c.members],
      messages: [...c.messages.values()],
    })),
    // Another size of a photo serves the original's bytes: stored once.
    files: world.files
      .all()
      .map((f) => ({ ...f, data: f.variantOf ? "" : Buffer.from(f.data).toString("base64") })),
    inlineMessages: [...world.inlineMessages],
  };
  return JSON.stringify(snapshot);
}

/** Fills an empty world from a snapshot text; returns the webhooks to restart. */
export function loadWorld(world: World, text: string): Map<number, WebhookConfig> {
  const snapshot = JSON.parse(text) as Snapshot;
  if (snapshot.version !== 1) throw new Error(`unsupported snapshot version ${String(snapshot.version)}`);
  const webhooks = new Map<number, WebhookConfig>();
  for (const b of snapshot.bots) {
    world.bots.set(b.id, {
      id: b.id,
      token: b.token,
      user: b.user,
      privacy: b.privacy,
      inlineFeedback: b.inlineFeedback,
      settings: new Map(b.settings),
      updates: UpdateQueue.fromJSON(b.updates),
    });
    if (b.webhook) webhooks.set(b.id, b.webhook);
  }
  for (const u of snapshot.users) world.users.set(u.id, { user: u });
  for (const c of snapshot.chats) {
    const messages = new Map(c.messages.map((r) => [(r.message as Message).message_id, r]));
    world.chats.set(c.key, { ...c, members: new Map(c.members), messages });
  }
  for (const f of snapshot.files) {
    const original = f.variantOf ? world.files.find(f.variantOf) : undefined;
    world.files.restore({ ...f, data: original?.data ?? new Uint8Array(Buffer.from(f.data, "base64")) });
  }
  for (const [id, ref] of snapshot.inlineMessages) world.inlineMessages.set(id, ref);
  world.resumeCounters();
  return webhooks;
}

/** Reads a snapshot file into the world if the file exists. */
export function loadWorldFile(world: World, path: string): Map<number, WebhookConfig> {
  return existsSync(path) ? loadWorld(world, readFileSync(path, "utf8")) : new Map();
}

/** Writes a snapshot atomically (temporary file, then rename). */
export function writeSnapshot(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
