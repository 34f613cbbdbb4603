// The validation rules of a builder, as the generator writes them: one compact string per type,
// read once, on the builder's first call (so importing a builder costs nothing until it is used).
//
// A rule is `name:kinds[!][=min-max<unit>]`, rules separated by spaces:
//   kinds  alternatives separated by "|", each "[" per array level and then a letter:
//          s string, i integer, f number, b boolean, t the literal true, u an upload
//          (InputFile, bytes, Blob, stream), o an object, a any array
//   !      the field is required
//   unit   b UTF-8 bytes, c characters, p characters of a text that may carry a parse mode,
//          n a number's value, # the number of items of an array

/** How a documented limit is measured. */
export type LimitUnit = "b" | "c" | "p" | "n" | "#";

/** A documented range a field's value (or its length) must lie in. */
export interface Limit {
  /** The smallest allowed measure. */
  readonly min: number;
  /** The largest allowed measure. */
  readonly max: number;
  /** What is measured. */
  readonly unit: LimitUnit;
}

/** What a builder checks about one field. */
export interface FieldRule {
  /** The field's name on the wire. */
  readonly name: string;
  /** The kinds the value may have (see the letters above); one must match. */
  readonly kinds: readonly string[];
  /** Whether the field must be present. */
  readonly required: boolean;
  /** The documented limit, if any. */
  readonly limit: Limit | undefined;
}

const RULE = /^([a-z0-9_]+):([a-z[|]+)(!?)(?:=(\d+)-(\d+)([bcpn#]))?$/;

/** Reads a type's rule string; a malformed rule is a generator bug and throws. */
export function parseRules(text: string): FieldRule[] {
  if (text === "") return [];
  return text.split(" ").map((part) => {
    const m = RULE.exec(part);
    if (!m) throw new Error(`malformed builder rule ${JSON.stringify(part)}`);
    const [, name = "", kinds = "", required, min, max, unit] = m;
    return {
      name,
      kinds: kinds.split("|"),
      required: required === "!",
      limit: unit ? { min: Number(min), max: Number(max), unit: unit as LimitUnit } : undefined,
    };
  });
}
