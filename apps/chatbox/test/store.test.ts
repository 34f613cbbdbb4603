// The mailbox's SQLite store, in memory.
import type { Message } from "@telepot/async";
import { afterEach, beforeEach, expect, it } from "vitest";
import { MailboxStore } from "../src/store.ts";

let store: MailboxStore;
beforeEach(() => {
  store = new MailboxStore(":memory:");
});
afterEach(() => store.close());

function msg(chat: number, id: number, date: number, text?: string): Message {
  return {
    message_id: id,
    date,
    chat: { id: chat, type: "private", first_name: `U${chat}` },
    ...(text === undefined ? { sticker: { file_id: "f" } } : { text }),
  } as Message;
}

it("lists chats in the order they first wrote, and gives the first chat's messages sorted by date", () => {
  expect(store.put(msg(5, 1, 300, "late"))).toBe(true);
  store.put(msg(6, 1, 100, "six"));
  store.put(msg(5, 2, 200, "early"));
  store.put(msg(5, 3, 250));
  expect(store.unread()).toEqual([
    { chatId: 5, count: 3 },
    { chatId: 6, count: 1 },
  ]);
  const next = store.next();
  expect(next?.chatId).toBe(5);
  expect(next?.messages.map((m) => m.message.text ?? "(sticker)")).toEqual(["early", "(sticker)", "late"]);
  for (const m of next?.messages ?? []) store.remove(m.seq);
  expect(store.unread()).toEqual([{ chatId: 6, count: 1 }]);
  // A chat that writes again after being read comes after the chats already waiting.
  store.put(msg(5, 4, 400, "again"));
  expect(store.unread().map((u) => u.chatId)).toEqual([6, 5]);
});

it("stores a message delivered twice only once, and welcomes a chat only once", () => {
  expect(store.put(msg(7, 1, 1, "x"))).toBe(true);
  expect(store.put(msg(7, 1, 1, "x"))).toBe(false);
  expect(store.unread()).toEqual([{ chatId: 7, count: 1 }]);
  expect(store.markSeen(7)).toBe(true);
  expect(store.markSeen(7)).toBe(false);
  expect(store.next()?.messages[0]?.message).toEqual(msg(7, 1, 1, "x"));
});

it("has nothing next when empty", () => {
  expect(store.next()).toBeUndefined();
  expect(store.unread()).toEqual([]);
});
