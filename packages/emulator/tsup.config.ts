import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base.ts";

// emulator-worker is the entry script of startOffThread's worker thread: it must exist as its own
// file next to index (startOffThread finds it by URL).
export default defineConfig(
  packageBuild(
    { index: "src/index.ts", cli: "src/cli.ts", "emulator-worker": "src/off-thread/worker.ts" },
    { shims: true },
  ),
);
