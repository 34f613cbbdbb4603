// The test settings every package shares (each package's vitest.config.ts re-exports this).
// Why: CI and the project's machines have 2 cores, and `./dev test` runs every package's tests at
// once (turbo), so a test that takes 0.3 s alone can take several seconds there. Tests wait on
// events or poll with a deadline; these limits only stop a test that really hangs, so they are
// generous: a slow machine changes how long a test takes, not whether it passes.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // A test that starts worker threads, child processes or a browser under load (vitest's default
    // is 5 s; a blocking test's worker boot alone took longer on a busy 2-core machine, and a CI run
    // timed a browser test out at 30 s while every package's tests ran at once). A test states a
    // longer limit of its own only when it is meant to run longer (the crash tests).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // expect.poll's deadline (vitest's default is 1 s, shorter than a loaded machine's hiccup).
    expect: { poll: { timeout: 60_000, interval: 20 } },
    // The emulator driver's waits for a bot (nextMessage, press, ...) where a test names no limit
    // of its own: 5 s by default, too short for a child-process bot under the full suite's load.
    env: { TELEPOT_EMULATOR_DRIVER_TIMEOUT_MS: "60000" },
  },
});
