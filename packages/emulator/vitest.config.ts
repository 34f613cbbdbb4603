// The shared test settings (timeouts fit for a loaded 2-core machine: see ../../vitest.shared.ts),
// and strict mode: the emulator's tests check every simulated result against the spec.
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineConfig({
    test: { env: { TELEPOT_EMULATOR_STRICT_RESULTS: "1" } },
  }),
);
