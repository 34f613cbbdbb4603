// A program importing one function from @telepot/core must get that function and what it uses,
// not the whole package: bundle single imports from the built ESM (dist/index.js, what a bundler
// sees) with esbuild, and check the minified size and the absence of unrelated code. Needs
// `build` first (turbo runs it before this package's tests).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));

/** The minified bundle of a program that imports `imports` from core's dist and logs `use`. */
async function bundle(imports: string, use: string): Promise<string> {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build @telepot/core first`);
  const result = await build({
    stdin: {
      contents: `import ${imports} from ${JSON.stringify(entry)};\nconsole.log(${use});\n`,
      resolveDir: fileURLToPath(new URL(".", import.meta.url)),
      loader: "js",
    },
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    minify: true,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

// Text that survives minification and marks one part of the package.
const MARKS = {
  /** The generated method table (METHODS): one of its entries in the JSON text it is parsed from. */
  methods: '"sendMessage": { "required":',
  /** The conversation layer: the engine's error report, a listener's error, a handler's error. */
  conversation: ["failed (", "The listener captures nothing", "A ChatHandler needs a chat id"],
  /** Content-type analysis (CONTENT_TYPES). */
  contentTypes: '"video_chat_participants_invited"',
  /** The request encoder. */
  encoder: "attach://",
};

/** Whether `code` contains `mark` (a boolean, so a failure does not print the whole bundle). */
function has(code: string, mark: string): boolean {
  return code.includes(mark);
}

function conversationIn(code: string): string[] {
  return MARKS.conversation.filter((mark) => code.includes(mark));
}

describe("tree-shaking of @telepot/core's dist", () => {
  it("the whole package is tens of kilobytes (so the bounds below are meaningful)", async () => {
    const code = await bundle("* as core", "core");
    expect(code.length).toBeGreaterThan(30_000);
    expect(has(code, MARKS.methods)).toBe(true);
    expect(conversationIn(code)).toEqual(MARKS.conversation);
  });

  it("isInputFileLike alone is tiny: InputFile and nothing else", async () => {
    const code = await bundle("{ isInputFileLike }", "isInputFileLike");
    expect(code.length).toBeLessThan(1_500);
    expect(has(code, "telepot.InputFile")).toBe(true);
    expect(has(code, MARKS.methods)).toBe(false);
    expect(has(code, MARKS.encoder)).toBe(false);
    expect(conversationIn(code)).toEqual([]);
  });

  it("a constant alone is just the constant", async () => {
    const code = await bundle("{ API_VERSION }", "API_VERSION");
    expect(code.length).toBeLessThan(100);
  });

  it("glance holds flavor and content-type analysis, no conversation code and no method table", async () => {
    const code = await bundle("{ glance }", "glance");
    expect(code.length).toBeLessThan(6_000);
    expect(has(code, MARKS.contentTypes)).toBe(true);
    expect(has(code, MARKS.methods)).toBe(false);
    expect(conversationIn(code)).toEqual([]);
  });

  it("the Delegator engine does not pull the method table or the ready-made handlers", async () => {
    const code = await bundle("{ Delegator }", "Delegator");
    expect(code.length).toBeLessThan(4_000);
    expect(has(code, MARKS.methods)).toBe(false);
    expect(has(code, "A ChatHandler needs a chat id")).toBe(false);
  });

  it("ChatHandler brings the method table it binds to (Sender)", async () => {
    const code = await bundle("{ ChatHandler }", "ChatHandler");
    expect(has(code, MARKS.methods)).toBe(true);
    expect(has(code, "A ChatHandler needs a chat id")).toBe(true);
  });
});
