// The engine runs the same code for async handlers (which return promises) and blocking ones
// (which return values): these helpers continue synchronously when nothing is a promise, and only
// wait when something is, so a blocking driver never sees a promise it cannot await.

/** A value, or a promise of it: what user code in either call mode may return. */
export type MaybePromise<T> = T | PromiseLike<T>;

/** Whether a value is a thenable (a promise from async user code). */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * Runs `step` on the value of `value`; `onError` receives a synchronous throw or a rejection.
 * Returns synchronously when `value` is not a promise and `step` does not return one.
 */
export function andThen<T, R>(
  value: MaybePromise<T>,
  step: (value: T) => MaybePromise<R>,
  onError?: (error: unknown) => MaybePromise<R>,
): MaybePromise<R> {
  if (isPromiseLike(value)) {
    return Promise.resolve(value).then(step, onError);
  }
  if (onError === undefined) return step(value);
  try {
    const out = step(value);
    return isPromiseLike(out) ? Promise.resolve(out).then(undefined, onError) : out;
  } catch (error) {
    return onError(error);
  }
}

/** Calls `fn`, turning a synchronous throw into the same path as a rejection. */
export function attempt<R>(
  fn: () => MaybePromise<R>,
  onError: (error: unknown) => MaybePromise<R>,
): MaybePromise<R> {
  let out: MaybePromise<R>;
  try {
    out = fn();
  } catch (error) {
    return onError(error);
  }
  return isPromiseLike(out) ? Promise.resolve(out).then(undefined, onError) : out;
}
