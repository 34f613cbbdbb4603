import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base.ts";

// No shared chunk between the two entries: the transport entry gets its own copy of the HTTP layer
// (its state, the undici module, is Node's module cache, shared anyway). Split, the main entry
// loaded a third module that resolved @telepot/core and @telepot/core/internal a second time,
// about a sixth of the main-thread time of importing @telepot/async.
export default defineConfig(
  packageBuild({ index: "src/index.ts", transport: "src/transport/index.ts" }, { splitting: false }),
);
