// The synthetic updates every contender receives. Polling and webhook runs use the same shape, so
// no library gets an easier payload than another.

/** The bot token every contender is configured with; the fake server rejects any other. */
export const BENCH_TOKEN = "123456789:BENCHbenchBENCHbenchBENCHbenchBENCH0";

/** A deterministic pseudo-random generator (mulberry32): the same seed gives the same chats. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The chat id of chat number `index` (positive ids: private chats). */
export function chatIdOf(index: number): number {
  return 100_000 + index;
}

/** Which chat each of `count` updates belongs to, drawn at random (seeded) from `chats` chats. */
export function chatSequence(count: number, chats: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const sequence = new Int32Array(count);
  for (let i = 0; i < count; i++) sequence[i] = chatIdOf(Math.floor(random() * chats));
  return sequence;
}

/** A text-message update as Telegram sends it. */
export function messageUpdate(updateId: number, chatId: number): Record<string, unknown> {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 1_767_225_600,
      chat: { id: chatId, type: "private", first_name: "User" },
      from: { id: chatId, is_bot: false, first_name: "User", language_code: "en" },
      text: `hello ${updateId}`,
    },
  };
}

/** The webhook secret token every contender checks (X-Telegram-Bot-Api-Secret-Token). */
export const WEBHOOK_SECRET = "bench-secret-0123456789";

/** The first update id of a prepared stream (Telegram's ids are large and need not start at 1). */
export const FIRST_UPDATE_ID = 700_000_000;
