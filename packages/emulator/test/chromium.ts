// Debian's chromium through playwright-core, for the web chat's browser tests (the emulator's and the
// demo's): a fresh profile each run, headless, no network of its own.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

/** Where the browser tests save their screenshots (git-ignored). */
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "artifacts");

/** A running browser and a way to close it and remove its profile. */
export interface Chromium {
  readonly browser: BrowserContext;
  close(): Promise<void>;
}

/** Starts chromium with a fresh profile directory and the given viewport. */
export async function launchChromium(viewport: { width: number; height: number }): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh first`);
  const profile = mkdtempSync(join(tmpdir(), "chromium-profile-"));
  // playwright passes the profile as --user-data-dir.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  // Playwright gives an action or a wait 30 s by default; a browser test under a full suite's load
  // can need longer (the shared vitest limits: ../../../vitest.shared.ts).
  browser.setDefaultTimeout(90_000);
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
