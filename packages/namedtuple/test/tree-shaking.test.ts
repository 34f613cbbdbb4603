// Importing one builder must not pull in the others: bundle a one-builder program with esbuild and
// look for the names of builders it does not use.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { BUILDER_NAMES } from "../src/generated/builders.js";

const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url));

/** The bundled output of a program that imports `names` from the package and uses them. */
async function bundle(names: string[], use: string): Promise<string> {
  return (await bundleWithSizes(`{ ${names.join(", ")} }`, use)).code;
}

/** The bundle of a program importing `imports` and logging `use`, with the bytes each source file kept. */
async function bundleWithSizes(
  imports: string,
  use: string,
): Promise<{ code: string; bytes: Map<string, number> }> {
  const result = await build({
    stdin: {
      contents: `import ${imports} from ${JSON.stringify(entry)};\nconsole.log(${use});\n`,
      resolveDir: fileURLToPath(new URL(".", import.meta.url)),
      loader: "js",
    },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    logLevel: "silent",
    metafile: true,
  });
  const bytes = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs))
      bytes.set(path.replace(/^.*\/src\//, "src/"), input.bytesInOutput);
  }
  return { code: result.outputFiles[0]?.text ?? "", bytes };
}

/**
 * The builders a bundle contains: each is made by a call `builder("Name", {constants}, "rules")`.
 * (Looking for the bare name would also find it in other packages' tables, such as the method
 * table of @telepot/core, which names result types.)
 */
const namesIn = (code: string) =>
  BUILDER_NAMES.filter((name) => new RegExp(`\\(\\s*"${name}",\\s*\\{`).test(code));

describe("tree-shaking", () => {
  it("keeps only the builder a program imports", async () => {
    const code = await bundle(
      ["InlineQueryResultArticle"],
      'InlineQueryResultArticle({ id: "1", title: "t", input_message_content: {} })',
    );
    expect(namesIn(code)).toEqual(["InlineQueryResultArticle"]);
    expect(code).not.toContain("InlineKeyboard");
  });

  it("keeps a few hundred bytes of the generated file for one builder, all of it for a namespace import", async () => {
    const one = await bundleWithSizes("{ ReactionTypeEmoji }", 'ReactionTypeEmoji({ emoji: "👍" })');
    const all = await bundleWithSizes("* as N", "N");
    const generated = "src/generated/builders.ts";
    expect(one.bytes.get(generated)).toBeLessThan(1000);
    expect(all.bytes.get(generated)).toBeGreaterThan(40 * (one.bytes.get(generated) ?? 0));
  });

  it("keeps what a keyboard helper uses and nothing else", async () => {
    const code = await bundle(["ReplyKeyboardMarkup"], 'ReplyKeyboardMarkup([["Yes"]])');
    expect(namesIn(code).sort()).toEqual(["KeyboardButton", "ReplyKeyboardMarkup"]);
    expect(code).not.toContain("switchInlineCurrentChat");
  });

  it("keeps what a program uses, the fluent keyboard included", async () => {
    const code = await bundle(
      ["InlineQueryResultPhoto", "InlineKeyboardMarkup"],
      "InlineQueryResultPhoto, InlineKeyboardMarkup",
    );
    expect(namesIn(code)).toContain("InlineQueryResultPhoto");
    expect(code).toContain("switchInlineCurrentChat");
  });
});
