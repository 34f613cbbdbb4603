// The command-line front end of the emulator, as a function (the bin script cli.ts calls it).
import { parseArgs } from "node:util";
import { type Emulator, start } from "./emulator.js";

const HELP = `Usage: telepot-emulator [options]
  --port <n>          port to listen on (default 8081; 0 picks a free one)
  --host <addr>       interface (default 127.0.0.1)
  --bot <name[=token]> create a bot (repeatable); a token keeps its id and token across runs
  --user <first name> create a user for the web chat (repeatable)
  --persist <file>    keep the state in this JSON file
  --rate-limits       enforce Telegram's flood limits (429 with retry_after)
  --quiet             do not log API calls
  --help              show this text`;

/**
 * Runs the CLI with `argv` (without node and the script): starts the emulator and prints where it
 * listens. Returns the running emulator (undefined for --help); `print` receives the output.
 */
export async function main(
  argv: string[],
  print: (line: string) => void = console.log,
): Promise<Emulator | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "8081" },
      host: { type: "string", default: "127.0.0.1" },
      bot: { type: "string", multiple: true, default: [] },
      user: { type: "string", multiple: true, default: [] },
      persist: { type: "string" },
      "rate-limits": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    print(HELP);
    return undefined;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${values.port}`);
  const emu = await start({
    port,
    host: values.host,
    rateLimits: values["rate-limits"],
    ...(values.persist ? { persist: values.persist } : {}),
    ...(values.quiet ? {} : { log: print }),
  });
  const world = emu.runtime.world;
  try {
    for (const spec of values.bot) {
      const [username = "", token] = spec.split("=");
      if (!world.botByUsername(username)) world.createBot({ username, ...(token ? { token } : {}) });
    }
    for (const first of values.user) {
      if (![...world.users.values()].some((u) => u.user.first_name === first))
        world.createUser({ firstName: first });
    }
  } catch (e) {
    await emu.close();
    throw e;
  }
  print(`telepot emulator listening: API root ${emu.apiRoot}, web chat ${emu.webUrl}`);
  // The bots' tokens are printed on purpose: they are the emulator's own, and the only way to
  // learn the token of a bot created by --bot without one.
  for (const bot of world.bots.values()) print(`  bot @${bot.user.username} token ${bot.token}`);
  // A user's id is also the chat id of their private chat with a bot: bot.sendMessage(<id>, ...).
  for (const { user } of world.users.values()) {
    const handle = user.username ? ` @${user.username}` : "";
    print(`  user ${user.first_name}${handle} id ${user.id} (the chat id of their private chat with a bot)`);
  }
  return emu;
}
