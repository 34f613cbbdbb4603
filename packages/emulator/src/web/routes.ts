// The web chat's server side: the page, a small JSON API for what the person does, file downloads
// without a token, and a server-sent event stream that tells the page when to refresh.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ActionError, lastKeyboard } from "../actions.js";
import type { Driver } from "../driver.js";
import { botCommands } from "../methods/bot-info.js";
import type { MediaKind } from "../methods/media-content.js";
import type { Runtime } from "../runtime.js";
import { parseParams, readBody } from "../server/params.js";
import { isUpload } from "../spec/upload.js";
import { pendingForcedReply } from "../state/force-reply.js";
import { type ChatRecord, visibleTo, type World } from "../state/world.js";
import { FAVICON_SVG } from "./favicon.js";
import { PAGE } from "./page.js";

/** How long the page's button presses and inline queries wait for the bot. */
const ANSWER_WAIT_MS = 10_000;

/** The web routes and a way to end their live connections. */
export interface WebRoutes {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  close(): void;
}

function json(res: ServerResponse, status: number, body: unknown): true {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
  return true;
}

/** The web chat routes of an emulator. */
export function webRoutes(runtime: Runtime, driver: Driver): WebRoutes {
  const { world } = runtime;
  const actions = driver.actions;
  const streams = new Set<ServerResponse>();

  const broadcast = (event: string, data: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of streams) res.write(frame);
  };
  world.events.on("message", (chat) => broadcast("chat", { key: chat.key }));
  world.events.on("edit", (chat) => broadcast("chat", { key: chat.key }));
  world.events.on("delete", (chat) => broadcast("chat", { key: chat.key }));
  world.events.on("chat", (chat) => broadcast("chat", { key: chat.key }));
  world.events.on("draft", (chat) => broadcast("chat", { key: chat.key }));
  world.events.on("user", () => broadcast("list", {}));
  world.events.on("bot", () => broadcast("list", {}));
  world.events.on("action", (chat, botId, action) =>
    broadcast("action", { key: chat.key, bot: world.bots.get(botId)?.user.first_name, action }),
  );

  /** The chats a person sees: a private chat with every bot, and the groups they are in. */
  const chatList = (userId: number) => {
    const out: Record<string, unknown>[] = [];
    for (const bot of world.bots.values()) {
      const chat = world.chats.get(`p${bot.id}_${userId}`);
      out.push({
        key: `p${bot.id}_${userId}`,
        type: "private",
        title: bot.user.first_name,
        username: bot.user.username,
        botId: bot.id,
        started: chat !== undefined,
        last: chat ? preview(chat, userId) : "",
      });
    }
    for (const chat of world.chats.values()) {
      const status = chat.members.get(userId);
      if (chat.type !== "private" && status && status !== "left" && status !== "kicked") {
        out.push({
          key: chat.key,
          type: chat.type,
          title: chat.title,
          id: chat.id,
          last: preview(chat, userId),
          canPost: chat.type !== "channel" || status === "creator" || status === "administrator",
        });
      }
    }
    return out;
  };

  const chatView = (userId: number, key: string) => {
    const chat = world.chats.get(key);
    if (!chat) {
      const m = /^p(\d+)_(\d+)$/.exec(key);
      return {
        key,
        messages: [],
        keyboard: null,
        commands: m ? botCommands(actions.bot(Number(m[1]))) : [],
        members: [],
      };
    }
    const keyboardRecord = lastKeyboard(chat);
    const keyboard =
      keyboardRecord?.keyboard && "keyboard" in keyboardRecord.keyboard && !keyboardRecord.keyboard.hidden
        ? keyboardRecord.keyboard
        : null;
    const bots = world.presentMembers(chat).filter((id) => world.isBot(id));
    return {
      key,
      type: chat.type,
      title: chat.type === "private" ? world.bots.get(chat.botId ?? 0)?.user.first_name : chat.title,
      messages: [...chat.messages.values()].filter((r) => visibleTo(r, userId)).map((r) => r.message),
      keyboard,
      ...draftsAndForcedReply(world, chat, userId),
      commands: bots.flatMap((id) => botCommands(actions.bot(id))),
      members: world
        .presentMembers(chat)
        .map((id) => ({ ...world.userObject(id), status: chat.members.get(id) })),
      me: userId,
    };
  };

  const waitAnswer = (id: string) =>
    driver
      .waitFor(
        () => driver.answer(id),
        ANSWER_WAIT_MS,
        () => "no answer",
      )
      .catch(() => null);

  const post: Record<
    string,
    (body: Record<string, unknown>, req: IncomingMessage) => Promise<unknown> | unknown
  > = {
    users: (b) =>
      world.createUser({
        firstName: String(b.first_name || "Guest"),
        ...(b.username ? { username: String(b.username) } : {}),
      }).user,
    bots: (b) => {
      const bot = world.createBot({ username: String(b.username ?? "") });
      return { ...bot.user, token: bot.token };
    },
    open: (b) => ({ key: actions.openPrivate(Number(b.user), Number(b.bot)).key }),
    start: (b) => actions.start(Number(b.user), Number(b.bot)),
    send: (b) =>
      actions.sendText(
        Number(b.user),
        String(b.chat),
        String(b.text ?? ""),
        b.reply_to ? { replyTo: Number(b.reply_to) } : {},
      ),
    upload: (b) => {
      if (!isUpload(b.file)) throw new ActionError("no file in the upload");
      return actions.sendMedia(
        Number(b.user),
        String(b.chat),
        String(b.kind || "document") as MediaKind,
        b.file,
        b.caption ? String(b.caption) : undefined,
      );
    },
    press: async (b) => ({
      answer: await waitAnswer(
        actions.press(Number(b.user), String(b.chat), Number(b.message_id), String(b.data)),
      ),
    }),
    inline: async (b) => {
      const bot = world.botByUsername(String(b.bot));
      if (!bot) throw new ActionError(`no bot @${String(b.bot)}`);
      const id = actions.inlineQuery(
        Number(b.user),
        bot.id,
        String(b.query ?? ""),
        b.chat ? String(b.chat) : undefined,
      );
      const answer = await waitAnswer(id);
      return { query_id: id, bot: bot.user.username, ...(answer ?? { results: [] }) };
    },
    choose: (b) =>
      actions.chooseInlineResult(Number(b.user), String(b.chat), String(b.query_id), String(b.result_id)),
    groups: (b) => {
      const members = Array.isArray(b.members) ? b.members.map(Number) : [];
      const type = ["group", "supergroup", "channel"].includes(String(b.type))
        ? (String(b.type) as "group")
        : "group";
      return summary(actions.createGroup(Number(b.user), String(b.title || "Group"), { type, members }));
    },
    join: (b) => actions.join(Number(b.user), String(b.chat)),
    leave: (b) => actions.leave(Number(b.user), String(b.chat)),
    add: (b) => actions.addMember(Number(b.user), String(b.chat), Number(b.member)),
    promote: (b) => actions.promote(Number(b.user), String(b.chat), Number(b.member)),
    stop: (b) =>
      actions.stopDraft(
        Number(b.user),
        String(b.chat),
        b.draft_id === undefined ? undefined : Number(b.draft_id),
      ),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const path = url.pathname;
    if (path === "/" || path === "/index.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(PAGE);
      return true;
    }
    if (path === "/favicon.ico" || path === "/favicon.svg") {
      res.writeHead(200, { "content-type": "image/svg+xml", "cache-control": "max-age=86400" });
      res.end(FAVICON_SVG);
      return true;
    }
    if (!path.startsWith("/emulator/")) return false;
    const name = path.slice("/emulator/".length);
    try {
      if (req.method === "GET") {
        if (name === "events") return openStream(req, res);
        if (name === "state") {
          return json(res, 200, {
            users: [...world.users.values()].map((u) => u.user),
            bots: [...world.bots.values()].map((b) => b.user),
          });
        }
        if (name === "chats") return json(res, 200, chatList(Number(url.searchParams.get("user"))));
        if (name === "chat")
          return json(
            res,
            200,
            chatView(Number(url.searchParams.get("user")), String(url.searchParams.get("key"))),
          );
        if (name.startsWith("file/")) return serveFile(res, decodeURIComponent(name.slice(5)));
        return json(res, 404, { error: "not found" });
      }
      const action = post[name];
      if (req.method !== "POST" || !action) return json(res, 404, { error: "not found" });
      const body = await readBody(req, 50 * 1024 * 1024);
      const { raw } = await parseParams(url, String(req.headers["content-type"] ?? ""), body);
      return json(res, 200, (await action(raw, req)) ?? { ok: true });
    } catch (e) {
      if (e instanceof ActionError || e instanceof Error) return json(res, 400, { error: e.message });
      throw e;
    }
  };

  const openStream = (req: IncomingMessage, res: ServerResponse): true => {
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    res.write(": connected\n\n");
    streams.add(res);
    req.on("close", () => streams.delete(res));
    return true;
  };

  const serveFile = (res: ServerResponse, fileId: string): true => {
    const file = world.files.all().find((f) => f.fileId === fileId);
    if (!file) return json(res, 404, { error: "no such file" });
    res.writeHead(200, {
      "content-type": file.contentType || "application/octet-stream",
      "content-length": file.data.length,
    });
    res.end(file.data);
    return true;
  };

  return {
    handle,
    close() {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}

function summary(chat: ChatRecord) {
  return { key: chat.key, id: chat.id, type: chat.type, title: chat.title };
}

/**
 * What a chat view shows of Bot API 10.3: the drafts bots are streaming (with their stop button)
 * and the message a keyboard or ForceReply asks the user to reply to.
 */
function draftsAndForcedReply(world: World, chat: ChatRecord, userId: number): Record<string, unknown> {
  const forced = pendingForcedReply(chat, userId)?.message;
  return {
    drafts: world.drafts.of(chat.key).map((d) => ({
      draft_id: d.draftId,
      text: d.text,
      can_stop: d.canStop && !d.stopped,
      stopped: d.stopped,
    })),
    forceReply: forced ? { message_id: forced.message_id, text: forced.text ?? forced.caption ?? "…" } : null,
  };
}

function preview(chat: ChatRecord, userId: number): string {
  const last = [...chat.messages.values()].filter((r) => visibleTo(r, userId)).at(-1)?.message;
  if (!last) return "";
  const text =
    last.text ??
    last.caption ??
    (last.photo ? "Photo" : last.document ? "File" : last.new_chat_members ? "joined" : "...");
  return text.slice(0, 60);
}
