// The one-command entry point of every example: read the token and the API root from the
// environment, start the example, and stop it cleanly on Ctrl-C.
import type { BlockingExample, ExampleOptions, RunningExample } from "./example.ts";

/** The token from TELEGRAM_BOT_TOKEN or the first argument; undefined (with a hint printed) if there is none. */
function tokenFromCommandLine(): string | undefined {
  // The seed took the token from the command line; the environment keeps it out of `ps` output.
  const token = process.env.TELEGRAM_BOT_TOKEN || process.argv[2];
  if (!token) {
    console.error(
      "Give the bot token: TELEGRAM_BOT_TOKEN=<token> (and TELEGRAM_API_ROOT=<url> for another Bot API server)",
    );
    process.exitCode = 2;
  }
  return token;
}

/** The API root from TELEGRAM_API_ROOT, as example options. */
function apiRootFromEnv(): { apiRoot?: string } {
  const apiRoot = process.env.TELEGRAM_API_ROOT || undefined;
  return apiRoot ? { apiRoot } : {};
}

/**
 * Starts a blocking example from the command line. Its bot handles updates whenever this thread
 * is idle, so the process simply keeps running until Ctrl-C.
 */
export function runBlockingMain<O extends ExampleOptions>(
  start: (token: string, options: O) => BlockingExample,
  extra: Omit<O, keyof ExampleOptions> = {} as Omit<O, keyof ExampleOptions>,
): void {
  const token = tokenFromCommandLine();
  if (!token) return;
  const running = start(token, { ...extra, ...apiRootFromEnv() } as O);
  let stopping = false;
  const stop = () => {
    stopping = true;
    console.log("Stopping ...");
    running.stop();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // The process ends by itself only when the loop gave up (e.g. a refused token, reported above).
  process.once("exit", () => {
    if (!stopping) {
      console.error("The bot stopped.");
      process.exitCode = 1;
    }
  });
  console.log("Listening ...");
}

/** Starts an example from the command line (token from TELEGRAM_BOT_TOKEN or the first argument). */
export async function runMain<O extends ExampleOptions>(
  start: (token: string, options: O) => Promise<RunningExample>,
  extra: Omit<O, keyof ExampleOptions> = {} as Omit<O, keyof ExampleOptions>,
): Promise<void> {
  const token = tokenFromCommandLine();
  if (!token) return;
  const options = { ...extra, ...apiRootFromEnv() } as O;
  let running: RunningExample;
  try {
    running = await start(token, options);
  } catch (error) {
    // Bot errors never carry the token, so the message is safe to show.
    console.error("Could not start:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log("Stopping ...");
    void running.stop();
  };
  // Installed before saying "Listening": a Ctrl-C from then on stops the bot gracefully.
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  if ("origin" in running) console.log(`Web server at ${String(running.origin)}`);
  console.log("Listening ...");
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

/** The webhook examples' settings from the environment: PORT (default 8443), LISTEN_HOST, WEBHOOK_URL. */
export function webhookEnv(): { port: number; host?: string; publicUrl?: string } {
  return {
    port: envPort("PORT", 8443),
    ...(process.env.LISTEN_HOST ? { host: process.env.LISTEN_HOST } : {}),
    ...(process.env.WEBHOOK_URL ? { publicUrl: process.env.WEBHOOK_URL } : {}),
  };
}

/** A duration in seconds from the environment variable `name`, or `fallback`. */
export function envSeconds(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const seconds = Number(text);
  if (!(seconds > 0))
    throw new RangeError(`${name} must be a number of seconds > 0, got ${JSON.stringify(text)}`);
  return seconds;
}
