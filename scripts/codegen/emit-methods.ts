// Emits packages/core/src/generated/methods.ts: for every Bot API method its parameter type, its
// result type, the calling convention (required parameters positional in spec order, the rest in
// an options object) as the ApiCalls interface, and the run-time method table the drivers use.
import { HEADER, jsdoc, lit, pascal } from "./emit.ts";
import { emitField, tsUnion } from "./emit-types.ts";
import { docText, type Spec, type SpecMethod, splitArray, uploadCarryingTypes } from "./spec.ts";
import { type BoundBy, methodTraits, type Traits } from "./traits.ts";

const Q = "T.";

/** A method's result: "Boolean" results are documented "Returns True on success". */
function resultType(m: SpecMethod): string {
  return [...new Set(m.returns.map((r) => (r === "Boolean" ? "true" : tsUnion([r], Q))))].join(" | ");
}

function paramsName(m: SpecMethod) {
  return `${pascal(m.name)}Params`;
}
function optionsName(m: SpecMethod) {
  return `${pascal(m.name)}Options`;
}

function emitParams(m: SpecMethod): string {
  const fields = m.fields ?? [];
  const doc = jsdoc(`Parameters of {@link ApiCalls.${m.name}}.`, "", [`@see ${m.href}`]);
  if (fields.length === 0) return `${doc}export type ${paramsName(m)} = Record<string, never>;\n`;
  const body = fields.map((f) => emitField(f, undefined, Q)).join("");
  const required = fields.filter((f) => f.required).map((f) => lit(f.name));
  const optionsDoc = jsdoc(
    `The optional parameters of {@link ApiCalls.${m.name}}, passed as its last argument.`,
  );
  const options =
    required.length === 0
      ? `${optionsDoc}export type ${optionsName(m)} = ${paramsName(m)};\n`
      : `${optionsDoc}export type ${optionsName(m)} = Omit<${paramsName(m)}, ${required.join(" | ")}>;\n`;
  return `${doc}export interface ${paramsName(m)} {\n${body}}\n${options}`;
}

/** The positional signature: required parameters in spec order, then `options?`, then the call's options. */
function signature(m: SpecMethod): string {
  const fields = m.fields ?? [];
  const args = fields.filter((f) => f.required).map((f) => `${f.name}: ${tsUnion(f.types, Q)}`);
  // sendPoll has a required parameter named "options"; its options object is then "extra".
  const optionsArg = fields.some((f) => f.required && f.name === "options") ? "extra" : "options";
  if (fields.some((f) => !f.required)) args.push(`${optionsArg}?: ${optionsName(m)}`);
  args.push("call?: CallOptionsFor<Mode>");
  return `(${args.join(", ")}): Returned<Mode, ${resultType(m)}>`;
}

/** A method's traits as JSON (a boundBy of undefined is null there: JSON has no undefined). */
function traitsJson(t: Traits): string {
  const boundBy = t.boundBy === undefined ? "null" : lit(t.boundBy);
  return `{ "safeToRepeat": ${t.safeToRepeat}, "floodLimited": ${t.floodLimited}, "chatBound": ${t.chatBound}, "messageBound": ${t.messageBound}, "boundBy": ${boundBy} }`;
}

/** The names of the methods a helper offers, as a union of string literals. */
function boundUnion(traits: Map<string, Traits>, by: BoundBy): string {
  const names = [...traits].filter(([, t]) => t.boundBy === by).map(([name]) => lit(name));
  return names.length === 0 ? "never" : names.join(" | ");
}

export function emitMethods(spec: Spec, source: string): string {
  const methods = Object.values(spec.methods);
  const carrying = uploadCarryingTypes(spec);
  const out: string[] = [
    HEADER(source),
    `import type { InputFileLike } from "../input-file.js";\nimport type { CallOptionsFor } from "../protocol/call-options.js";\nimport type * as T from "./types.js";\n`,
  ];

  out.push(
    jsdoc(
      "How a driver delivers a result: the async package returns a Promise, the blocking one the value itself.",
    ) + `export type CallMode = "async" | "blocking";\n`,
    jsdoc("The result of a call in the given mode.") +
      `export type Returned<Mode extends CallMode, V> = Mode extends "blocking" ? V : Promise<V>;\n`,
  );

  for (const m of methods) out.push(emitParams(m));

  const calls = methods.map(
    (m) => jsdoc(docText(m.description), "  ", [`@see ${m.href}`]) + `  ${m.name}${signature(m)};\n`,
  );
  out.push(
    jsdoc(
      "Every Bot API method, in the calling convention of telepot: required parameters positional in spec order, optional ones in an options object, then the call's own options (signal, timeout).",
    ) + `export interface ApiCalls<Mode extends CallMode> {\n${calls.join("")}}\n`,
  );
  out.push(
    jsdoc("The names of all Bot API methods.") + `export type MethodName = keyof ApiCalls<"async">;\n`,
  );
  out.push(
    jsdoc("The parameter object of each method, by name.") +
      `export interface MethodParams {\n${methods.map((m) => `  /** The parameters of ${m.name}. */\n  ${m.name}: ${paramsName(m)};\n`).join("")}}\n`,
  );
  out.push(
    jsdoc("The result of each method, by name.") +
      `export interface MethodResults {\n${methods.map((m) => `  /** The result of ${m.name}. */\n  ${m.name}: ${resultType(m)};\n`).join("")}}\n`,
  );

  out.push(
    jsdoc("What the drivers need to know about a method at run time.") +
      `export interface MethodInfo {
  /** Required parameters, in the order the positional arguments take them. */
  readonly required: readonly string[];
  /** Every parameter the method takes, in spec order. */
  readonly params: readonly string[];
  /** Parameters that may carry an upload, directly or nested (attach://). */
  readonly uploads: readonly string[];
  /** The spec's result types ("Message", "Array of Update", "Boolean"). */
  readonly returns: readonly string[];
  /** What the drivers do differently for this method (retry, flood control, bound helpers). */
  readonly traits: MethodTraits;
}\n`,
  );
  out.push(
    jsdoc(
      "The traits of a method, derived from the spec by the rules in scripts/codegen/traits.ts (the reasons are there).",
    ) +
      `export interface MethodTraits {
  /** Repeating it after an unknown outcome cannot do anything twice (reads, setters, edits, answers): retry may repeat it. */
  readonly safeToRepeat: boolean;
  /** It posts a message, which counts against Telegram's per-chat and overall limits: flood control paces it. */
  readonly floodLimited: boolean;
  /** It takes \`chat_id\` (required, or optional beside another address). */
  readonly chatBound: boolean;
  /** It addresses one existing message (\`inline_message_id\`, or \`chat_id\` with \`message_id\`). */
  readonly messageBound: boolean;
  /** The bound helper that offers it with the chat or message filled in: Sender, Administrator or Editor. */
  readonly boundBy: "sender" | "administrator" | "editor" | undefined;
}\n`,
  );
  const traits = methodTraits(spec);
  out.push(
    jsdoc("The methods each bound helper offers (MethodTraits.boundBy), by helper.") +
      `export interface BoundMethods {\n${(["sender", "administrator", "editor"] as const)
        .map((by) => `  /** The methods whose boundBy is "${by}". */\n  ${by}: ${boundUnion(traits, by)};\n`)
        .join("")}}\n`,
  );
  const table = methods.map((m) => {
    const fields = m.fields ?? [];
    const names = (pred: (f: (typeof fields)[number]) => boolean) =>
      `[${fields
        .filter(pred)
        .map((f) => lit(f.name))
        .join(", ")}]`;
    const uploads = names((f) => f.types.some((t) => carrying.has(splitArray(t).base)));
    return `  ${lit(m.name)}: { "required": ${names((f) => f.required)}, "params": ${names(() => true)}, "uploads": ${uploads}, "returns": ${JSON.stringify(m.returns)}, "traits": ${traitsJson(traits.get(m.name) as Traits)} }`;
  });
  const json = `{\n${table.join(",\n")}\n}`;
  // The JSON goes into a template literal as it is: nothing in it may end or interpolate the literal.
  if (/[`\\]|\$\{/.test(json)) throw new Error("the method table's JSON cannot go into a template literal");
  out.push(
    `${jsdoc("The method table: every Bot API method and its calling convention.")}export const METHODS: { readonly [K in MethodName]: MethodInfo } = /* @__PURE__ */ methodTable(\`${json}\`);\n`,
    `// The table is JSON text parsed at import: V8 parses JSON several times faster than it compiles the
// same object literal, and as a literal the table was the largest piece of code run when the package
// loads. A boundBy of null in the JSON is undefined in the table. The call is marked pure, so that a
// bundle that does not use the table leaves it out, as it did the literal.
function methodTable(json: string): { readonly [K in MethodName]: MethodInfo } {
  const table = JSON.parse(json) as Record<string, { traits: { boundBy: string | null | undefined } }>;
  for (const info of Object.values(table)) info.traits.boundBy ??= undefined;
  return table as unknown as { readonly [K in MethodName]: MethodInfo };
}
`,
  );
  return out.join("\n");
}
