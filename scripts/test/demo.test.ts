// The demo: the emulator and the four apps as child processes; every bot answers through the
// emulator, and the launcher stops everything cleanly (programmatically, on Ctrl-C, and by itself).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APPS, type Demo, startDemo } from "../demo.ts";

const DEMO = fileURLToPath(new URL("../demo.ts", import.meta.url));

describe("startDemo", () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo({ port: 0, print: null });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it("connects the four apps to the emulator; each bot answers", async () => {
    const { bots, users } = demo;
    const { alice, owner } = users;
    alice.send(bots.emodi, "👍🏽");
    expect((await alice.nextMessage(bots.emodi)).text).toBe(
      "\\U0001f44d\\U0001f3fd\n\n👍🏽 thumbs up: medium skin tone",
    );
    alice.send(bots.guess, "hi");
    expect((await alice.nextMessage(bots.guess)).text).toBe("Guess my number");
    alice.send(bots.chatbox, "a note for the owner");
    expect((await alice.nextMessage(bots.chatbox)).text).toBe("Hello!");
    owner.send(bots.chatbox, "/unread");
    expect((await owner.nextMessage(bots.chatbox)).text).toBe(`ID: ${alice.id}\n1 unread`);
    const answer = await alice.inlineQuery(bots.tracker, "hi");
    expect(answer.results.map((r) => r.title)).toEqual(["ABC"]);
    const page = await fetch(demo.webUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
  });

  it("stops every app gracefully, then the emulator", async () => {
    const exits = await demo.stop();
    for (const app of APPS) expect(exits[app], app).toEqual({ code: 0, signal: null });
    expect(demo.apps.chatbox.lines.map((l) => l.msg)).toContain("stopped");
    await expect(fetch(demo.webUrl)).rejects.toThrow();
  });
});

/** Runs `node scripts/demo.ts`; resolves with its output once `until` appears in it. */
function runDemo(env: Record<string, string>) {
  const child = spawn(process.execPath, [DEMO], {
    env: { ...process.env, DEMO_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters: (() => void)[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      output += chunk;
      for (const w of waiters) w();
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const seen = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => output.includes(text) && resolve();
      waiters.push(check);
      check();
      void exited.then(() => (output.includes(text) ? resolve() : reject(new Error(output))));
    });
  return { child, exited, seen, output: () => output };
}

describe("the demo command", () => {
  it("prints the URL to open and stops cleanly on Ctrl-C (SIGINT)", async () => {
    const demo = runDemo({});
    await demo.seen("Press Ctrl-C to stop.");
    const url = /open (http:\/\/127\.0\.0\.1:\d+\/) in a browser/.exec(demo.output())?.[1];
    expect(url).toBeDefined();
    expect((await fetch(url as string)).status).toBe(200);
    demo.child.kill("SIGINT");
    expect(await demo.exited).toBe(0);
    expect(demo.output()).toContain("telepot demo: stopped.");
    for (const app of APPS) expect(demo.output()).toMatch(new RegExp(`${app} +stopped`));
    await expect(fetch(url as string)).rejects.toThrow();
  });

  it("runs non-interactively with DEMO_EXIT_AFTER", async () => {
    const demo = runDemo({ DEMO_EXIT_AFTER: "0.5" });
    expect(await demo.exited).toBe(0);
    expect(demo.output()).toContain("telepot demo: DEMO_EXIT_AFTER=0.5, stopping the apps...");
    expect(demo.output()).toContain("telepot demo: stopped.");
  });
});
