// CLDR names of emoji, from emojibase-data's English compact dataset. The data (570 kB of JSON) is
// read on the first lookup, not at startup, and only hexcode -> label is kept.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** One entry of emojibase-data's compact.json (the fields Emodi reads). */
interface CompactEmoji {
  readonly hexcode: string;
  readonly label: string;
  readonly skins?: readonly CompactEmoji[];
}

const ZWJ = 0x200d;
/** Variation selectors: the dataset's hexcodes mostly omit them, and text may carry them or not. */
const VARIATION_SELECTORS = new Set([0xfe0e, 0xfe0f]);
const isSkinTone = (codePoint: number) => codePoint >= 0x1f3fb && codePoint <= 0x1f3ff;

let names: Map<string, string> | undefined;

/** The lookup key of a sequence of code points: uppercase hex joined by "-", variation selectors left out. */
function keyOf(codePoints: readonly number[]): string {
  return codePoints
    .filter((cp) => !VARIATION_SELECTORS.has(cp))
    .map((cp) => cp.toString(16).toUpperCase().padStart(4, "0"))
    .join("-");
}

function loadNames(): Map<string, string> {
  const path = createRequire(import.meta.url).resolve("emojibase-data/en/compact.json");
  const data = JSON.parse(readFileSync(path, "utf8")) as CompactEmoji[];
  const map = new Map<string, string>();
  const add = (emoji: CompactEmoji) => {
    map.set(keyOf(emoji.hexcode.split("-").map((h) => Number.parseInt(h, 16))), emoji.label);
    for (const skin of emoji.skins ?? []) add(skin);
  };
  for (const emoji of data) add(emoji);
  return map;
}

function lookup(codePoints: readonly number[]): string | undefined {
  names ??= loadNames();
  return codePoints.length === 0 ? undefined : names.get(keyOf(codePoints));
}

/** A sequence the dataset lacks, named from its parts: its base with its skin tones, else ZWJ parts joined by "+". */
function nameFromParts(codePoints: readonly number[]): string | undefined {
  const tones = codePoints.filter(isSkinTone);
  if (tones.length > 0) {
    const base = nameOf(codePoints.filter((cp) => !isSkinTone(cp)));
    if (base !== undefined) return `${base}: ${tones.map((t) => lookup([t])).join(", ")}`;
  }
  if (codePoints.includes(ZWJ)) {
    const parts: number[][] = [[]];
    for (const cp of codePoints) {
      if (cp === ZWJ) parts.push([]);
      else parts.at(-1)?.push(cp);
    }
    const named = parts.map(nameOf).filter((n) => n !== undefined);
    if (named.length > 0) return named.join(" + ");
  }
  // Last resort: the code points the dataset names on their own (e.g. two unpaired regional indicators).
  const named = codePoints.map((cp) => lookup([cp])).filter((n) => n !== undefined);
  return named.length > 0 && codePoints.length > 1 ? named.join(" + ") : undefined;
}

function nameOf(codePoints: readonly number[]): string | undefined {
  return lookup(codePoints) ?? nameFromParts(codePoints);
}

/**
 * The CLDR name of one emoji given as a whole (a grapheme cluster: a ZWJ sequence, a flag, an emoji
 * with its skin tone), or undefined when it is not an emoji. The first call loads the dataset.
 */
export function emojiName(emoji: string): string | undefined {
  return nameOf(Array.from(emoji, (char) => char.codePointAt(0) as number));
}
