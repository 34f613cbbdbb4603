// Tutorial: ../../README.md#the-basics
// Dicey Clock: /roll answers a die roll (1-6), /time answers the current time.
//   TELEGRAM_BOT_TOKEN=<token> node examples/src/dicey-clock.ts
import { Bot, glance, type UpdateContext } from "@telepot/async";
import { runMain } from "./lib/cli.ts";
import { botOptions, consoleLog, type ExampleOptions, type RunningExample, running } from "./lib/example.ts";

/** Options of the Dicey Clock. */
export interface DiceyClockOptions extends ExampleOptions {
  /** The clock /time reads (default: the real one). */
  readonly now?: () => Date;
  /** A random number in [0, 1) for /roll (default Math.random). */
  readonly random?: () => number;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/**
 * A local time as the Python original printed it (`str(datetime.now())`):
 * `2016-02-06 12:34:56.789000`, the fraction in microseconds and left out when it is zero.
 */
export function formatLocalTime(date: Date): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const millis = date.getMilliseconds();
  return millis === 0 ? `${day} ${time}` : `${day} ${time}.${pad(millis * 1000, 6)}`;
}

/** The reply to a command, or undefined for text the clock does not answer. */
export function diceyReply(command: string, now: () => Date, random: () => number): string | undefined {
  if (command === "/roll") return String(1 + Math.floor(random() * 6));
  if (command === "/time") return formatLocalTime(now());
  return undefined;
}

/** Starts the Dicey Clock. */
export async function start(token: string, options: DiceyClockOptions = {}): Promise<RunningExample> {
  const log = options.log ?? consoleLog;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const bot = new Bot(token, botOptions(options));

  const handle = async (_payload: unknown, update: UpdateContext) => {
    if (update.kind !== "message") return;
    const [contentType, , chatId] = glance(update.payload);
    if (contentType !== "text") {
      log(`Not a command: a ${contentType} message`);
      return;
    }
    const command = update.payload.text ?? "";
    log(`Got command: ${command}`);
    const reply = diceyReply(command, now, random);
    if (reply !== undefined) await bot.sendMessage(chatId, reply);
  };

  const loop = bot.messageLoop(handle, { pollTimeoutSeconds: options.pollTimeout ?? 20 });
  return running(bot, loop, () => bot.dispose());
}

if (import.meta.main) await runMain(start);
