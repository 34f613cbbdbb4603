// The emoji of a text as wholes: the text is split into grapheme clusters (what a person sees as one
// character), so a ZWJ sequence, a flag or an emoji with its skin tone is one emoji, named as one.
import { emojiName } from "./emoji-names.ts";

/** One emoji found in a text, with its CLDR name. */
export interface NamedEmoji {
  readonly emoji: string;
  readonly name: string;
}

/** Made on first use: creating a segmenter loads ICU's break rules, which startup does not need. */
let graphemes: Intl.Segmenter | undefined;

/**
 * The distinct emoji among the first `limit` code points of `text`, in order. An emoji that starts
 * within the limit is named as a whole even if it runs past it.
 */
export function decodedEmoji(text: string, limit: number): NamedEmoji[] {
  const found = new Map<string, NamedEmoji>();
  let position = 0;
  graphemes ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  for (const { segment } of graphemes.segment(text)) {
    if (position >= limit) break;
    position += Array.from(segment).length;
    if (found.has(segment)) continue;
    const name = emojiName(segment);
    if (name !== undefined) found.set(segment, { emoji: segment, name });
  }
  return [...found.values()];
}
