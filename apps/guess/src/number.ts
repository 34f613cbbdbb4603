// Reading a guess the way Python's int() reads text: surrounding whitespace, an optional sign,
// decimal digits with single underscores between them, any size (compared exactly as a BigInt).

const INTEGER = /^[+-]?\d+(?:_\d+)*$/;

/** The integer in `text`, or undefined when int(text) would raise ValueError. */
export function parseGuess(text: string): bigint | undefined {
  const trimmed = text.trim();
  if (!INTEGER.test(trimmed)) return undefined;
  return BigInt(trimmed.replaceAll("_", ""));
}

/** The hint for a guess: "larger" when the secret is greater, "smaller" when it is less. */
export function hint(secret: number, guess: bigint): "larger" | "smaller" | "Correct!" {
  const s = BigInt(secret);
  if (s > guess) return "larger";
  if (s < guess) return "smaller";
  return "Correct!";
}
