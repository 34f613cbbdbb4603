import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each test starts an emulator and a bot on 127.0.0.1; a busy 2-core machine can be slow. No test asserts on timing.
    testTimeout: 20_000,
  },
});
