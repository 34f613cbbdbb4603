// The registry of contenders, in table order.
import { grammy } from "./grammy.ts";
import { ntba } from "./ntba.ts";
import { telegraf } from "./telegraf.ts";
import { telepot } from "./telepot.ts";
import type { Contender, ContenderId } from "./types.ts";
import { undici } from "./undici.ts";

/** Every contender, in the order tables list them. */
export const CONTENDERS: readonly Contender[] = [telepot, grammy, telegraf, ntba, undici];

/** The contender with this id (throws on an unknown id: a typo on the command line). */
export function contenderById(id: string): Contender {
  const found = CONTENDERS.find((contender) => contender.id === id);
  if (!found) throw new Error(`unknown contender "${id}" (known: ${CONTENDERS.map((c) => c.id).join(", ")})`);
  return found;
}

export type { Contender, ContenderId };
