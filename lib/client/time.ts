/**
 * Timers and cancellation for the client: every wait clamped to what a timer can hold, and an
 * `AbortSignal` that ends a wait, a call or a body read at once. Browser-safe: no Node API.
 * @module
 */

/**
 * The longest delay `setTimeout` keeps: 2³¹−1 ms (24.8 days). Browsers and Node store the delay in
 * a signed 32-bit integer; a longer one becomes 1 ms (Node warns `TimeoutOverflowWarning`).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

/** `ms` as a delay a timer keeps: never past MAX_TIMER_MS, never negative. */
export function timerMs(ms: number): number {
  return Math.min(Math.max(0, ms), MAX_TIMER_MS)
}

/** Rejects with the signal's reason when it aborts first, as `fetch` does; else settles as `promise`. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** Waits `ms` (clamped); an abort clears the timer, so no timer outlives it. */
export function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal === undefined) {
      setTimeout(resolve, timerMs(ms))
      return
    }
    signal.throwIfAborted()
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, timerMs(ms))
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
