import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base.ts";

// sync-worker is the worker thread's entry script: it must exist as its own file next to index.
export default defineConfig(
  packageBuild({ index: "src/index.ts", "sync-worker": "src/sync/worker.ts" }, { shims: true }),
);
