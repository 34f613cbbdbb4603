// Errors cross from the worker as {name, message, props}. Here they become the real classes again,
// so `instanceof TelegramError` (and every subclass) works on the calling thread. Refusals from
// Telegram are rebuilt with core's telegramErrorFrom, so TelegramError subclasses registered on
// this thread apply too. Messages were made by the worker's Bot, which never puts the token in them.
import { QueueFull, StopTimeout } from "@telepot/async";
import {
  BadFlavor,
  BadHTTPResponse,
  IdleTerminate,
  LateUpdate,
  MalformedUpdate,
  NetworkError,
  PollingStopped,
  type ResponseParameters,
  StopListening,
  TelepotError,
  telegramErrorFrom,
  UnknownContentType,
  WaitTooLong,
} from "@telepot/core";
import type { WireError } from "../sync/protocol.js";

type ErrorClass = abstract new (...args: never[]) => Error;

// Classes a worker may throw, by name. Anything else comes back as a plain Error with its fields.
const CLASSES: Record<string, ErrorClass> = {
  TelepotError,
  BadFlavor,
  UnknownContentType,
  BadHTTPResponse,
  NetworkError,
  WaitTooLong,
  IdleTerminate,
  StopListening,
  MalformedUpdate,
  LateUpdate,
  PollingStopped,
  StopTimeout,
  QueueFull,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

function isTelegramRefusal(props: Record<string, unknown>): boolean {
  return (
    typeof props.method === "string" &&
    typeof props.description === "string" &&
    "parameters" in props &&
    "errorCode" in props
  );
}

/** Rebuilds an error that crossed from the worker as its own class, with its fields and cause. */
export function reviveError(wire: WireError): Error {
  const props = wire.props;
  let error: Error;
  if (isTelegramRefusal(props)) {
    error = telegramErrorFrom({
      method: props.method as string,
      description: props.description as string,
      errorCode: typeof props.errorCode === "number" ? props.errorCode : undefined,
      parameters: (props.parameters ?? {}) as ResponseParameters,
    });
  } else {
    const cls = CLASSES[wire.name] ?? Error;
    // Built with the class as new.target: the right prototype without running its constructor.
    error = Reflect.construct(Error, [wire.message], cls) as Error;
    for (const [key, value] of Object.entries(props)) {
      Object.defineProperty(error, key, {
        value,
        writable: true,
        configurable: true,
        enumerable: key !== "cause",
      });
    }
    if (error.name !== wire.name) {
      Object.defineProperty(error, "name", { value: wire.name, writable: true, configurable: true });
    }
  }
  // The stack of the calling thread: it shows where the blocking call was made.
  Error.captureStackTrace(error, reviveError);
  return error;
}
