// The shared test settings (timeouts fit for a loaded 2-core machine: see ../../vitest.shared.ts),
// and one redis-server for the whole package's run (a random free port, a temporary directory),
// started before the first test file and stopped after the last.
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineConfig({
    test: { globalSetup: ["./test/helpers/global-redis.ts"] },
  }),
);
