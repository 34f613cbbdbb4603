// Text formatting as Telegram applies it: a bot's parse_mode markup becomes plain text plus
// entities (bad markup is refused as Telegram refuses it), and a user's text gets the entities
// clients rely on (bot_command, mention, hashtag, url). Offsets count UTF-16 units, like Telegram's.
import type { MessageEntity } from "@telepot/core";
import { badRequest } from "../errors.js";

/** Plain text and its entities. */
export interface Formatted {
  text: string;
  entities: MessageEntity[];
}

const HTML_TAGS: Record<string, MessageEntity["type"]> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  code: "code",
  pre: "pre",
  a: "text_link",
  "tg-spoiler": "spoiler",
  blockquote: "blockquote",
  "tg-emoji": "custom_emoji",
};

/** The named character references Telegram decodes; any other "&..." stays as it was typed. */
const HTML_ESCAPES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** Telegram's wording of a parse error: "can't parse entities: <what tdlib said>". */
const parseError = (what: string) => badRequest(`can't parse entities: ${what}`);

/** Applies `parseMode` (HTML, Markdown, MarkdownV2) to `text`; without one the text is taken as is. */
export function applyParseMode(text: string, parseMode: string | undefined): Formatted {
  const mode = (parseMode ?? "").toLowerCase();
  if (mode === "" || mode === "none" || text === "") return { text, entities: [] };
  if (mode === "html") return parseHtml(text);
  if (mode === "markdown" || mode === "markdownv2") return parseMarkdown(text, mode === "markdownv2");
  throw badRequest("Unsupported parse_mode");
}

/** The character a "&...;" reference at `at` stands for and its length, if Telegram decodes it. */
function htmlReference(source: string, at: number): [string, number] | undefined {
  const m = /^&(?:#[xX]([0-9A-Fa-f]+)|#(\d+)|([A-Za-z]+));?/.exec(source.slice(at, at + 12));
  if (!m) return undefined;
  if (m[3] !== undefined) {
    const ch = HTML_ESCAPES[m[3]];
    return ch === undefined ? undefined : [ch, m[0].length];
  }
  const code = m[1] !== undefined ? Number.parseInt(m[1], 16) : Number(m[2]);
  if (code === 0 || code >= 0x10ffff || m[0].length > 10) return undefined;
  return [String.fromCodePoint(code), m[0].length];
}

function parseHtml(source: string): Formatted {
  let text = "";
  const entities: MessageEntity[] = [];
  const open: { tag: string; offset: number; url?: string }[] = [];
  // Byte offsets in errors count UTF-8 bytes, as Telegram's do.
  const byteOffset = (i: number) => Buffer.byteLength(source.slice(0, i));
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === "&") {
      const ref = htmlReference(source, i);
      if (ref) {
        text += ref[0];
        i += ref[1];
        continue;
      }
    }
    if (ch !== "<") {
      text += ch;
      i++;
      continue;
    }
    const close = source.indexOf(">", i);
    if (source[i + 1] === "/") {
      if (open.length === 0) throw parseError(`Unexpected end tag at byte offset ${byteOffset(i)}`);
      if (close < 0) throw parseError(`Unclosed end tag at byte offset ${byteOffset(i)}`);
      const name = source
        .slice(i + 2, close)
        .trim()
        .toLowerCase();
      const top = open[open.length - 1] as (typeof open)[number];
      if (name !== "" && name !== top.tag)
        throw parseError(
          `Unmatched end tag at byte offset ${byteOffset(i)}, expected "</${top.tag}>", found "</${name}>"`,
        );
      open.pop();
      const type = HTML_TAGS[top.tag] ?? "spoiler";
      if (text.length > top.offset) {
        const entity = { type, offset: top.offset, length: text.length - top.offset } as MessageEntity;
        if (type === "text_link") (entity as { url?: string }).url = top.url || text.slice(top.offset);
        if (type === "custom_emoji") (entity as { custom_emoji_id?: string }).custom_emoji_id = top.url ?? "";
        entities.push(entity);
      }
      i = close + 1;
      continue;
    }
    if (close < 0) throw parseError(`Unclosed start tag at byte offset ${byteOffset(i)}`);
    const inside = source.slice(i + 1, close);
    const tag = (/^[^\s>]*/.exec(inside)?.[0] ?? "").toLowerCase();
    const attrs = inside.slice(tag.length);
    if (!Object.hasOwn(HTML_TAGS, tag) && tag !== "span")
      throw parseError(`Unsupported start tag "${tag}" at byte offset ${byteOffset(i)}`);
    if (tag === "span" && !/class\s*=\s*["']?tg-spoiler/i.test(attrs))
      throw parseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(i)}`);
    // The link of <a href>, or the id of <tg-emoji emoji-id>.
    const argName = tag === "tg-emoji" ? "emoji-id" : "href";
    const url = new RegExp(`${argName}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(attrs);
    const href = url ? (url[1] ?? url[2] ?? url[3] ?? "") : undefined;
    open.push({ tag, offset: text.length, ...(href !== undefined ? { url: href } : {}) });
    i = close + 1;
  }
  const unclosed = open[open.length - 1];
  if (unclosed) throw parseError(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return { text, entities: entities.sort((a, b) => a.offset - b.offset) };
}

const MD_MARKS: [string, MessageEntity["type"]][] = [
  ["```", "pre"],
  ["||", "spoiler"],
  ["__", "underline"],
  ["*", "bold"],
  ["_", "italic"],
  ["~", "strikethrough"],
  ["`", "code"],
];

function parseMarkdown(source: string, v2: boolean): Formatted {
  let text = "";
  const entities: MessageEntity[] = [];
  const open: { mark: string; type: MessageEntity["type"]; offset: number }[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === "\\" && v2 && i + 1 < source.length) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    const link = /^\[([^\]]*)\]\(([^)]*)\)/.exec(source.slice(i));
    if (link) {
      entities.push({
        type: "text_link",
        offset: text.length,
        length: (link[1] as string).length,
        url: link[2] as string,
      } as MessageEntity);
      text += link[1];
      i += link[0].length;
      continue;
    }
    const top = open[open.length - 1];
    const inCode = top?.type === "pre" || top?.type === "code";
    const marks = v2 ? MD_MARKS : MD_MARKS.filter(([m]) => ["```", "*", "_", "`"].includes(m));
    const hit = marks.find(([m]) => source.startsWith(m, i) && (!inCode || m === top?.mark));
    if (hit) {
      const [mark, type] = hit;
      if (top?.mark === mark) {
        open.pop();
        if (text.length > top.offset)
          entities.push({ type, offset: top.offset, length: text.length - top.offset } as MessageEntity);
      } else {
        open.push({ mark, type, offset: text.length });
      }
      i += mark.length;
      if (mark === "```") {
        const lang = /^[^\n`]*\n/.exec(source.slice(i));
        if (lang && top?.mark !== mark) i += lang[0].length;
      }
      continue;
    }
    if (v2 && !inCode && "[]()>#+-=|{}.!".includes(ch)) {
      throw parseError(`Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
    }
    text += ch;
    i++;
  }
  const unclosed = open[open.length - 1];
  if (unclosed) throw parseError(`Can't find end of the entity starting at byte offset ${unclosed.offset}`);
  return { text, entities: entities.sort((a, b) => a.offset - b.offset) };
}

/** The entities Telegram detects in plain text a person typed. */
export function detectEntities(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  const rules: [RegExp, MessageEntity["type"]][] = [
    [/(?<![\w/])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?/g, "bot_command"],
    [/(?<!\w)@[A-Za-z0-9_]{5,32}/g, "mention"],
    [/(?<!\w)#[\p{L}\p{N}_]+/gu, "hashtag"],
    [/\bhttps?:\/\/[^\s]+/g, "url"],
  ];
  for (const [re, type] of rules) {
    for (const m of text.matchAll(re))
      found.push({ type, offset: m.index, length: m[0].length } as MessageEntity);
  }
  return found.sort((a, b) => a.offset - b.offset);
}
