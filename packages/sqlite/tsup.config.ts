import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base.ts";

// node:sqlite exists only under the node: prefix, so the prefix must survive the build.
export default defineConfig(packageBuild({ index: "src/index.ts" }, { removeNodeProtocol: false }));
