// The emulator's tests check every simulated result against the spec in strict mode.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { env: { TELEPOT_EMULATOR_STRICT_RESULTS: "1" } },
});
