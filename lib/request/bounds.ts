/**
 * What one request can make the plugin send is bounded: Retry-After is whole delta-seconds
 * under a cap, the same in header and body whoever set it, validation items are capped, and
 * the request id is cut like a parameter.
 * @module
 */
import type { CompiledEntry } from '../load/compile.js'
import type { ValidationItem } from '../types.js'
import { SchemaItem } from '../formats/json.js'
import { truncate } from '../load/template.js'
import { retryAfterSeconds } from '../retry-after.js'

/**
 * The one Retry-After of an answer, sent in the header and the body alike: the per-call
 * `retryAfter`, else a Retry-After among the per-call (or kept) headers, else one already on
 * the reply (the limiter's, the app's), else the entry's. A value that is not delta-seconds
 * is passed over (lib/retry-after.ts reads each, as the client does).
 */
export function retryAfterOf({ onReply, entry, extras }: RetryAfterSources): number | undefined {
  // Most answers have none of the four: skip the reads.
  if (onReply === undefined && entry.retryAfter === undefined && extras?.retryAfter === undefined && extras?.headers === undefined) return undefined
  return retryAfterSeconds(extras?.retryAfter) ?? retryAfterSeconds(retryAfterIn(extras?.headers)) ?? retryAfterSeconds(onReply) ?? retryAfterSeconds(entry.retryAfter)
}

/** Where an answer's Retry-After can come from, most specific first. */
export interface RetryAfterSources {
  /** The per-call `retryAfter` and headers, or what the classifier read off the error. */
  readonly extras: { readonly retryAfter?: unknown; readonly headers?: Readonly<Record<string, unknown>> | undefined } | undefined
  /** The Retry-After already on the reply (the limiter's, the app's), read once by the caller. */
  readonly onReply: unknown
  readonly entry: CompiledEntry
}

function retryAfterIn(headers: Readonly<Record<string, unknown>> | undefined): unknown {
  if (headers === undefined) return undefined
  for (const name of Object.keys(headers)) if (isRetryAfter(name)) return headers[name]
  return undefined
}

/** Per-call headers never set Retry-After themselves: it is folded into the one value above. */
export function isRetryAfter(name: string): boolean {
  return name.toLowerCase() === 'retry-after'
}

/**
 * At most `max` items, and when some were cut, one more that says how many: an item of the
 * usual shape (empty `field`, the part of the last item kept), so every format's schema
 * still accepts the body.
 */
export function capItems<T>(items: readonly T[], max: number, map: (item: T) => ValidationItem): ValidationItem[] {
  const kept = items.slice(0, max).map(map)
  if (items.length <= max) return kept
  const part = kept.at(-1)?.in
  kept.push(new SchemaItem('', typeof part === 'string' ? part : 'body', `${items.length - max} more items not shown`))
  return kept
}

/**
 * The request id as bodies carry it: cut like a parameter (MAX_PARAM_LENGTH, with an ellipsis),
 * since it may come from a request header (`requestIdHeader`) that the client writes.
 */
export function bodyRequestId(id: string): string {
  return truncate(id)
}
