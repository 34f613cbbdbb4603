#!/usr/bin/env node
// telepot-emulator: runs the emulator from the command line.
//   telepot-emulator --port 8081 --bot echo_bot --user Alice --persist state.json --rate-limits
import { main } from "./cli-main.js";

main(process.argv.slice(2))
  .then((emu) => {
    if (!emu) return;
    const stop = () => {
      void emu.close().then(() => process.exit(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  })
  .catch((e: unknown) => {
    console.error(`telepot-emulator: ${(e as Error).message}`);
    process.exit(1);
  });
