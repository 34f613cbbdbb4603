// getUpdates with real long polling, and the webhook methods.
import { badRequest, conflict } from "../errors.js";
import type { CallContext, Handler, MethodTable } from "./context.js";
import { Described } from "./context.js";

/** Longest long poll Telegram allows, in seconds. */
const MAX_TIMEOUT = 50;

const getUpdates: Handler<"getUpdates"> = async ({ bot, params, services, signal }) => {
  if (services.webhooks.has(bot.id)) {
    throw conflict(
      "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  }
  const queue = bot.updates;
  if (params.offset !== undefined) queue.confirm(params.offset as number);
  if (params.allowed_updates !== undefined) queue.allowed = params.allowed_updates as string[];
  const limit = Math.min(100, Math.max(1, (params.limit as number | undefined) ?? 100));
  const timeout = Math.min(MAX_TIMEOUT, Math.max(0, (params.timeout as number | undefined) ?? 0));
  await queue.waitForUpdate(timeout * 1000, signal);
  return queue.peek(limit);
};

const setWebhook: Handler<"setWebhook"> = (ctx) => {
  const { bot, params, services } = ctx;
  const url = (params.url as string).trim();
  if (url === "") return deleteWebhook(ctx as unknown as CallContext<"deleteWebhook">);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest("bad webhook: Failed to resolve host: Name or service not known");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
  }
  const secret = params.secret_token as string | undefined;
  if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
    throw badRequest("secret token contains unallowed characters");
  }
  const maxConnections = (params.max_connections as number | undefined) ?? 40;
  if (maxConnections < 1 || maxConnections > 100)
    throw badRequest("max_connections must be between 1 and 100");
  const previous = services.webhooks.get(bot.id);
  if (params.drop_pending_updates) bot.updates.clear();
  if (params.allowed_updates !== undefined) bot.updates.allowed = params.allowed_updates as string[];
  const same = previous?.config.url === url && previous.config.secretToken === secret;
  services.startWebhook(bot, {
    url,
    maxConnections,
    hasCustomCertificate: params.certificate !== undefined,
    ...(secret !== undefined ? { secretToken: secret } : {}),
    ...(params.ip_address !== undefined ? { ipAddress: params.ip_address as string } : {}),
    ...(bot.updates.allowed ? { allowedUpdates: bot.updates.allowed } : {}),
  });
  bot.updates.interruptPoll(conflict("terminated by setWebhook request"));
  return new Described(true, same ? "Webhook is already set" : "Webhook was set");
};

const deleteWebhook: Handler<"deleteWebhook"> = ({ bot, params, services }) => {
  const had = services.webhooks.has(bot.id);
  services.stopWebhook(bot);
  if (params.drop_pending_updates) bot.updates.clear();
  return new Described(true, had ? "Webhook was deleted" : "Webhook is already deleted");
};

const getWebhookInfo: Handler<"getWebhookInfo"> = ({ bot, services }) => {
  const sender = services.webhooks.get(bot.id);
  if (!sender) return { url: "", has_custom_certificate: false, pending_update_count: bot.updates.size };
  const c = sender.config;
  return {
    url: c.url,
    has_custom_certificate: c.hasCustomCertificate,
    pending_update_count: bot.updates.size,
    ...(c.ipAddress ? { ip_address: c.ipAddress } : {}),
    ...(sender.lastErrorDate !== undefined ? { last_error_date: sender.lastErrorDate } : {}),
    ...(sender.lastErrorMessage !== undefined ? { last_error_message: sender.lastErrorMessage } : {}),
    max_connections: c.maxConnections,
    ...(c.allowedUpdates ? { allowed_updates: [...c.allowedUpdates] } : {}),
  };
};

/** The update methods by name. */
export const updateMethods: MethodTable = {
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
};
