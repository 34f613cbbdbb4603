// Reading a guess the way Python's int() reads text: surrounding whitespace, an optional sign,
// decimal digits of any script (٤٢ is 42) with single underscores between them, any size
// (compared exactly as a BigInt).

const INTEGER = /^[+-]?\p{Nd}+(?:_\p{Nd}+)*$/u;
const DIGIT = /^\p{Nd}$/u;

/**
 * The value of a decimal digit of any script. Unicode keeps every script's digits as runs of ten
 * consecutive code points, 0 to 9, so the value is the distance to the run's start, modulo 10.
 */
function digitValue(char: string): number {
  const code = char.codePointAt(0) as number;
  let start = code;
  while (DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return (code - start) % 10;
}

/** The integer in `text`, or undefined when int(text) would raise ValueError. */
export function parseGuess(text: string): bigint | undefined {
  const trimmed = text.trim();
  if (!INTEGER.test(trimmed)) return undefined;
  let digits = "";
  for (const char of trimmed) {
    if (char === "_") continue;
    digits += char === "+" || char === "-" ? char : String(digitValue(char));
  }
  return BigInt(digits);
}

/** The hint for a guess: "larger" when the secret is greater, "smaller" when it is less. */
export function hint(secret: number, guess: bigint): "larger" | "smaller" | "Correct!" {
  const s = BigInt(secret);
  if (s > guess) return "larger";
  if (s < guess) return "smaller";
  return "Correct!";
}
