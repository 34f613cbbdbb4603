// The factory behind every generated builder: a name for messages, the constant fields it fills in
// and its rule string. Calling the factory does no work (the generated file marks each call pure so
// bundlers drop unused builders); the rules are read on the builder's first use.
import { type FieldRule, parseRules } from "./rules.js";
import { buildObject } from "./validate.js";

/** A builder of `Out` that needs at least one field; `Fixed` are the fields it fills in itself. */
export type Builder<Out, Fixed extends keyof Out = never> = (fields: Omit<Out, Fixed>) => Out;

/** A builder of `Out` whose fields are all optional, so it may be called without arguments. */
export type OptionalBuilder<Out, Fixed extends keyof Out = never> = (fields?: Omit<Out, Fixed>) => Out;

/** Makes the builder of one Bot API type (used by the generated code). */
export function builder<Out extends object, Fixed extends keyof Out = never>(
  typeName: string,
  constants: Pick<Out, Fixed>,
  rules: string,
): OptionalBuilder<Out, Fixed> {
  let parsed: ReadonlyMap<string, FieldRule> | undefined;
  return (fields) => {
    parsed ??= new Map(parseRules(rules).map((rule) => [rule.name, rule]));
    return buildObject(typeName, constants, parsed, fields) as Out;
  };
}
