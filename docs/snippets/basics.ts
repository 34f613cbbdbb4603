// The Basics of the root README, one function per step; docs/test/basics.test.ts runs each
// against the emulator, whose driver plays the user.
import type { Bot, MessageLoop } from "@telepot/async";
import { glance, hasFlavor, InputFile, type Message, type Update } from "@telepot/async";
import { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from "@telepot/namedtuple";

/** Receives updates by hand with getUpdates, then confirms them. */
export async function receiveByHand(bot: Bot): Promise<Update[]> {
  // #region readme-get-updates
  const updates = await bot.getUpdates();
  console.log(updates);
  // Confirm them: the next call asks only for later updates (it returns [] until there are some).
  const last = updates.at(-1);
  if (last !== undefined) await bot.getUpdates({ offset: last.update_id + 1, timeout: 0 });
  // #endregion
  return updates;
}

/** Receives with a message loop: a handler called for every update. */
export function receiveWithLoop(bot: Bot): MessageLoop {
  // #region readme-message-loop
  function handle(msg: object) {
    if (!hasFlavor(msg, "normal")) return; // only messages here; see "Inline queries" for more
    const [contentType, chatType, chatId] = glance(msg);
    console.log(contentType, chatType, chatId); // e.g. text private 999999999
    // Act according to the content type: not every message is text.
  }

  const loop = bot.messageLoop(handle);
  // Later: `await loop.stop()` lets running handlers finish, confirms, and ends the loop.
  // #endregion
  return loop;
}

/** Sends text messages. */
export async function sendText(bot: Bot, chatId: number): Promise<Message> {
  // #region readme-send
  const sent = await bot.sendMessage(chatId, "Good morning!");
  console.log(sent.message_id, sent.text); // the Message as sent
  // #endregion
  return sent;
}

/** Shows and hides a custom keyboard, and shows an inline keyboard. */
export async function sendKeyboards(bot: Bot, chatId: number): Promise<Message> {
  // #region readme-keyboards
  // A custom keyboard: rows of buttons the user taps instead of typing.
  await bot.sendMessage(chatId, "This is a custom keyboard", {
    reply_markup: ReplyKeyboardMarkup([
      ["Yes", "No"],
      ["Maybe", "Maybe not"],
    ]),
  });
  // Hide it again.
  await bot.sendMessage(chatId, "I am hiding it", { reply_markup: ReplyKeyboardRemove() });
  // An inline keyboard sits under a message; a press arrives as a callback_query.
  const question = await bot.sendMessage(chatId, "Roll a die?", {
    reply_markup: InlineKeyboardMarkup.row().callback("Roll", "roll").build(),
  });
  // #endregion
  return question;
}

/** Answers presses of the inline keyboard's button. */
export function answerPresses(bot: Bot): MessageLoop {
  // #region readme-callback-query
  const loop = bot.messageLoop(async (msg) => {
    if (hasFlavor(msg, "callback_query")) {
      const [queryId, fromId, data] = glance(msg, "callback_query");
      console.log("Callback query:", queryId, fromId, data);
      await bot.answerCallbackQuery(queryId, { text: `You pressed ${data}` });
    }
  });
  // #endregion
  return loop;
}

/** Uploads a photo from a file, then sends it again by file_id. */
export async function sendPhotoTwice(bot: Bot, chatId: number, path: string): Promise<[Message, Message]> {
  // #region readme-send-photo
  const sent = await bot.sendPhoto(chatId, InputFile.fromPath(path));
  console.log(sent.photo); // the sizes Telegram made of it, each with a file_id
  // To send the same photo again, give a file_id: nothing is uploaded.
  const again = await bot.sendPhoto(chatId, sent.photo!.at(-1)!.file_id);
  // #endregion
  return [sent, again];
}

/** Middleware: logs each call's method and time, and answers getMe from a cache after the first. */
export async function addMiddleware(bot: Bot, chatId: number): Promise<void> {
  // #region readme-middleware
  bot.use(async (request, next) => {
    const started = performance.now();
    try {
      return await next(request);
    } finally {
      console.log(`${request.method} took ${(performance.now() - started).toFixed(1)} ms`);
    }
  });
  let me: unknown;
  bot.use(async (request, next) => {
    if (request.method !== "getMe") return next(request);
    me ??= await next(request); // later getMe calls are answered here, without a request
    return me;
  });
  // A call's own options come last, after its optional parameters:
  await bot.sendMessage(chatId, "Hi", { parse_mode: "HTML" }, { signal: AbortSignal.timeout(5_000) });
  // #endregion
}

/** Downloads the largest size of a received photo. */
export async function downloadPhoto(bot: Bot, msg: Message, path: string): Promise<void> {
  // #region readme-download
  if (msg.photo !== undefined) {
    const largest = msg.photo.at(-1)!; // sizes come smallest first
    await bot.downloadFile(largest.file_id, path);
  }
  // #endregion
}
