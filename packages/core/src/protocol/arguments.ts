// Positional calls (`bot.sendMessage(chatId, text, { parse_mode })`) become one parameter object,
// named by the method table. Mistakes are caught here, before anything is sent.
import { METHODS, type MethodName } from "../generated/methods.js";
import { isInputFileLike } from "../input-file.js";

/** The parameters of one request, by wire name. */
export type RequestParams = Record<string, unknown>;

/** Whether the method table knows this method. */
export function isKnownMethod(method: string): method is MethodName {
  return Object.hasOwn(METHODS, method);
}

/**
 * Where a method's per-call options (signal, timeout) sit among its positional arguments: after
 * the required parameters and, when the method has optional parameters, after their object.
 */
export function callOptionsIndex(method: MethodName): number {
  const info = METHODS[method];
  return info.required.length + (info.params.length > info.required.length ? 1 : 0);
}

/**
 * Maps a known method's positional arguments (its required parameters in spec order, then an
 * optional options object, then the per-call options) to a parameter object. Throws a TypeError
 * naming the method and the parameter for a missing required argument, too many arguments, or an
 * options value that is not an object.
 */
export function bindArguments(method: MethodName, args: ArrayLike<unknown>): RequestParams {
  const required = METHODS[method].required;
  const count = required.length;
  const callIndex = callOptionsIndex(method);
  if (args.length > callIndex + 1) {
    const options = callIndex > count ? ", an options object" : "";
    throw new TypeError(
      `${method}() takes ${describeRequired(required)}${options} and the call's options, but got ${args.length} arguments`,
    );
  }
  const options = callIndex > count && args.length > count ? args[count] : undefined;
  if (options !== undefined && options !== null && !isOptionsObject(options)) {
    const what = count === 0 ? "its first argument" : `argument ${count + 1} (after ${required.join(", ")})`;
    throw new TypeError(`${method}() expects an options object as ${what}, got ${describeValue(options)}`);
  }
  const params: RequestParams = {};
  for (let i = 0; i < count; i++) {
    const name = required[i] as string;
    const value = args[i];
    if (value === undefined || value === null) {
      throw new TypeError(
        `${method}() is missing its required parameter "${name}" (argument ${i + 1} of ${describeRequired(required)})`,
      );
    }
    params[name] = value;
  }
  if (options) {
    for (const key of Object.keys(options)) {
      if (Object.hasOwn(params, key)) {
        throw new TypeError(`${method}() got "${key}" both as an argument and in the options object`);
      }
      params[key] = (options as RequestParams)[key];
    }
  }
  return params;
}

/**
 * The per-call options among a method's arguments (`index` from {@link callOptionsIndex}), or
 * undefined when none were given. Throws a TypeError when the value there is not an object.
 */
export function callOptionsAt(method: string, args: ArrayLike<unknown>, index: number): object | undefined {
  if (args.length <= index) return undefined;
  const value = args[index];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(
      `${method}() expects the call's options ({ signal, timeout }) as argument ${index + 1}, got ${describeValue(value)}`,
    );
  }
  return value;
}

function isOptionsObject(value: unknown): value is RequestParams {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isInputFileLike(value);
}

function describeRequired(required: readonly string[]): string {
  if (required.length === 0) return "no positional arguments";
  const noun = required.length === 1 ? "argument" : "arguments";
  return `${required.length} positional ${noun} (${required.join(", ")})`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (isInputFileLike(value)) return "an upload";
  return typeof value;
}
