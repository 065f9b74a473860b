/**
 * Reading an error response's body within bounds: at most `maxBytes` kept (the rest counted, not
 * kept), given up on when it does not end within `timeoutMs` or when the signal aborts; read as
 * JSON only when its media type says JSON, and only when it nests no deeper than MAX_DEPTH.
 * Browser-safe: streams, TextDecoder and timers only.
 * @module
 */
import { timerMs } from './time.js'

/** Why a body was not read as an error when it was not: cut, unfinished, too deep, or unreadable. */
export type BodyUnread = 'too-large' | 'timed-out' | 'too-deep' | 'read-failed'

/** What `readBody` needs of a response: a `fetch` `Response` fits; a look-alike with `text()` only does too. */
export interface BodySource {
  readonly body?: { getReader(): ByteReader } | null | undefined
  readonly bodyUsed?: boolean | undefined
  text(): Promise<string>
}

interface ByteReader {
  read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>
  cancel(reason?: unknown): Promise<void>
}

export interface BodyLimits {
  readonly maxBytes: number
  readonly timeoutMs: number
  readonly signal: AbortSignal | undefined
}

/** The text kept, how many bytes arrived in all, and why the body is not whole, if it is not. */
export interface ReceivedBody {
  readonly text: string
  readonly bytes: number
  readonly unread: BodyUnread | undefined
}

/**
 * The deepest nesting read as JSON. `JSON.parse` builds any depth, but `JSON.stringify`,
 * `structuredClone` and loggers recurse, and a 200,000-deep body throws `RangeError` there.
 * serde_json's default recursion limit, far above any error body's.
 */
export const MAX_DEPTH = 128

const TIMED_OUT = Symbol('timed out')
/** The signal aborted, with this reason. */
interface Aborted {
  readonly aborted: unknown
}
/** What ends a read early: the time is up, or the signal aborted. */
type Stop = typeof TIMED_OUT | Aborted

/** Reads `response`'s body within `limits`; rejects only with the signal's reason, as `fetch` does. */
export async function readBody(response: BodySource, limits: BodyLimits): Promise<ReceivedBody> {
  limits.signal?.throwIfAborted()
  if (response.bodyUsed === true) return READ_FAILED
  const stop = stopper(limits)
  let received: ReceivedBody | Aborted
  try {
    const stream = response.body
    received = typeof stream?.getReader === 'function' ? await readStream(stream.getReader(), limits.maxBytes, stop.stopped) : await readText(response, limits.maxBytes, stop.stopped)
  } catch {
    // The connection dropped mid-body, or the body was locked: the status still says something.
    // An abort is the caller's, and rejects (fetch's own abort of the same signal included).
    received = limits.signal?.aborted === true ? { aborted: limits.signal.reason } : READ_FAILED
  } finally {
    stop.clear()
  }
  if ('aborted' in received) throw received.aborted
  return received
}

const READ_FAILED: ReceivedBody = Object.freeze({ text: '', bytes: 0, unread: 'read-failed' })

/** One promise that resolves when the time is up or the signal aborts, whichever comes first. */
function stopper({ timeoutMs, signal }: BodyLimits): { stopped: Promise<Stop>; clear(): void } {
  let stop!: (why: Stop) => void
  const stopped = new Promise<Stop>(resolve => {
    stop = resolve
  })
  const timer = setTimeout(() => stop(TIMED_OUT), timerMs(timeoutMs))
  if (signal === undefined) return { stopped, clear: () => clearTimeout(timer) }
  const onAbort = () => stop({ aborted: signal.reason })
  signal.addEventListener('abort', onAbort, { once: true })
  return {
    stopped,
    clear() {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
    }
  }
}

async function readStream(reader: ByteReader, maxBytes: number, stopped: Promise<Stop>): Promise<ReceivedBody | Aborted> {
  const kept = keeper(maxBytes)
  for (;;) {
    const next = await Promise.race([reader.read(), stopped])
    if (next === TIMED_OUT || 'aborted' in next) {
      // Cancelling releases the connection; a stream whose cancel never settles must not hold us.
      reader.cancel().catch(() => {})
      return next === TIMED_OUT ? kept.done('timed-out') : next
    }
    if (next.done) return kept.done(undefined)
    if (next.value !== undefined) kept.add(next.value)
  }
}

/** A look-alike without a stream: its text, raced against the same stop, then bounded the same way. */
async function readText(response: BodySource, maxBytes: number, stopped: Promise<Stop>): Promise<ReceivedBody | Aborted> {
  const next = await Promise.race([response.text(), stopped])
  const kept = keeper(maxBytes)
  if (next === TIMED_OUT) return kept.done('timed-out')
  if (typeof next !== 'string') return next
  kept.add(new TextEncoder().encode(next))
  return kept.done(undefined)
}

/** Keeps the first `maxBytes` bytes as text and counts every byte. */
function keeper(maxBytes: number) {
  const decoder = new TextDecoder()
  let text = ''
  let keptBytes = 0
  let bytes = 0
  return {
    add(chunk: Uint8Array) {
      bytes += chunk.byteLength
      const room = maxBytes - keptBytes
      if (room <= 0) return
      const part = chunk.byteLength <= room ? chunk : chunk.subarray(0, room)
      text += decoder.decode(part, { stream: true })
      keptBytes += part.byteLength
    },
    done(unread: BodyUnread | undefined): ReceivedBody {
      text += decoder.decode()
      return { text, bytes, unread: unread ?? (bytes > maxBytes ? 'too-large' : undefined) }
    }
  }
}

/**
 * Whether a Content-Type names JSON (WHATWG MIME Sniffing §4.6: `application/json`, `text/json`,
 * or any `+json` subtype such as `application/problem+json`); undefined when there is none.
 */
export function isJsonMediaType(contentType: string | null | undefined): boolean | undefined {
  if (contentType === null || contentType === undefined || contentType.trim() === '') return undefined
  const essence = contentType.split(';', 1)[0]!.trim().toLowerCase()
  return essence === 'application/json' || essence === 'text/json' || /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]*\+json$/.test(essence)
}

/** Whether `value` nests deeper than `max` (iteratively: a deep value must not blow this stack either). */
export function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  const seen = new WeakSet<object>()
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, depth] = next
    if (typeof item !== 'object' || item === null || seen.has(item)) continue
    if (depth >= max) return true
    seen.add(item)
    const children: unknown[] = Array.isArray(item) ? item : Object.values(item)
    for (const child of children) stack.push([child, depth + 1])
  }
  return false
}
