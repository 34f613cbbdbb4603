import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base.ts";

// node:sqlite exists only under the node: prefix, so the prefix must survive the build.
// sqlite-thread is the ThreadedSqliteInbox's worker script: its own file next to index (found by URL).
export default defineConfig(
  packageBuild(
    { index: "src/index.ts", "sqlite-thread": "src/thread/main.ts" },
    { removeNodeProtocol: false, shims: true },
  ),
);
