// The generator's guard and the upgrade tool: a spec the emitters cannot read is refused with the
// place named (nothing is generated from it), and `gen:diff` reports what a new spec changes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diffMarkdown, diffSpecs } from "../codegen/diff.ts";
import { generate, root, specPath } from "../codegen/main.ts";
import { apiVersion, findSpec, loadSpec, type Spec, SpecError, specProblems } from "../codegen/spec.ts";

const fixtures = join(import.meta.dirname, "fixtures");
const oldSpec = loadSpec(join(fixtures, "spec-old.json"));
const newSpec = loadSpec(join(fixtures, "spec-new.json"));

/** A copy of the new fixture spec, changed by `edit`. */
function edited(edit: (spec: Spec) => void): Spec {
  const copy = structuredClone(newSpec);
  edit(copy);
  return copy;
}

describe("the spec the repository builds from", () => {
  it("is the one spec/api-<version>.json, and the generated API_VERSION is its version", () => {
    const path = specPath();
    expect(path).toBe(findSpec(join(root, "spec")));
    const meta = generate(path)["packages/core/src/generated/meta.ts"] as string;
    expect(meta).toContain(`export const API_VERSION = "${apiVersion(loadSpec(path))}";`);
  });

  it("must be alone: two spec files are refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "telepot-specdir-"));
    try {
      writeFileSync(join(dir, "api-1.0.json"), "{}");
      writeFileSync(join(dir, "api-1.1.json"), "{}");
      expect(() => findSpec(dir)).toThrow(/exactly one api-<version>\.json, found 2/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the generator refuses a spec it cannot read", () => {
  it("accepts both ways of quoting a subtype's constant", () => {
    expect(specProblems(oldSpec)).toEqual([]); // always 'red'
    expect(specProblems(newSpec)).toEqual([]); // always "red", must be blue
  });

  it("names an unknown type expression", () => {
    const spec = edited((s) => {
      (s.types.Note?.fields ?? [])[1]!.types = ["List<Integer>"];
    });
    expect(specProblems(spec)).toEqual(['types.Note.size[0]: unknown type expression "List<Integer>"']);
  });

  it("names a dangling type name, in a field, a result or a subtype list", () => {
    const spec = edited((s) => {
      s.methods.sendNote!.returns = ["Array of Memo"];
      s.methods.sendNote!.fields![2]!.types = ["Readers"];
      s.types.Shade!.subtypes = ["ShadeRed", "ShadeBlue", "ShadeGreen"];
    });
    expect(specProblems(spec)).toEqual([
      'methods.sendNote.returns[0]: dangling type name "Memo" (no such type in the spec)',
      'methods.sendNote.reader[0]: dangling type name "Readers" (no such type in the spec)',
      'types.Shade.subtypes[2]: dangling type name "ShadeGreen" (no such type in the spec)',
    ]);
  });

  it("names a subtype whose constant cannot be found", () => {
    const unreadable = edited((s) => {
      s.types.ShadeBlue!.fields![0]!.description = "Type of the shade, blue-ish";
    });
    expect(specProblems(unreadable)).toEqual([
      `types.ShadeBlue.type: subtype of Shade, but its constant cannot be read from the description (expected always "x", always 'x' or must be x)`,
    ]);
    const missing = edited((s) => {
      s.types.ShadeBlue!.fields = [{ name: "hue", types: ["Integer"], required: true, description: "Hue" }];
    });
    expect(specProblems(missing)).toEqual([
      'types.ShadeBlue: subtype of Shade has no field "type" to tell it apart',
    ]);
  });

  const scratch = mkdtempSync(join(tmpdir(), "telepot-badspec-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("throws a SpecError listing every place, and generates nothing", () => {
    const path = join(scratch, "api-1.1.json");
    const bad = edited((s) => {
      (s.types.Note?.fields ?? [])[2]!.types = ["Colour"];
    });
    writeFileSync(path, JSON.stringify(bad));
    expect(() => generate(path)).toThrow(SpecError);
    expect(() => generate(path)).toThrow(
      `cannot generate from ${path}:\n  types.Note.colour[0]: dangling type name "Colour"`,
    );
    writeFileSync(path, "{ not json");
    expect(() => loadSpec(path)).toThrow(/not a JSON file/);
  });
});

describe("gen:diff", () => {
  const diff = diffSpecs(oldSpec, newSpec);

  it("lists added, removed and changed methods and types", () => {
    expect(diff.from).toBe("1.0");
    expect(diff.to).toBe("1.1");
    expect(diff.addedMethods).toEqual(["stopNote"]);
    expect(diff.removedMethods).toEqual(["dropNote"]);
    expect(diff.addedTypes).toEqual(["ShadeBlue", "Reader"]);
    expect(diff.removedTypes).toEqual(["Legacy"]);
    expect(diff.changedMethods).toEqual([
      {
        name: "sendNote",
        lines: ["adds `reader` (Reader, optional)", "removes `receiver_user_id`", "`text` is now optional"],
      },
    ]);
    expect(diff.changedTypes).toEqual([
      { name: "Note", lines: ["`size`: Integer -> Float"] },
      { name: "Shade", lines: ["subtypes: adds `ShadeBlue`"] },
    ]);
  });

  it("reports nothing between a spec and itself", () => {
    expect(diffMarkdown(diffSpecs(newSpec, newSpec))).toBe(
      "### Bot API 1.1 -> 1.1\n\nNo change in methods or types.\n",
    );
  });

  it("prints Markdown for the changelog from the command line", () => {
    const out = execFileSync(
      process.execPath,
      [
        join(root, "scripts/codegen/diff.ts"),
        join(fixtures, "spec-old.json"),
        join(fixtures, "spec-new.json"),
      ],
      { encoding: "utf8" },
    );
    expect(out).toBe(diffMarkdown(diff));
    expect(out).toContain("**New types (2):** `ShadeBlue`, `Reader`");
    expect(out).toContain("- `sendNote`: adds `reader` (Reader, optional); removes `receiver_user_id`");
  });

  it("refuses an unreadable spec with the place named, exit status 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "telepot-diff-"));
    try {
      const bad = join(dir, "bad.json");
      writeFileSync(
        bad,
        readFileSync(join(fixtures, "spec-new.json"), "utf8").replace('"Reader"]', '"Readr"]'),
      );
      let status = 0;
      let stderr = "";
      try {
        execFileSync(
          process.execPath,
          [join(root, "scripts/codegen/diff.ts"), join(fixtures, "spec-old.json"), bad],
          {
            encoding: "utf8",
            stdio: "pipe",
          },
        );
      } catch (error) {
        ({ status, stderr } = error as { status: number; stderr: string });
      }
      expect(status).toBe(1);
      expect(stderr).toContain('methods.sendNote.reader[0]: dangling type name "Readr"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
