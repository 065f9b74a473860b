/**
 * Calling code the user gave the plugin (onFail, the rate limiter's hooks): whatever it does,
 * a throw or a rejected promise, it is reported once through `failed` and goes no further,
 * neither to the client nor to the process as an unhandled rejection.
 * @module
 */

/** Calls `callback`; a throw, or a rejection of the promise it returns, goes to `failed` once. */
export function callGuarded<A extends unknown[]>(callback: (...args: A) => unknown, args: A, failed: (error: unknown) => void): void {
  let result: unknown
  try {
    result = callback(...args)
  } catch (error) {
    failed(error)
    return
  }
  if (isThenable(result)) {
    try {
      result.then(undefined, failed)
    } catch (error) {
      // A thenable whose `then` itself throws.
      failed(error)
    }
  }
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
}
