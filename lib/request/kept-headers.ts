/**
 * The headers of a thrown error (http-errors' `headers`, Boom's `output.headers`) that its
 * answer keeps: only those a status needs to mean what it says, by RFC 9110. Anything else
 * an error carries (cookies, internal ids) is dropped.
 * @module
 */
import { HEADER_NAME } from '../load/catalogue-schema.js'

/** Header name (lower case) → the statuses whose answers keep it. */
const KEPT: ReadonlyMap<string, readonly number[]> = new Map([
  ['www-authenticate', [401]], // §15.5.2: a 401 MUST send a challenge
  ['proxy-authenticate', [407]], // §15.5.8
  ['allow', [405]], // §15.5.6: a 405 MUST list the allowed methods
  ['accept', [415]], // §15.5.16: what the server would have accepted
  ['accept-encoding', [415]],
  ['accept-patch', [415]], // RFC 5789 §2.2
  ['accept-post', [415]],
  ['content-range', [416]], // §15.5.17
  ['retry-after', [413, 429, 503]] // §10.2.3 and RFC 6585 §4; becomes the answer's one retry time
])

/**
 * Whether a header is one that an answer with this status needs (a 401's challenge, a 405's
 * Allow): one the app set on the reply before failing is then the app's, and the catalogue's
 * default for it does not replace it.
 */
export function isKept(name: string, status: number): boolean {
  return KEPT.get(name.toLowerCase())?.includes(status) === true
}

/** The kept headers of a thrown error for the status it is answered with, or undefined for none. */
export function keptHeaders(fields: Record<string, unknown>, status: number): Record<string, string> | undefined {
  const output = fields.isBoom === true && typeof fields.output === 'object' && fields.output !== null ? (fields.output as Record<string, unknown>) : undefined
  const headers = output?.headers ?? fields.headers
  if (typeof headers !== 'object' || headers === null) return undefined
  let kept: Record<string, string> | undefined
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || !isKept(name, status)) continue
    const text = headerText(value)
    if (text === undefined) continue
    kept ??= {}
    kept[name] = text
  }
  return kept
}

/** A string, a number, or several values (several challenges) joined as one list. */
function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (Array.isArray(value) && value.every(item => typeof item === 'string')) return value.join(', ')
  return undefined
}
