// The trace stage of the pipeline: publishes each call's start, end and error on
// node:diagnostics_channel, so tracing and metrics need no wrapper. Costs one check per call when
// nobody subscribes.
import { channel } from "node:diagnostics_channel";
import { CALL_CHANNELS, type Middleware } from "./pipeline.js";

const start = channel(CALL_CHANNELS.start);
const end = channel(CALL_CHANNELS.end);
const failed = channel(CALL_CHANNELS.error);
let lastCallId = 0;

function listened(): boolean {
  return start.hasSubscribers || end.hasSubscribers || failed.hasSubscribers;
}

/** Publishes a call's start; the returned functions publish its end or its error. */
function begin(method: string): { ended(): void; failed(error: unknown): void } {
  const callId = ++lastCallId;
  start.publish({ method, callId });
  const began = performance.now();
  return {
    ended: () => end.publish({ method, callId, durationMs: performance.now() - began }),
    failed: (error) => failed.publish({ method, callId, durationMs: performance.now() - began, error }),
  };
}

/** The trace stage of the async Bot. */
export const traceAsync: Middleware<"async"> = (request, next) => {
  if (!listened()) return next(request);
  const call = begin(request.method);
  return next(request).then(
    (result) => {
      call.ended();
      return result;
    },
    (error: unknown) => {
      call.failed(error);
      throw error;
    },
  );
};

/** The trace stage of the blocking Bot (the same messages, published on the calling thread). */
export const traceBlocking: Middleware<"blocking"> = (request, next) => {
  if (!listened()) return next(request);
  const call = begin(request.method);
  try {
    const result = next(request);
    call.ended();
    return result;
  } catch (error) {
    call.failed(error);
    throw error;
  }
};
