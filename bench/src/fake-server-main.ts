// The fake Bot API as a child process: started by the orchestrator with its configuration as a
// JSON argument, it reports its port over IPC and exits when the orchestrator disconnects.
import { type FakeServerConfig, startFakeServer } from "./fake-server.ts";

const config = JSON.parse(process.argv[2] ?? "{}") as FakeServerConfig;
const { port } = await startFakeServer(config);
process.send?.({ port });
process.once("disconnect", () => process.exit(0));
