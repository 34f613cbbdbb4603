// Emodi's entry point: `node src/main.ts` with TELEGRAM_BOT_TOKEN (see README.md).
import { serve } from "@telepot/service";
import { createEmodi } from "./emodi.ts";

await serve("emodi", createEmodi);
