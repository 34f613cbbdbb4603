// The bot's own profile: getMe, commands per scope and language, names, descriptions, menu button,
// default administrator rights.
import type { BotCommand, ChatAdministratorRights, MenuButton, MethodResults } from "@telepot/core";
import { badRequest } from "../errors.js";
import type { BotRecord } from "../state/world.js";
import type { Handler, MethodsReturning, MethodTable } from "./context.js";

/** The settings key of a command list: its scope (type plus chat/user) and language. */
function commandsKey(params: Record<string, unknown>): string {
  const scope = (params.scope as Record<string, unknown> | undefined) ?? { type: "default" };
  return `commands:${scope.type}:${scope.chat_id ?? ""}:${scope.user_id ?? ""}:${params.language_code ?? ""}`;
}

/** The commands a bot set for a scope and language (what a client shows in its menu). */
export function botCommands(bot: BotRecord, scope?: Record<string, unknown>, language = ""): BotCommand[] {
  return (
    (bot.settings.get(commandsKey({ scope, language_code: language })) as BotCommand[] | undefined) ?? []
  );
}

const setMyCommands: Handler<"setMyCommands"> = ({ bot, params }) => {
  const commands = params.commands as BotCommand[];
  if (commands.length > 100) throw badRequest("too many commands: at most 100 are allowed");
  for (const c of commands) {
    if (!/^[a-z0-9_]{1,32}$/.test(c.command))
      throw badRequest(`invalid command "${c.command}": 1-32 lowercase letters, digits and underscores`);
    if (c.description.length < 1 || c.description.length > 256)
      throw badRequest("command description must be 1-256 characters long");
  }
  bot.settings.set(
    commandsKey(params),
    commands.map((c) => ({ command: c.command, description: c.description })),
  );
  return true;
};

/** A getter/setter pair for a per-language text setting (name, description, short description). */
function textSetting<G extends "getMyName" | "getMyDescription" | "getMyShortDescription">(
  field: string,
  max: number,
): [Handler<MethodsReturning<true>>, Handler<G>] {
  const key = (params: Record<string, unknown>) => `${field}:${params.language_code ?? ""}`;
  const set: Handler<MethodsReturning<true>> = ({ bot, params }) => {
    const value = (params[field] as string | undefined) ?? "";
    if (value.length > max) throw badRequest(`${field} is too long: at most ${max} characters`);
    bot.settings.set(key(params), value);
    return true;
  };
  const get: Handler<G> = ({ bot, params }) => {
    const own = bot.settings.get(key(params)) ?? bot.settings.get(key({}));
    return { [field]: own ?? (field === "name" ? bot.user.first_name : "") } as unknown as MethodResults[G];
  };
  return [set, get];
}

const [setMyName, getMyName] = textSetting<"getMyName">("name", 64);
const [setMyDescription, getMyDescription] = textSetting<"getMyDescription">("description", 512);
const [setMyShortDescription, getMyShortDescription] = textSetting<"getMyShortDescription">(
  "short_description",
  120,
);

/** The bot-profile methods by name. */
export const botInfoMethods: MethodTable = {
  getMe: ({ bot }) => bot.user,
  logOut: () => true,
  close: () => true,
  setMyCommands,
  getMyCommands: ({ bot, params }) =>
    (bot.settings.get(commandsKey(params)) as BotCommand[] | undefined) ?? [],
  deleteMyCommands: ({ bot, params }) => {
    bot.settings.delete(commandsKey(params));
    return true;
  },
  setMyName,
  getMyName,
  setMyDescription,
  getMyDescription,
  setMyShortDescription,
  getMyShortDescription,
  setChatMenuButton: ({ bot, params }) => {
    bot.settings.set(`menu:${params.chat_id ?? ""}`, params.menu_button ?? { type: "default" });
    return true;
  },
  getChatMenuButton: ({ bot, params }) =>
    (bot.settings.get(`menu:${params.chat_id ?? ""}`) ??
      bot.settings.get("menu:") ?? { type: "commands" }) as MenuButton,
  setMyDefaultAdministratorRights: ({ bot, params }) => {
    bot.settings.set(`rights:${params.for_channels ? 1 : 0}`, params.rights ?? {});
    return true;
  },
  getMyDefaultAdministratorRights: ({ bot, params }) =>
    (bot.settings.get(`rights:${params.for_channels ? 1 : 0}`) as ChatAdministratorRights | undefined) ?? {
      is_anonymous: false,
      can_manage_chat: false,
      can_delete_messages: false,
      can_manage_video_chats: false,
      can_restrict_members: false,
      can_promote_members: false,
      can_change_info: false,
      can_invite_users: false,
      can_post_stories: false,
      can_edit_stories: false,
      can_delete_stories: false,
      can_send_welcome_messages: false,
    },
};
