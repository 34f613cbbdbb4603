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
};

const HTML_ESCAPES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Applies `parseMode` (HTML, Markdown, MarkdownV2) to `text`; without one the text is taken as is. */
export function applyParseMode(text: string, parseMode: string | undefined): Formatted {
  if (!parseMode) return { text, entities: [] };
  const mode = parseMode.toLowerCase();
  if (mode === "html") return parseHtml(text);
  if (mode === "markdown" || mode === "markdownv2") return parseMarkdown(text, mode === "markdownv2");
  throw badRequest(`unsupported parse_mode "${parseMode}"`);
}

function parseHtml(source: string): Formatted {
  let text = "";
  const entities: MessageEntity[] = [];
  const open: { tag: string; offset: number; url?: string }[] = [];
  const re = /<(\/?)([a-zA-Z-]+)([^>]*)>|&(#?\w+);|([^<&]+)|([<&])/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const [, closing, tagRaw, attrs, named, plain, stray] = m;
    if (plain !== undefined) text += plain;
    else if (named !== undefined) {
      const hex = /^#x/i.test(named);
      const code = named.startsWith("#")
        ? Number.parseInt(named.slice(hex ? 2 : 1), hex ? 16 : 10)
        : Number.NaN;
      const ch = named.startsWith("#")
        ? Number.isFinite(code)
          ? String.fromCodePoint(code)
          : undefined
        : HTML_ESCAPES[named];
      if (ch === undefined) throw badRequest(`can't parse entities: unsupported HTML entity "&${named};"`);
      text += ch;
    } else if (stray !== undefined) {
      throw badRequest(`can't parse entities: unexpected "${stray}" at byte offset ${m.index}`);
    } else {
      const tag = (tagRaw as string).toLowerCase();
      const spoilerSpan = tag === "span" && /class\s*=\s*["']?tg-spoiler/.test(attrs ?? "");
      const known = HTML_TAGS[tag] ?? (spoilerSpan ? "spoiler" : undefined);
      if (!known && tag !== "span")
        throw badRequest(`can't parse entities: unsupported start tag "${tag}" at byte offset ${m.index}`);
      if (!closing) {
        const url = /href\s*=\s*["']([^"']*)["']/.exec(attrs ?? "")?.[1];
        open.push({ tag, offset: text.length, ...(url !== undefined ? { url } : {}) });
      } else {
        const top = open.pop();
        if (!top || top.tag !== tag)
          throw badRequest(
            `can't parse entities: unmatched end tag at byte offset ${m.index}, expected "</${top?.tag ?? ""}>", found "</${tag}>"`,
          );
        const type = HTML_TAGS[top.tag] ?? "spoiler";
        if (text.length > top.offset) {
          const entity = { type, offset: top.offset, length: text.length - top.offset } as MessageEntity;
          if (type === "text_link") (entity as { url?: string }).url = top.url ?? "";
          entities.push(entity);
        }
      }
    }
  }
  if (open.length > 0)
    throw badRequest(
      `can't parse entities: can't find end tag corresponding to start tag "${open[open.length - 1]?.tag}"`,
    );
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
      throw badRequest(
        `can't parse entities: character '${ch}' is reserved and must be escaped with the preceding '\\'`,
      );
    }
    text += ch;
    i++;
  }
  const unclosed = open[open.length - 1];
  if (unclosed)
    throw badRequest(
      `can't parse entities: can't find end of ${unclosed.type} entity at byte offset ${unclosed.offset}`,
    );
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
