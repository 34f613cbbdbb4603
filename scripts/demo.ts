// `./dev demo`: the emulator with its web chat, and the four example apps (emodi, chatbox, guess,
// tracker) connected to it, each started as its own process exactly as it would be deployed
// (`node apps/<name>/src/main.ts` with TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT). Prints the URL to
// open; Ctrl-C (or SIGTERM) stops the apps gracefully, then the emulator.
//
// Child processes rather than in-process bots: the demo then runs the same entry points, config
// and shutdown path a deployment runs, an app that crashes cannot take the others down, and each
// app's logs stay its own. The apps run in their own process groups, so a Ctrl-C reaches only this
// launcher, which stops each app with one SIGTERM.
//
// Non-interactive use: `DEMO_EXIT_AFTER=<seconds>` stops by itself; `DEMO_PORT` picks the port
// (default 8080, or a free one when it is taken); tests import startDemo().
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BotHandle, type Emulator, start, type UserHandle } from "@telepot/emulator";
import { AppProcess, type Exit, type LogLine } from "@telepot/service/testing";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The apps of the demo, in the order they are listed. */
export const APPS = ["emodi", "chatbox", "guess", "tracker"] as const;

/** One of the demo's apps. */
export type AppName = (typeof APPS)[number];

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** The emulator's port (0: a free one). Default 8080, or a free one when 8080 is taken. */
  readonly port?: number;
  /** Receives the human-readable output (default: stdout); null for none. */
  readonly print?: ((line: string) => void) | null;
  /** Extra environment for every app (e.g. short timeouts in tests). */
  readonly env?: Readonly<Record<string, string>>;
}

/** A running demo. */
export interface Demo {
  /** The web chat's address: open it in a browser. */
  readonly webUrl: string;
  readonly emulator: Emulator;
  /** The bots, by app. */
  readonly bots: Readonly<Record<AppName, BotHandle>>;
  /** The demo's people: Alice, and the chatbox's owner. */
  readonly users: { readonly alice: UserHandle; readonly owner: UserHandle };
  /** The app processes, by app. */
  readonly apps: Readonly<Record<AppName, AppProcess>>;
  /** Stops the apps gracefully (SIGTERM; SIGKILL after 15 s), then the emulator. Returns how each app exited. */
  stop(): Promise<Record<AppName, Exit>>;
}

const BOT_NAMES: Record<AppName, { username: string; firstName: string }> = {
  emodi: { username: "emodi_bot", firstName: "Emodi" },
  chatbox: { username: "chatbox_bot", firstName: "Chatbox" },
  guess: { username: "guess_bot", firstName: "Guess a number" },
  tracker: { username: "tracker_bot", firstName: "User tracker" },
};

/** What each bot is for, shown at start. */
const HINTS: Record<AppName, string> = {
  emodi: "send any text or emoji: get its Unicode escapes and emoji names; press an emoji button",
  chatbox: "write to it as Alice; switch to Owner and send /unread, /next",
  guess: "send anything to start, then guess 0-99",
  tracker: "type '@tracker_bot ' in any chat for an inline answer; counts appear in the log",
};

/** A log line as one short human-readable line: `guess    game started chat=42`. */
export function formatLine(app: string, line: LogLine): string {
  const { time, level, msg, app: _app, ...fields } = line;
  const clock = typeof time === "string" ? time.slice(11, 19) : "        ";
  const extra = Object.entries(fields)
    .map(([k, v]) => {
      if (v && typeof v === "object" && "message" in v)
        return `${k}=${String((v as { message: unknown }).message)}`;
      return `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`;
    })
    .join(" ");
  const mark = level === "error" ? "ERROR " : level === "warn" ? "warn " : "";
  return `${clock} ${app.padEnd(8)} ${mark}${msg}${extra ? ` ${extra}` : ""}`;
}

async function startEmulator(port: number | undefined): Promise<Emulator> {
  // The driver (for tests that use the demo) waits up to 10 s for a bot: a loaded machine is slow.
  if (port !== undefined) return start({ port, driverTimeoutMs: 10_000 });
  try {
    return await start({ port: 8080, driverTimeoutMs: 10_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    return start({ port: 0, driverTimeoutMs: 10_000 });
  }
}

/** Starts the emulator and the four apps; resolves once every app receives updates. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const print = options.print === null ? () => {} : (options.print ?? ((l: string) => console.log(l)));
  const emulator = await startEmulator(options.port);
  const { driver } = emulator;
  const bots = Object.fromEntries(
    APPS.map((app) => [
      app,
      driver.createBot({ ...BOT_NAMES[app], ...(app === "tracker" ? { inlineFeedback: true } : {}) }),
    ]),
  ) as Record<AppName, BotHandle>;
  const alice = driver.createUser({ firstName: "Alice" });
  const owner = driver.createUser({ firstName: "Owner" });

  const apps = {} as Record<AppName, AppProcess>;
  for (const app of APPS) {
    apps[app] = AppProcess.start(
      join(ROOT, "apps", app, "src", "main.ts"),
      {
        NODE_ENV: "production",
        TELEGRAM_BOT_TOKEN: bots[app].token,
        TELEGRAM_API_ROOT: emulator.apiRoot,
        CHATBOX_OWNER_ID: String(owner.id),
        CHATBOX_DB: ":memory:",
        // Each demo starts a fresh emulator, whose update ids start again at 1: a file kept from an
        // earlier run would take them for updates it already handled.
        GUESS_DB: ":memory:",
        ...options.env,
      },
      { cwd: ROOT, detached: true, timeout: 15_000, onLine: (line) => print(formatLine(app, line)) },
    );
  }
  let stopping: Promise<Record<AppName, Exit>> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const codes = await Promise.all(
        APPS.map(async (app) => {
          const kill = setTimeout(() => void apps[app].kill(), 15_000);
          const exit = await apps[app].stop();
          clearTimeout(kill);
          return [app, exit] as const;
        }),
      );
      await emulator.close();
      return Object.fromEntries(codes) as Record<AppName, Exit>;
    })();
    return stopping;
  };
  try {
    await Promise.all(APPS.map((app) => apps[app].ready()));
  } catch (error) {
    await stop();
    throw error;
  }
  return { webUrl: emulator.webUrl, emulator, bots, users: { alice, owner }, apps, stop };
}

async function main(): Promise<void> {
  const portText = process.env.DEMO_PORT?.trim();
  const exitAfter = Number(process.env.DEMO_EXIT_AFTER ?? "0");
  const port = portText ? Number(portText) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    console.error(`DEMO_PORT must be a port number, got ${JSON.stringify(portText)}`);
    process.exitCode = 2;
    return;
  }
  // Signals are caught from the start: a Ctrl-C while the apps start up stops them once they are up.
  let demo: Demo | undefined;
  let requested: string | undefined;
  let finishing: Promise<void> | undefined;
  const finish = (why: string): Promise<void> => {
    requested ??= why;
    if (demo === undefined) return Promise.resolve();
    const running = demo;
    finishing ??= (async () => {
      console.log(`\ntelepot demo: ${why}, stopping the apps...`);
      const exits = await running.stop();
      const failed = APPS.filter((app) => exits[app].code !== 0);
      const how = (e: Exit) => (e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`);
      console.log(
        failed.length === 0
          ? "telepot demo: stopped."
          : `telepot demo: stopped; ${failed.map((a) => `${a} ${how(exits[a])}`).join(", ")}`,
      );
      if (failed.length > 0) process.exitCode = 1;
    })();
    return finishing;
  };
  process.on("SIGINT", () => void finish("Ctrl-C"));
  process.on("SIGTERM", () => void finish("SIGTERM"));
  // Last resort if the launcher itself fails: the apps run in their own process groups, so tell them.
  process.on("exit", () => {
    for (const app of APPS) void demo?.apps[app].signal("SIGTERM");
  });

  demo = await startDemo(port === undefined ? {} : { port });
  const lines = [
    "",
    `telepot demo: open ${demo.webUrl} in a browser and chat with the bots (no Telegram account needed).`,
    "",
    ...APPS.map((app) => `  @${demo?.bots[app].username.padEnd(12)} ${HINTS[app]}`),
    "",
    `  You are Alice; pick "Owner" at the top to read the chatbox. API root: ${demo.emulator.apiRoot}`,
    "  Press Ctrl-C to stop.",
    "",
  ];
  console.log(lines.join("\n"));
  if (requested !== undefined) await finish(requested);
  if (exitAfter > 0) setTimeout(() => void finish(`DEMO_EXIT_AFTER=${exitAfter}`), exitAfter * 1000).unref();
  const exit = await Promise.race(APPS.map((app) => demo.apps[app].exited));
  if (requested !== undefined) return;
  // An app died by itself: say so and stop the rest, rather than leave a half demo running.
  console.error(`telepot demo: an app exited unexpectedly (${JSON.stringify(exit)}); stopping.`);
  await finish("an app exited");
  process.exitCode = 1;
}

if (import.meta.main) await main();
