import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base.ts";

// sync-worker is the worker thread's entry script and bot-ops the module it serves for a Bot: both
// must exist as their own files next to index (the Bot finds them by URL).
export default defineConfig(
  packageBuild(
    { index: "src/index.ts", "sync-worker": "src/sync/worker.ts", "bot-ops": "src/worker/ops.ts" },
    { shims: true },
  ),
);
