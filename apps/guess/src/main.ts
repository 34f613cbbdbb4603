// Guess-a-number's entry point: `node src/main.ts` with TELEGRAM_BOT_TOKEN (see README.md).
import { serve } from "@telepot/service";
import { createGuess } from "./guess.ts";

await serve("guess", createGuess);
