// The web chat's browser code. It is written as one self-contained function so that it is type-
// checked and linted with the rest; page.ts ships its source text in a <script> tag. It must not
// refer to anything outside its own body.

/** Runs in the browser: the whole web chat client. */
export function webClient(): void {
  // biome-ignore lint/suspicious/noExplicitAny: the page reads the server's JSON loosely, as plain browser code would
  type Json = Record<string, any>;
  const $ = (id: string) => document.getElementById(id) as HTMLElement;
  const state: {
    user: number;
    chat: string;
    chatData: Json | null;
    users: Json[];
    bots: Json[];
    inlineTimer: number;
    inlineBot: string;
    chats: Json[];
  } = {
    user: Number(localStorage.getItem("emu.user") || 0),
    chat: "",
    chatData: null,
    users: [],
    bots: [],
    inlineTimer: 0,
    inlineBot: "",
    chats: [],
  };

  const api = async (path: string, body?: Json | FormData): Promise<Json> => {
    const init: RequestInit =
      body === undefined
        ? {}
        : body instanceof FormData
          ? { method: "POST", body }
          : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
    const res = await fetch(`/emulator/${path}`, init);
    const data = (await res.json()) as Json;
    if (!res.ok) {
      toast(String(data.error ?? res.statusText));
      throw new Error(String(data.error));
    }
    return data;
  };

  const el = (tag: string, cls?: string, text?: string): HTMLElement => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const toast = (text: string, alert = false) => {
    if (alert) {
      window.alert(text);
      return;
    }
    const t = $("toast");
    t.textContent = text;
    t.classList.add("show");
    // A new toast gets its full time: the previous one's timer must not hide it.
    clearTimeout(Number(t.dataset.timer));
    t.dataset.timer = String(setTimeout(() => t.classList.remove("show"), 2500));
  };

  /** `1 member`, `2 members`. */
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

  /** Turns the composer on, or off with `hint` in its place (no chat picked, a channel one cannot post in). */
  const setComposer = (enabled: boolean, hint = "Message, /command or @bot query") => {
    const input = $("input") as HTMLInputElement;
    input.disabled = !enabled;
    input.placeholder = hint;
    ($("send") as HTMLButtonElement).disabled = !enabled;
    ($("file") as HTMLInputElement).disabled = !enabled;
    document.querySelector("#composer .attach")?.classList.toggle("disabled", !enabled);
    if (!enabled) $("commands").hidden = true;
  };

  /**
   * Shows a dialog of the page and resolves with its form's fields when the person confirms, or
   * null when they cancel (the Cancel button, Escape).
   */
  const askDialog = (id: string): Promise<FormData | null> => {
    const dialog = $(id) as HTMLDialogElement;
    const form = dialog.querySelector("form") as HTMLFormElement;
    form.reset();
    dialog.returnValue = "";
    dialog.showModal();
    return new Promise((resolve) => {
      dialog.addEventListener(
        "close",
        () => resolve(dialog.returnValue === "ok" ? new FormData(form) : null),
        { once: true },
      );
    });
  };

  const name = (u: Json | undefined) =>
    u ? [u.first_name, u.last_name].filter(Boolean).join(" ") || u.title || "?" : "?";

  /** Text with its entities as safe DOM nodes (bold, italic, code, links...). */
  const richText = (text: string, entities: Json[] | undefined): HTMLElement => {
    const box = el("div", "text");
    const list = (entities ?? []).filter((e) =>
      [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "code",
        "pre",
        "text_link",
        "url",
        "spoiler",
        "bot_command",
      ].includes(e.type),
    );
    let pos = 0;
    for (const e of list) {
      if (e.offset < pos) continue;
      box.append(text.slice(pos, e.offset));
      const part = text.slice(e.offset, e.offset + e.length);
      const tags: Record<string, string> = {
        bold: "b",
        italic: "i",
        underline: "u",
        strikethrough: "s",
        code: "code",
        pre: "pre",
        spoiler: "span",
      };
      let node: HTMLElement;
      if (e.type === "text_link" || e.type === "url") {
        node = el("a", "", part);
        (node as HTMLAnchorElement).href = e.url ?? part;
        (node as HTMLAnchorElement).target = "_blank";
      } else if (e.type === "bot_command") {
        node = el("a", "cmd", part);
        node.onclick = () => void send(part);
      } else node = el(tags[e.type] ?? "span", e.type === "spoiler" ? "spoiler" : "", part);
      box.append(node);
      pos = e.offset + e.length;
    }
    box.append(text.slice(pos));
    return box;
  };

  const fileUrl = (fileId: string) => `/emulator/file/${encodeURIComponent(fileId)}`;

  /** The body of one message: media, text, service notes. */
  const messageBody = (m: Json): HTMLElement => {
    const box = el("div", "body");
    if (m.photo) {
      const img = el("img", "photo") as HTMLImageElement;
      img.src = fileUrl(m.photo[m.photo.length - 1].file_id);
      img.alt = "photo";
      box.append(img);
    }
    for (const kind of ["document", "audio", "video", "voice", "video_note", "animation", "sticker"]) {
      if (!m[kind] || (kind === "document" && m.animation)) continue;
      const a = el("a", "file", `[${kind}] ${m[kind].file_name ?? ""}`) as HTMLAnchorElement;
      a.href = fileUrl(m[kind].file_id);
      a.target = "_blank";
      box.append(a);
    }
    if (m.location && !m.venue)
      box.append(el("div", "meta", `Location: ${m.location.latitude}, ${m.location.longitude}`));
    if (m.venue) box.append(el("div", "meta", `Venue: ${m.venue.title}, ${m.venue.address}`));
    if (m.contact)
      box.append(el("div", "meta", `Contact: ${m.contact.first_name} ${m.contact.phone_number}`));
    if (m.dice) box.append(el("div", "dice", `${m.dice.emoji} ${m.dice.value}`));
    if (m.poll) {
      box.append(el("b", "", `Poll: ${m.poll.question}`));
      for (const o of m.poll.options) box.append(el("div", "meta", `- ${o.text}`));
    }
    if (m.text !== undefined) box.append(richText(m.text, m.entities));
    if (m.caption !== undefined) box.append(richText(m.caption, m.caption_entities));
    return box;
  };

  const serviceText = (m: Json): string | undefined => {
    if (m.new_chat_members) return `${name(m.from)} added ${m.new_chat_members.map(name).join(", ")}`;
    if (m.left_chat_member) return `${name(m.left_chat_member)} left`;
    if (m.new_chat_title) return `${name(m.from)} renamed the chat to "${m.new_chat_title}"`;
    if (m.pinned_message) return `${name(m.from)} pinned a message`;
    return undefined;
  };

  const renderMessage = (m: Json, data: Json): HTMLElement => {
    const service = serviceText(m);
    if (service) return el("div", "service", service);
    const mine = m.from?.id === state.user;
    const row = el("div", `msg ${mine ? "mine" : "theirs"}`);
    row.dataset.id = String(m.message_id);
    const bubble = el("div", "bubble");
    if (!mine && data.type !== "private")
      bubble.append(el("div", "sender", m.sender_chat ? name(m.sender_chat) : name(m.from)));
    if (m.forward_origin)
      bubble.append(
        el(
          "div",
          "meta",
          `Forwarded from ${name(m.forward_origin.sender_user ?? m.forward_origin.sender_chat ?? m.forward_origin.chat)}`,
        ),
      );
    if (m.reply_to_message)
      bubble.append(el("div", "quote", m.reply_to_message.text ?? m.reply_to_message.caption ?? "…"));
    bubble.append(messageBody(m));
    const meta = [
      m.via_bot ? `via @${m.via_bot.username}` : "",
      m.edit_date ? "edited" : "",
      new Date(m.date * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }),
    ];
    bubble.append(el("div", "time", meta.filter(Boolean).join(" · ")));
    row.append(bubble);
    const rows: Json[][] = m.reply_markup?.inline_keyboard ?? [];
    if (rows.length > 0) {
      const keys = el("div", "inline-keys");
      for (const r of rows) {
        const line = el("div", "key-row");
        for (const b of r) {
          line.append(inlineButton(m, b));
        }
        keys.append(line);
      }
      row.append(keys);
    }
    return row;
  };

  /** An inline button; a disabled one (Bot API 10.3) is shown greyed out and does nothing. */
  const inlineButton = (m: Json, b: Json): HTMLButtonElement => {
    const button = el("button", b.disabled ? "key disabled" : "key", b.text) as HTMLButtonElement;
    if (b.disabled) button.disabled = true;
    else button.onclick = () => void pressInline(m, b);
    return button;
  };

  /** The drafts bots are streaming, each with a stop button when the bot offered one. */
  const renderDrafts = (data: Json): HTMLElement[] =>
    ((data.drafts as Json[] | undefined) ?? []).map((d) => {
      const row = el("div", "msg theirs draft");
      row.dataset.draft = String(d.draft_id);
      const bubble = el("div", "bubble");
      bubble.append(el("div", "text", d.text), el("div", "time", d.stopped ? "stopped" : "typing…"));
      if (d.can_stop) {
        const stop = el("button", "key stop", "Stop") as HTMLButtonElement;
        stop.onclick = () => void api("stop", { user: state.user, chat: state.chat, draft_id: d.draft_id });
        bubble.append(stop);
      }
      row.append(bubble);
      return row;
    });

  /** A keyboard or ForceReply that asks for a reply: the input says what the next message answers. */
  const renderForcedReply = (data: Json) => {
    const input = $("input") as HTMLInputElement;
    // A composer turned off keeps the hint that says why (setComposer).
    if (input.disabled) return;
    input.placeholder = data.forceReply
      ? `Reply to: ${String(data.forceReply.text).slice(0, 40)}`
      : "Message, /command or @bot query";
  };

  const pressInline = async (m: Json, b: Json) => {
    if (b.url) {
      window.open(b.url, "_blank");
      return;
    }
    if (b.switch_inline_query_current_chat !== undefined || b.switch_inline_query !== undefined) {
      const bot = m.via_bot?.username ?? m.from?.username;
      const input = $("input") as HTMLInputElement;
      input.value = `@${bot} ${b.switch_inline_query_current_chat ?? b.switch_inline_query ?? ""}`;
      onInput();
      return;
    }
    if (b.callback_data === undefined) return toast("This button is not supported here");
    const { answer } = await api("press", {
      user: state.user,
      chat: state.chat,
      message_id: m.message_id,
      data: b.callback_data,
    });
    if (answer?.text) toast(answer.text, Boolean(answer.show_alert));
    else if (answer?.url) window.open(answer.url, "_blank");
  };

  const renderKeyboard = (data: Json) => {
    const box = $("keyboard");
    box.replaceChildren();
    const kb = data.keyboard;
    if (!kb) return;
    for (const r of kb.keyboard as Json[][]) {
      const line = el("div", "key-row");
      for (const b of r) {
        const text = typeof b === "string" ? b : b.text;
        const button = el("button", "key reply-key", text) as HTMLButtonElement;
        button.onclick = () => void send(text);
        line.append(button);
      }
      box.append(line);
    }
  };

  const loadChat = async () => {
    if (!state.chat || !state.user) return;
    const asked = { user: state.user, chat: state.chat };
    const data = await api(`chat?user=${asked.user}&key=${encodeURIComponent(asked.chat)}`);
    // The person switched user or chat meanwhile: this answer is for a view no longer shown.
    if (asked.user !== state.user || asked.chat !== state.chat) return;
    state.chatData = data;
    const list = $("messages");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    list.replaceChildren(
      ...(data.messages as Json[]).map((m) => renderMessage(m, data)),
      ...renderDrafts(data),
    );
    renderForcedReply(data);
    if (atBottom || list.dataset.key !== state.chat) list.scrollTop = list.scrollHeight;
    list.dataset.key = state.chat;
    renderKeyboard(data);
    const members = (data.members as Json[] | undefined) ?? [];
    $("chat-sub").textContent =
      data.type && data.type !== "private" ? plural(members.length, "member") : "bot";
    const speak = $("speak-as") as HTMLSelectElement;
    const people = members.filter((u) => !u.is_bot);
    speak.hidden = data.type === "private" || people.length < 2;
    speak.replaceChildren(
      ...people.map((u) => new Option(name(u), String(u.id), false, u.id === state.user)),
    );
    const commands = (data.commands as Json[]) ?? [];
    $("commands").hidden = commands.length === 0;
    $("commands").onclick = () => {
      const menu = $("results");
      menu.replaceChildren(
        ...commands.map((c) => {
          const item = el("button", "result", `/${c.command} — ${c.description}`);
          item.onclick = () => {
            menu.hidden = true;
            void send(`/${c.command}`);
          };
          return item;
        }),
      );
      menu.hidden = !menu.hidden;
    };
  };

  const loadChats = async (): Promise<Json[]> => {
    if (!state.user) return [];
    const user = state.user;
    const chats = (await api(`chats?user=${user}`)) as unknown as Json[];
    if (user !== state.user) return chats;
    state.chats = chats;
    const list = $("chat-list");
    list.replaceChildren(
      ...chats.map((c) => {
        const item = el("button", `chat-item${c.key === state.chat ? " active" : ""}`);
        item.dataset.key = c.key;
        const title = el("div", "chat-title");
        title.append(el("span", "badge", c.type === "private" ? "bot" : c.type), c.title);
        item.append(title, el("div", "chat-last", c.last || (c.username ? `@${c.username}` : "")));
        item.onclick = () => void openChat(c);
        return item;
      }),
    );
    return chats;
  };

  const openChat = async (c: Json) => {
    if (c.type === "private" && c.botId) await api("open", { user: state.user, bot: c.botId });
    state.chat = c.key;
    $("chat-title").textContent = c.title;
    document.body.classList.add("in-chat");
    setComposer(c.canPost !== false, c.canPost === false ? "Only the channel's admins can post" : undefined);
    $("results").hidden = true;
    await Promise.all([loadChat(), loadChats()]);
    ($("input") as HTMLInputElement).focus();
  };

  /** No chat open: an empty pane asking to pick one (on a phone, the chat list). */
  const closeChat = () => {
    state.chat = "";
    state.chatData = null;
    $("chat-title").textContent = "Pick a chat";
    $("chat-sub").textContent = "";
    $("messages").replaceChildren();
    delete $("messages").dataset.key;
    $("keyboard").replaceChildren();
    $("results").hidden = true;
    $("speak-as").hidden = true;
    setComposer(false, "Pick a chat to write in it");
    document.body.classList.remove("in-chat");
    for (const item of document.querySelectorAll(".chat-item.active")) item.classList.remove("active");
  };

  /**
   * What stays open when the person becomes someone else: the same group if they are in it too,
   * their own chat with the same bot if they have one; otherwise nothing.
   */
  const counterpart = (chats: Json[], previous: Json | undefined): Json | undefined => {
    if (!previous) return undefined;
    if (previous.type !== "private") return chats.find((c) => c.key === previous.key);
    return chats.find((c) => c.type === "private" && c.botId === previous.botId && c.started);
  };

  const loadUsers = async () => {
    const s = await api("state");
    state.users = s.users;
    state.bots = s.bots;
    if (!state.users.some((u) => u.id === state.user)) state.user = state.users[0]?.id ?? 0;
    const pick = $("user") as HTMLSelectElement;
    pick.replaceChildren(
      ...state.users.map((u) => new Option(name(u), String(u.id), false, u.id === state.user)),
    );
    $("empty").hidden = state.users.length > 0;
  };

  const setUser = async (id: number) => {
    const previous = state.chat ? state.chats.find((c) => c.key === state.chat) : undefined;
    state.user = id;
    localStorage.setItem("emu.user", String(id));
    // Nothing of the previous user's chat stays on screen while the new user's list loads.
    closeChat();
    await loadUsers();
    const chats = await loadChats();
    const next = counterpart(chats, previous);
    if (next) await openChat(next);
  };

  const send = async (text: string) => {
    if (!text.trim() || !state.chat) return;
    await api("send", { user: state.user, chat: state.chat, text });
  };

  const onInput = () => {
    const input = $("input") as HTMLInputElement;
    const m = /^@(\w+)\s(.*)$/s.exec(input.value);
    const results = $("results");
    clearTimeout(state.inlineTimer);
    if (!m) {
      results.hidden = true;
      return;
    }
    state.inlineTimer = window.setTimeout(async () => {
      const answer = await api("inline", { user: state.user, bot: m[1], query: m[2], chat: state.chat });
      results.replaceChildren(
        ...(answer.results as Json[]).map((r) => {
          const item = el("button", "result");
          item.append(
            el("b", "", r.title ?? r.id),
            el("div", "meta", r.description ?? r.input_message_content?.message_text ?? r.type),
          );
          item.onclick = async () => {
            results.hidden = true;
            input.value = "";
            await api("choose", {
              user: state.user,
              chat: state.chat,
              query_id: answer.query_id,
              result_id: r.id,
            });
          };
          return item;
        }),
      );
      if ((answer.results as Json[]).length === 0) results.append(el("div", "meta", "No results"));
      results.hidden = false;
    }, 300);
  };

  ($("composer") as HTMLFormElement).onsubmit = async (ev) => {
    ev.preventDefault();
    const input = $("input") as HTMLInputElement;
    if (/^@\w+\s/.test(input.value)) return;
    const text = input.value;
    input.value = "";
    await send(text);
  };
  $("input").oninput = onInput;
  ($("file") as HTMLInputElement).onchange = async () => {
    const input = $("file") as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const form = new FormData();
    form.set("user", String(state.user));
    form.set("chat", state.chat);
    form.set(
      "kind",
      file.type.startsWith("image/")
        ? "photo"
        : file.type.startsWith("video/")
          ? "video"
          : file.type.startsWith("audio/")
            ? "audio"
            : "document",
    );
    form.set("caption", ($("input") as HTMLInputElement).value);
    form.set("file", file);
    ($("input") as HTMLInputElement).value = "";
    input.value = "";
    await api("upload", form);
  };
  ($("user") as HTMLSelectElement).onchange = (ev) =>
    void setUser(Number((ev.target as HTMLSelectElement).value));
  ($("speak-as") as HTMLSelectElement).onchange = (ev) =>
    void setUser(Number((ev.target as HTMLSelectElement).value));
  $("new-user").onclick = async () => {
    const fields = await askDialog("user-dialog");
    const first = String(fields?.get("first_name") ?? "").trim();
    if (!first) return;
    const username = String(fields?.get("username") ?? "").trim();
    const user = await api("users", { first_name: first, ...(username ? { username } : {}) });
    await setUser(user.id);
  };

  /** The group dialog's member list: every other user and every bot, all ticked. */
  const fillMemberChoices = () => {
    const others = [...state.users.filter((u) => u.id !== state.user), ...state.bots];
    $("group-members").replaceChildren(
      ...others.map((u) => {
        const label = el("label");
        const box = el("input") as HTMLInputElement;
        box.type = "checkbox";
        box.name = "member";
        box.value = String(u.id);
        box.defaultChecked = true;
        label.append(box, `${name(u)}${u.is_bot ? " (bot)" : ""}`);
        return label;
      }),
    );
  };
  $("new-group").onclick = async () => {
    if (!state.user) return toast("Create a user first");
    fillMemberChoices();
    const fields = await askDialog("group-dialog");
    const title = String(fields?.get("title") ?? "").trim();
    if (!fields || !title) return;
    const members = fields.getAll("member").map(Number);
    const chat = await api("groups", { user: state.user, title, members });
    await loadChats();
    await openChat({ ...chat, type: chat.type });
  };
  $("back").onclick = () => document.body.classList.remove("in-chat");

  const events = new EventSource("/emulator/events");
  let listTimer = 0;
  events.addEventListener("chat", (ev) => {
    const { key } = JSON.parse((ev as MessageEvent).data) as Json;
    if (key === state.chat) void loadChat();
    clearTimeout(listTimer);
    listTimer = window.setTimeout(() => void loadChats(), 100);
  });
  events.addEventListener("list", () => void loadUsers().then(loadChats));
  events.addEventListener("action", (ev) => {
    const { key, bot, action } = JSON.parse((ev as MessageEvent).data) as Json;
    if (key !== state.chat) return;
    $("chat-sub").textContent = `${bot} is ${action === "typing" ? "typing" : action.replaceAll("_", " ")}…`;
    setTimeout(() => void loadChat(), 4000);
  });

  void loadUsers().then(async () => {
    if (state.user) await setUser(state.user);
    document.body.dataset.ready = "1";
  });
}
