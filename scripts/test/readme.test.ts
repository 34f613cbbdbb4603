// The root README as a tested tutorial: its code is exactly the regions of the files it names,
// every file and region it names exists, its links land on its headings, and the examples and
// apps link back to sections that exist.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  codeRegion,
  fileReader,
  markdownSection,
  type ReadSource,
  renderReadme,
  root,
  slug,
} from "../readme.ts";

const readme = readFileSync(join(root, "README.md"), "utf8");
const rendered = renderReadme(readme, fileReader());

/** The anchors of the README's headings, outside code fences. */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  let inFence = false;
  for (const line of markdown.split("\n")) {
    if (line.trimStart().startsWith("```")) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) found.add(slug(heading[1] ?? ""));
  }
  return found;
}

const headings = anchors(readme);

describe("the README", () => {
  it("names only files and regions that exist", () => {
    expect(rendered.errors).toEqual([]);
    expect(rendered.blocks.length).toBeGreaterThan(20);
  });

  it("shows exactly the current code of every region (./dev readme leaves it unchanged)", () => {
    expect(rendered.stale).toEqual([]);
    expect(rendered.text).toBe(readme);
  });

  it("draws its code from the examples and from docs/snippets, which have their tests", () => {
    const folders = new Set(rendered.blocks.map((b) => b.path.split("/").slice(0, 2).join("/")));
    expect(folders).toContain("examples/src");
    expect(folders).toContain("docs/snippets");
    expect(
      readdirSync(join(root, "docs", "test")).filter((f) => f.endsWith(".test.ts")).length,
    ).toBeGreaterThan(0);
  });

  it("keeps the top: the quick start's two commands, the packages, working on the project", () => {
    expect(readme).toContain("./dev demo   # run the demo");
    expect(readme).toContain("./dev test   # run all tests (what CI runs)");
    for (const section of ["quick-start", "packages", "working-on-the-project"])
      expect(headings).toContain(section);
  });

  it("has the tutorial's sections in telepot's order", () => {
    const order = [
      "installation",
      "the-basics",
      "inline-queries-and-the-answerer",
      "class-based-message-handling",
      "threads-of-conversation",
      "following-a-user",
      "inline-only-handlers",
      "async-and-blocking",
      "webhooks",
      "deep-linking",
      "example-apps",
      "the-emulator",
      "benchmarks",
      "delivery-guarantees",
      "coming-from-telepot-python",
    ];
    const seen = [...headings].filter((h) => order.includes(h));
    expect(seen).toEqual(order);
  });

  it("links only to its own headings and to files that exist", () => {
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "");
    for (const link of links) {
      if (/^https?:/.test(link)) continue;
      const [path, anchor] = link.split("#");
      if (path === "") {
        expect(headings, `link #${anchor}`).toContain(anchor);
      } else {
        expect(fileReader()(path ?? "") ?? readdirSync(join(root, path ?? "")), `link ${link}`).toBeDefined();
      }
    }
  });

  it("uses every readme-* region marked in the examples and docs/snippets", () => {
    const used = new Set(rendered.blocks.map((b) => b.ref));
    const marked: string[] = [];
    const scan = (dir: string) => {
      for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
        const path = `${dir}/${entry.name}`;
        if (entry.isDirectory()) scan(path);
        else if (entry.name.endsWith(".ts")) {
          const source = readFileSync(join(root, path), "utf8");
          for (const m of source.matchAll(/\/\/ #region readme-([\w-]+)/g)) marked.push(`${path}#${m[1]}`);
        }
      }
    };
    scan("examples/src");
    scan("docs/snippets");
    expect(marked.filter((ref) => !used.has(ref))).toEqual([]);
  });
});

describe("links back to the README", () => {
  it("every example names the README section it illustrates", () => {
    const dir = join(root, "examples", "src");
    const examples = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    expect(examples.length).toBeGreaterThanOrEqual(16);
    for (const file of examples) {
      const first = readFileSync(join(dir, file), "utf8").split("\n")[0] ?? "";
      const match = /^\/\/ Tutorial: \.\.\/\.\.\/README\.md#([\w-]+)$/.exec(first);
      expect(match?.[1], `${file}: first line ${JSON.stringify(first)}`).toBeDefined();
      expect(headings, file).toContain(match?.[1]);
    }
  });

  it("every app's README links to a README section", () => {
    const apps = readdirSync(join(root, "apps"));
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      const text = readFileSync(join(root, "apps", app, "README.md"), "utf8");
      const match = /\]\(\.\.\/\.\.\/README\.md#([\w-]+)\)/.exec(text.split("\n").slice(0, 5).join("\n"));
      expect(match?.[1], app).toBeDefined();
      expect(headings, app).toContain(match?.[1]);
    }
  });
});

describe("snippet extraction", () => {
  const files: Record<string, string> = {
    "a.ts": [
      "import x from 'x';",
      "function f() {",
      "  // #region readme-body",
      "  const a = 1;",
      "  // #region other",
      "  const b = 2;",
      "  // #endregion",
      "",
      "  return a + b;",
      "  // #endregion",
      "}",
      "// #region readme-open",
      "const c = 3;",
    ].join("\n"),
    "b.md":
      "# Title\n\nintro\n\n## Start it\n\n```sh\n# not a heading\nrun\n```\n\nmore\n\n### Deeper\n\nstill in\n\n## Next\n\nout\n",
  };
  const read: ReadSource = (path) => files[path];

  it("takes a region's lines, dedented, without nested markers", () => {
    expect(codeRegion(files["a.ts"] ?? "", "body")).toEqual([
      "const a = 1;",
      "const b = 2;",
      "",
      "return a + b;",
    ]);
  });

  it("reports a missing or unclosed region", () => {
    expect(codeRegion(files["a.ts"] ?? "", "nope")).toBe('no "// #region readme-nope"');
    expect(codeRegion(files["a.ts"] ?? "", "open")).toBe('region readme-open has no "// #endregion"');
  });

  it("takes a Markdown section up to the next heading of its level, ignoring # in fences", () => {
    expect(markdownSection(files["b.md"] ?? "", "start-it")).toEqual([
      "```sh",
      "# not a heading",
      "run",
      "```",
      "",
      "more",
      "",
      "### Deeper",
      "",
      "still in",
    ]);
    expect(markdownSection(files["b.md"] ?? "", "gone")).toBe('no heading "gone"');
  });

  it("fills a block with a fence naming the file, and reports it stale until then", () => {
    const before = "text\n<!-- snippet: a.ts#body -->\nold\n<!-- /snippet -->\nafter";
    const first = renderReadme(before, read);
    expect(first.errors).toEqual([]);
    expect(first.stale).toEqual(["a.ts#body"]);
    expect(first.text).toBe(
      [
        "text",
        "<!-- snippet: a.ts#body -->",
        "```ts",
        "// a.ts",
        "const a = 1;",
        "const b = 2;",
        "",
        "return a + b;",
        "```",
        "",
        "<!-- /snippet -->",
        "after",
      ].join("\n"),
    );
    const second = renderReadme(first.text, read);
    expect(second.stale).toEqual([]);
    expect(second.text).toBe(first.text);
  });

  it("indents a block inside a list item, and includes Markdown as it is", () => {
    const text = "- item\n\n  <!-- snippet: b.md#next -->\n  <!-- /snippet -->\n";
    expect(renderReadme(text, read).text).toBe(
      "- item\n\n  <!-- snippet: b.md#next -->\n  out\n\n  <!-- /snippet -->\n",
    );
  });

  it("reports missing files and regions, unclosed blocks and stray markers, keeping the text", () => {
    const text = [
      "<!-- snippet: gone.ts#x -->",
      "kept",
      "<!-- /snippet -->",
      "<!-- snippet: a.ts#nope -->",
      "<!-- /snippet -->",
      "<!-- snippet: a.ts#body -->",
      "<!-- snippet: a.ts#body -->",
      "<!-- /snippet -->",
      "<!-- /snippet -->",
    ].join("\n");
    const result = renderReadme(text, read);
    expect(result.errors).toEqual([
      "README.md:1: gone.ts does not exist",
      'README.md:4: a.ts: no "// #region readme-nope"',
      'README.md:6: snippet a.ts has no "<!-- /snippet -->"',
      'README.md:9: stray "<!-- /snippet -->"',
    ]);
    expect(result.text.split("\n").slice(0, 3)).toEqual(text.split("\n").slice(0, 3));
  });

  it("makes GitHub's anchors", () => {
    expect(slug("Coming from telepot (Python)")).toBe("coming-from-telepot-python");
    expect(slug("Class-based message handling")).toBe("class-based-message-handling");
    expect(slug("Quickly glance at a message")).toBe("quickly-glance-at-a-message");
  });
});

describe("scripts/readme.ts", () => {
  it("answers --help with its usage and an unknown argument with an error, leaving README.md alone", () => {
    const path = join(root, "README.md");
    const before = statSync(path).mtimeMs;
    const run = (arg: string) =>
      spawnSync(process.execPath, [join(root, "scripts/readme.ts"), arg], {
        encoding: "utf8",
        timeout: 60_000,
      });
    const help = run("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("usage: node scripts/readme.ts [--check]");
    const wrong = run("--chek");
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("unknown argument --chek");
    expect(statSync(path).mtimeMs).toBe(before);
  });
});
