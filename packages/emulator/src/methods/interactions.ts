// Answers to what users did: answerCallbackQuery and answerInlineQuery. The answer goes to whoever
// waits for it (the driver, the web chat) through the world's events.
import { badRequest } from "../errors.js";
import type { Handler, MethodTable } from "./context.js";
import { pick } from "./media-content.js";

const EXPIRED = "query is too old and response timeout expired or query ID is invalid";

const answerCallbackQuery: Handler<"answerCallbackQuery"> = ({ world, bot, params }) => {
  const id = params.callback_query_id as string;
  const query = world.queries.get(id);
  if (query?.kind !== "callback" || query.botId !== bot.id) throw badRequest(EXPIRED);
  world.queries.delete(id);
  const text = params.text as string | undefined;
  if (text !== undefined && text.length > 200)
    throw badRequest("callback answer text is too long: at most 200 characters");
  world.events.emit("callbackAnswer", id, pick(params, ["text", "show_alert", "url", "cache_time"]));
  return true;
};

const answerInlineQuery: Handler<"answerInlineQuery"> = ({ world, bot, params }) => {
  const id = params.inline_query_id as string;
  const query = world.queries.get(id);
  if (query?.kind !== "inline" || query.botId !== bot.id || query.answer) throw badRequest(EXPIRED);
  const results = (params.results ?? []) as unknown as Record<string, unknown>[];
  if (results.length > 50) throw badRequest("RESULTS_TOO_MUCH");
  const ids = new Set<string>();
  for (const r of results) {
    const rid = r.id as string;
    if (rid.length === 0 || rid.length > 64) throw badRequest("RESULT_ID_INVALID");
    if (ids.has(rid)) throw badRequest("RESULT_ID_DUPLICATE");
    ids.add(rid);
  }
  const answer = { results, ...pick(params, ["cache_time", "is_personal", "next_offset", "button"]) };
  query.answer = answer;
  world.events.emit("inlineAnswer", id, answer);
  return true;
};

/** The answering methods by name. */
export const interactionMethods: MethodTable = { answerCallbackQuery, answerInlineQuery };
