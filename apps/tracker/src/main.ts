// The user tracker's entry point: `node src/main.ts` with TELEGRAM_BOT_TOKEN (see README.md).
import { serve } from "@telepot/service";
import { createTracker } from "./tracker.ts";

await serve("tracker", createTracker);
