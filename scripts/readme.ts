// `./dev readme`: fills the root README's snippets from the files they come from, so that every
// piece of code the README shows is code that compiles and runs under test.
//
// A snippet in the README is
//   <!-- snippet: examples/src/counter.ts#counter -->
//   ...body, rewritten by this script...
//   <!-- /snippet -->
// The reference is a path from the repository root and, for a code file, the name of a region in
// it: the lines between `// #region readme-<name>` and its `// #endregion`, shown in a fence. For a
// Markdown file the name is a heading's slug and the body is that section, as it stands. Without a
// `#name` the whole file is shown in a fence.
//
//   node scripts/readme.ts           rewrite README.md
//   node scripts/readme.ts --check   fail (exit 1) if README.md is not what a rewrite would give
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A snippet block found in the README. */
export interface SnippetBlock {
  /** The reference as written: `path` or `path#region`. */
  readonly ref: string;
  /** The file, relative to the repository root. */
  readonly path: string;
  /** The region (or heading slug), if any. */
  readonly region: string | undefined;
  /** 1-based line of the opening marker in the README. */
  readonly line: number;
}

/** What a render produced: the new README text, the blocks seen, the stale ones and the problems found. */
export interface RenderResult {
  /** The README with every snippet body rewritten. */
  readonly text: string;
  /** Every snippet block, in order. */
  readonly blocks: readonly SnippetBlock[];
  /** The references of the blocks whose body changed. */
  readonly stale: readonly string[];
  /** Missing files or regions, unclosed blocks; their blocks are left as they were. */
  readonly errors: readonly string[];
}

/** Reads a file relative to the repository root; undefined if it does not exist. */
export type ReadSource = (path: string) => string | undefined;

const OPEN = /^( *)<!-- snippet: (\S+?)(?:#([\w-]+))? -->$/;
const CLOSE = "<!-- /snippet -->";
const REGION_START = /^\s*\/\/ #region readme-([\w-]+)\s*$/;
const REGION_ANY_START = /^\s*\/\/ #region\b/;
const REGION_END = /^\s*\/\/ #endregion\b/;

/** The fence language for a file, by extension. */
function fenceLanguage(path: string): string {
  const ext = extname(path).slice(1);
  return ({ ts: "ts", js: "js", sh: "sh", json: "json", txt: "text" } as Record<string, string>)[ext] ?? "";
}

/** Removes the indentation that every non-blank line shares. */
function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => l.slice(cut));
}

/**
 * The lines of region `name` in a code file (markers of other regions inside it left out), or an
 * error message.
 */
export function codeRegion(source: string, name: string): string[] | string {
  const lines = source.split("\n");
  const start = lines.findIndex((l) => REGION_START.exec(l)?.[1] === name);
  if (start < 0) return `no "// #region readme-${name}"`;
  const body: string[] = [];
  let depth = 1;
  for (const line of lines.slice(start + 1)) {
    if (REGION_ANY_START.test(line)) {
      depth += 1;
      continue;
    }
    if (REGION_END.test(line)) {
      depth -= 1;
      if (depth === 0) return dedent(body);
      continue;
    }
    body.push(line);
  }
  return `region readme-${name} has no "// #endregion"`;
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to dashes. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The section under the heading whose slug is `name` (up to the next heading of its level or higher). */
export function markdownSection(source: string, name: string): string[] | string {
  const lines = source.split("\n");
  let inFence = false;
  let level = 0;
  let body: string[] | undefined;
  for (const line of lines) {
    if (line.startsWith("```")) inFence = !inFence;
    const heading = inFence ? null : /^(#{1,6})\s+(.*)$/.exec(line);
    if (body !== undefined) {
      if (heading && (heading[1] ?? "").length <= level) break;
      body.push(line);
    } else if (heading && slug(heading[2] ?? "") === name) {
      level = (heading[1] ?? "").length;
      body = [];
    }
  }
  if (body === undefined) return `no heading "${name}"`;
  while (body.length > 0 && body[0]?.trim() === "") body.shift();
  while (body.length > 0 && body[body.length - 1]?.trim() === "") body.pop();
  return body;
}

/** The body a snippet block should have, or an error message. */
export function snippetBody(block: SnippetBlock, read: ReadSource): string | { error: string } {
  const source = read(block.path);
  if (source === undefined) return { error: `${block.path} does not exist` };
  const isMarkdown = extname(block.path) === ".md";
  let lines: string[] | string;
  if (block.region === undefined) lines = source.replace(/\n$/, "").split("\n");
  else if (isMarkdown) lines = markdownSection(source, block.region);
  else lines = codeRegion(source, block.region);
  if (typeof lines === "string") return { error: `${block.path}: ${lines}` };
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === "") lines.pop();
  if (lines.length === 0) return { error: `${block.ref} is empty` };
  if (isMarkdown) return `\n${lines.join("\n")}\n\n`;
  const language = fenceLanguage(block.path);
  // Code starts with a comment naming its file, where the reader finds its imports and context.
  if (language === "ts" || language === "js") lines.unshift(`// ${block.path}`);
  return `\n\`\`\`${language}\n${lines.join("\n")}\n\`\`\`\n\n`;
}

/** Rewrites every snippet block of `readme`; problems are collected, their blocks left as they were. */
export function renderReadme(readme: string, read: ReadSource): RenderResult {
  const lines = readme.split("\n");
  const out: string[] = [];
  const blocks: SnippetBlock[] = [];
  const errors: string[] = [];
  const stale: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    out.push(line);
    const open = OPEN.exec(line);
    if (!open) {
      const trimmed = line.trim();
      if (trimmed.startsWith("<!-- snippet") || trimmed === CLOSE) {
        errors.push(`README.md:${i + 1}: stray "${trimmed}"`);
      }
      continue;
    }
    // An indented block (inside a list item) keeps its indentation on every line.
    const indent = open[1] ?? "";
    const close = lines.findIndex((l, j) => j > i && l === indent + CLOSE);
    const nextOpen = lines.findIndex((l, j) => j > i && OPEN.test(l));
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      errors.push(`README.md:${i + 1}: snippet ${open[2]} has no "${indent + CLOSE}"`);
      continue;
    }
    const path = open[2] ?? "";
    const region = open[3];
    const block: SnippetBlock = { ref: region ? `${path}#${region}` : path, path, region, line: i + 1 };
    blocks.push(block);
    const body = snippetBody(block, read);
    if (typeof body === "string") {
      const fresh = body
        .slice(1, -1)
        .split("\n")
        .map((l) => (l === "" ? l : indent + l));
      if (fresh.join("\n") !== lines.slice(i + 1, close).join("\n")) stale.push(block.ref);
      out.push(...fresh);
    } else {
      errors.push(`README.md:${i + 1}: ${body.error}`);
      out.push(...lines.slice(i + 1, close));
    }
    out.push(indent + CLOSE);
    i = close;
  }
  return { text: out.join("\n"), blocks, stale, errors };
}

/** Reads files of the repository (or of another root, for tests). */
export function fileReader(base = root): ReadSource {
  return (path) => {
    try {
      return readFileSync(join(base, path), "utf8");
    } catch {
      return undefined;
    }
  };
}

const USAGE = `usage: node scripts/readme.ts [--check]
  (no option)  rewrite README.md's snippets from their files
  --check      exit 1 if README.md is not what a rewrite would give`;

function main(args: readonly string[]): number {
  // Anything but --check is a mistake: say how to use it rather than rewrite the README.
  const unknown = args.filter((arg) => arg !== "--check");
  if (unknown.length > 0) {
    const help = unknown.includes("--help") || unknown.includes("-h");
    (help ? console.log : console.error)(help ? USAGE : `unknown argument ${unknown[0]}\n${USAGE}`);
    return help ? 0 : 2;
  }
  const check = args.includes("--check");
  const readmePath = join(root, "README.md");
  const current = readFileSync(readmePath, "utf8");
  const { text, blocks, stale, errors } = renderReadme(current, fileReader());
  for (const error of errors) console.error(error);
  if (errors.length > 0) return 1;
  if (text === current) {
    console.log(`README.md is up to date (${blocks.length} snippets)`);
    return 0;
  }
  if (check) {
    console.error(`README.md is out of date with its snippets (${stale.join(", ")}): run \`./dev readme\``);
    return 1;
  }
  writeFileSync(readmePath, text);
  console.log(`README.md rewritten (${blocks.length} snippets)`);
  return 0;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
