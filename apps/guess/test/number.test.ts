// Reading a guess like Python's int().
import { describe, expect, it } from "vitest";
import { hint, parseGuess } from "../src/number.ts";

describe("parseGuess", () => {
  it("accepts what int() accepts: whitespace around, a sign, underscores between digits", () => {
    expect(parseGuess("42")).toBe(42n);
    expect(parseGuess(" +50 ")).toBe(50n);
    expect(parseGuess("\t-7\n")).toBe(-7n);
    expect(parseGuess("007")).toBe(7n);
    expect(parseGuess("1_0")).toBe(10n);
    expect(parseGuess("123456789012345678901234567890")).toBe(123456789012345678901234567890n);
  });

  it("reads decimal digits of any script, as int() does", () => {
    expect(parseGuess("٤٢")).toBe(42n); // Arabic-Indic
    expect(parseGuess("४२")).toBe(42n); // Devanagari
    expect(parseGuess("４２")).toBe(42n); // fullwidth
    expect(parseGuess("𝟗𝟗")).toBe(99n); // mathematical bold (consecutive runs of ten)
    expect(parseGuess("-٣_٠")).toBe(-30n);
  });

  it("refuses what int() refuses", () => {
    for (const text of ["", " ", "abc", "4.2", "1e2", "0x10", "_1", "1_", "1__0", "+ 1", "--1", "½"]) {
      expect(parseGuess(text), text).toBeUndefined();
    }
  });
});

describe("hint", () => {
  it("says larger when the secret is greater, smaller when it is less", () => {
    expect(hint(42, 10n)).toBe("larger");
    expect(hint(42, 99n)).toBe("smaller");
    expect(hint(42, 42n)).toBe("Correct!");
    expect(hint(0, -1000000000000000000000n)).toBe("larger");
  });
});
