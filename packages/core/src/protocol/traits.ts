// Lookups of the generated method traits (scripts/codegen/traits.ts holds the rules and their
// reasons). A method the table does not know (a newer one called through `call()`) has no table
// entry: its name decides, by the same rules the generator applied (./method-verbs.ts).
import { METHODS, type MethodTraits } from "../generated/methods.js";
import { isFloodLimitedByName, isSafeToRepeatByName } from "./method-verbs.js";

/** The traits of a Bot API method, or undefined for a method the generated table does not know. */
export function traitsOf(method: string): MethodTraits | undefined {
  return Object.hasOwn(METHODS, method) ? METHODS[method as keyof typeof METHODS].traits : undefined;
}

/** Whether repeating the method after an unknown outcome cannot do anything twice. */
export function isSafeToRepeat(method: string): boolean {
  return traitsOf(method)?.safeToRepeat ?? isSafeToRepeatByName(method);
}

/** Whether a method sends something into a chat and so counts against the outgoing limits. */
export function isFloodLimited(method: string): boolean {
  return traitsOf(method)?.floodLimited ?? isFloodLimitedByName(method);
}
