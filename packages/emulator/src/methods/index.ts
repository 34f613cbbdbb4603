// The table of simulated methods; every other method of the spec validates its parameters and
// answers a minimal well-formed value of its return type.
import type { MethodName, MethodResults } from "@telepot/core";
import { METHOD_SHAPES } from "../generated/spec-table.js";
import { synthesize } from "../spec/synthesize.js";
import { botInfoMethods } from "./bot-info.js";
import { chatMethods } from "./chats.js";
import type { Handler, MethodTable } from "./context.js";
import { draftMethods } from "./drafts.js";
import { editMethods } from "./edit.js";
import { forwardMethods } from "./forward.js";
import { interactionMethods } from "./interactions.js";
import { sendMethods } from "./send.js";
import { updateMethods } from "./updates.js";

/** Methods simulated in depth, by spec name. */
export const SIMULATED: Readonly<MethodTable> = {
  ...updateMethods,
  ...botInfoMethods,
  ...sendMethods,
  ...forwardMethods,
  ...editMethods,
  ...interactionMethods,
  ...chatMethods,
  ...draftMethods,
};

/** Spec names by lower-case name: Telegram's method names are case-insensitive. */
const BY_LOWER = new Map(Object.keys(METHOD_SHAPES).map((name) => [name.toLowerCase(), name]));

/** The spec's name of a method as a client spelled it, if the method exists. */
export function resolveMethod(name: string): string | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/** The handler of a method: the simulation, or the synthesized answer. */
export function handlerFor(method: string): Handler {
  const simulated = (SIMULATED as Readonly<Record<string, Handler | undefined>>)[method];
  if (simulated) return simulated;
  const returns = METHOD_SHAPES[method]?.returns ?? ["Boolean"];
  return () => synthesize(returns) as MethodResults[MethodName];
}
