// Python's `unicode-escape` codec, code point by code point, so an emoji made of several code
// points (ZWJ sequences, flags, skin tones, keycaps) shows every one of them.

function hex(codePoint: number, width: number): string {
  return codePoint.toString(16).padStart(width, "0");
}

/** One code point as Python's unicode-escape writes it. */
export function escapeCodePoint(codePoint: number): string {
  if (codePoint === 0x5c) return "\\\\";
  if (codePoint === 0x09) return "\\t";
  if (codePoint === 0x0a) return "\\n";
  if (codePoint === 0x0d) return "\\r";
  if (codePoint >= 0x20 && codePoint < 0x7f) return String.fromCodePoint(codePoint);
  if (codePoint < 0x100) return `\\x${hex(codePoint, 2)}`;
  if (codePoint < 0x10000) return `\\u${hex(codePoint, 4)}`;
  return `\\U${hex(codePoint, 8)}`;
}

/** The code points of `text` (a lone surrogate counts as one, as in Python). */
export function codePoints(text: string): number[] {
  const out: number[] = [];
  // for..of walks code points: a surrogate pair is one step, a lone surrogate its own step.
  for (const char of text) out.push(char.codePointAt(0) as number);
  return out;
}

/** `text` escaped like Python's `text.encode('unicode-escape').decode('ascii')`: 😄 -> \U0001f604. */
export function unicodeEscape(text: string): string {
  return codePoints(text).map(escapeCodePoint).join("");
}
