// The one-command entry point of every example: read the token and the API root from the
// environment, start the example, and stop it cleanly on Ctrl-C.
import type { ExampleOptions, RunningExample } from "./example.ts";

/** Starts an example from the command line (token from TELEGRAM_BOT_TOKEN or the first argument). */
export async function runMain<O extends ExampleOptions>(
  start: (token: string, options: O) => Promise<RunningExample>,
  extra: Omit<O, keyof ExampleOptions> = {} as Omit<O, keyof ExampleOptions>,
): Promise<void> {
  // The seed took the token from the command line; the environment keeps it out of `ps` output.
  const token = process.env.TELEGRAM_BOT_TOKEN || process.argv[2];
  if (!token) {
    console.error(
      "Give the bot token: TELEGRAM_BOT_TOKEN=<token> (and TELEGRAM_API_ROOT=<url> for another Bot API server)",
    );
    process.exitCode = 2;
    return;
  }
  const apiRoot = process.env.TELEGRAM_API_ROOT || undefined;
  const options = { ...extra, ...(apiRoot ? { apiRoot } : {}) } as O;
  const running = await start(token, options);
  console.log("Listening ...");
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log("Stopping ...");
    void running.stop();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    await running.done;
  } catch (error) {
    console.error("The bot stopped:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
    await running.stop().catch(() => {});
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

/** A TCP port from the environment variable `name`, or `fallback`. */
export function envPort(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`${name} must be a TCP port (0-65535), got ${JSON.stringify(text)}`);
  }
  return port;
}
