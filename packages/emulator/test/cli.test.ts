// The command line: options create bots with known tokens and users; bad options fail clearly.
import { expect, it } from "vitest";
import { main } from "../src/cli-main.js";
import { ok } from "./helpers.js";

it("starts with bots and users from the options and prints where it listens", async () => {
  const lines: string[] = [];
  const emu = await main(
    [
      "--port",
      "0",
      "--bot",
      "known_bot=123456:AAknownTokenForTests",
      "--bot",
      "fresh_bot",
      "--user",
      "Alice",
      "--quiet",
    ],
    (l) => lines.push(l),
  );
  if (!emu) throw new Error("no emulator");
  try {
    expect(lines[0]).toBe(`telepot emulator listening: API root ${emu.apiRoot}, web chat ${emu.webUrl}`);
    expect(lines[1]).toBe("  bot @known_bot token 123456:AAknownTokenForTests");
    expect(lines[2]).toMatch(/^ {2}bot @fresh_bot token \d+:[A-Za-z0-9_-]{35}$/);
    const alice = [...emu.runtime.world.users.values()][0]?.user;
    expect(lines[3]).toBe(`  user Alice id ${alice?.id} (the chat id of their private chat with a bot)`);
    expect(await ok(emu, "123456:AAknownTokenForTests", "getMe")).toMatchObject({
      id: 123456,
      username: "known_bot",
    });
    expect([...emu.runtime.world.users.values()].map((u) => u.user.first_name)).toEqual(["Alice"]);
  } finally {
    await emu.close();
  }
});

it("prints help and refuses a bad port", async () => {
  const lines: string[] = [];
  expect(await main(["--help"], (l) => lines.push(l))).toBeUndefined();
  expect(lines[0]).toContain("Usage: telepot-emulator");
  await expect(main(["--port", "http"])).rejects.toThrow("--port must be 0-65535, got http");
  await expect(main(["--colour"])).rejects.toThrow("Unknown option '--colour'");
  await expect(main(["--port", "0", "--bot", "no-suffix", "--quiet"])).rejects.toThrow(
    'bad bot username "no-suffix"',
  );
});
