// Release readiness of every publishable package: packs it as npm would publish it and checks the
// tarball (entry points present, source maps beside the code, README and LICENSE, no tests, no
// workspace: ranges, nothing that looks like a bot token or a key), then runs Are The Types Wrong
// on it, so the types resolve under moduleResolution node16 (CJS and ESM) and bundler.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Manifest {
  name: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const root = join(import.meta.dirname, "..");
const out = join(root, "artifacts", "pack");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

/** A bot token (`<bot id>:<35 chars>`) or a private key block. */
const SECRET = /\b\d{6,12}:[A-Za-z0-9_-]{35}\b|-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Every file path an `exports` map (or a bin) points at. */
function targets(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(targets);
  return [];
}

let failures = 0;
function fail(pkg: string, why: string): void {
  failures++;
  console.error(`✗ ${pkg}: ${why}`);
}

for (const dir of readdirSync(join(root, "packages"))) {
  const pkgDir = join(root, "packages", dir);
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as Manifest;
  if (manifest.private) continue;
  const name = manifest.name;
  const failuresBefore = failures;

  const packed = JSON.parse(
    execFileSync("pnpm", ["pack", "--pack-destination", out, "--json"], { cwd: pkgDir, encoding: "utf8" }),
  ) as { filename: string; files: { path: string }[] };
  const tarball = packed.filename.startsWith("/") ? packed.filename : join(out, packed.filename);
  const files = new Set(packed.files.map((f) => f.path));

  for (const required of ["package.json", "README.md", "LICENSE"]) {
    if (!files.has(required)) fail(name, `${required} is not in the package`);
  }
  for (const target of [...targets(manifest.exports), ...targets(manifest.bin)]) {
    const path = target.replace(/^\.\//, "");
    if (path !== "package.json" && !files.has(path))
      fail(name, `exports/bin target ${target} is not in the package`);
  }
  for (const file of files) {
    if (/(^|\/)(test|tests|__tests__)\//.test(file) || /\.test\.[cm]?[jt]s$/.test(file)) {
      fail(name, `test file ${file} would be published`);
    }
    if (/\.(c|m)?js$/.test(file) && !files.has(`${file}.map`)) fail(name, `${file} has no source map`);
  }

  const unpacked = mkdtempSync(join(tmpdir(), "telepot-pack-"));
  try {
    execFileSync("tar", ["-xzf", tarball, "-C", unpacked]);
    const packedManifest = JSON.parse(
      readFileSync(join(unpacked, "package", "package.json"), "utf8"),
    ) as Manifest;
    for (const [dep, range] of Object.entries(packedManifest.dependencies ?? {})) {
      if (range.startsWith("workspace:")) fail(name, `dependency ${dep} keeps the range ${range}`);
    }
    for (const file of files) {
      const text = readFileSync(join(unpacked, "package", file), "utf8");
      if (SECRET.test(text)) fail(name, `${file} contains something that looks like a token or a key`);
    }
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }

  try {
    execFileSync("attw", [tarball, "--profile", "node16", "--format", "ascii", "--no-summary"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    fail(name, `types do not resolve under node16/bundler:\n${stdout ?? ""}${stderr ?? ""}`);
  }
  if (failures === failuresBefore) {
    console.log(`✓ ${name}: ${files.size} files, types resolve (node16 CJS, node16 ESM, bundler)`);
  }
}

if (failures > 0) {
  console.error(`${failures} packaging problem(s)`);
  process.exit(1);
}
