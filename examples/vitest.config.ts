import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Some tests start the examples as child processes (Node startup and module loading), which a
    // busy 2-core machine can slow down well past vitest's default 5 s. No test asserts on timing.
    testTimeout: 20_000,
  },
});
