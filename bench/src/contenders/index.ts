// The registry of contenders, in table order.
import { grammy } from "./grammy.ts";
import { ntba } from "./ntba.ts";
import { telegraf } from "./telegraf.ts";
import { telepot, telepotAtMostOnce, telepotDurable } from "./telepot.ts";
import type { Contender, ContenderId } from "./types.ts";
import { undici } from "./undici.ts";

/** Every contender, in the order tables list them. */
export const CONTENDERS: readonly Contender[] = [
  telepot,
  telepotAtMostOnce,
  telepotDurable,
  grammy,
  telegraf,
  ntba,
  undici,
];

/** The contenders that take part in a scenario (a variant lists its scenarios; the rest take part in all). */
export function contendersOf(scenarioId: string, contenders: readonly Contender[]): readonly Contender[] {
  return contenders.filter((contender) => contender.scenarios?.includes(scenarioId) ?? true);
}

/** The contender with this id (throws on an unknown id: a typo on the command line). */
export function contenderById(id: string): Contender {
  const found = CONTENDERS.find((contender) => contender.id === id);
  if (!found) throw new Error(`unknown contender "${id}" (known: ${CONTENDERS.map((c) => c.id).join(", ")})`);
  return found;
}

export type { Contender, ContenderId };
