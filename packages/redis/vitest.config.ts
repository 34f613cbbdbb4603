import { defineConfig } from "vitest/config";

// One redis-server for the whole package's run (a random free port, a temporary directory),
// started before the first test file and stopped after the last.
export default defineConfig({
  test: {
    globalSetup: ["./test/helpers/global-redis.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
