// Chatbox's entry point: `node src/main.ts` with TELEGRAM_BOT_TOKEN and CHATBOX_OWNER_ID (see README.md).
import { serve } from "@telepot/service";
import { createChatbox } from "./chatbox.ts";

await serve("chatbox", createChatbox);
