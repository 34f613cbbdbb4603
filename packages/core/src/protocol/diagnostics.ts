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

/** The trace stage of the async Bot. */
export const traceAsync: Middleware<"async"> = (request, next) => {
  if (!listened()) return next(request);
  const method = request.method;
  const callId = ++lastCallId;
  start.publish({ method, callId });
  const began = performance.now();
  return next(request).then(
    (result) => {
      end.publish({ method, callId, durationMs: performance.now() - began });
      return result;
    },
    (error: unknown) => {
      failed.publish({ method, callId, durationMs: performance.now() - began, error });
      throw error;
    },
  );
};

/** The trace stage of the blocking Bot (the same messages, published on the calling thread). */
export const traceBlocking: Middleware<"blocking"> = (request, next) => {
  if (!listened()) return next(request);
  const method = request.method;
  const callId = ++lastCallId;
  start.publish({ method, callId });
  const began = performance.now();
  try {
    const result = next(request);
    end.publish({ method, callId, durationMs: performance.now() - began });
    return result;
  } catch (error) {
    failed.publish({ method, callId, durationMs: performance.now() - began, error });
    throw error;
  }
};
