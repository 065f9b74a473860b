/**
 * What a Retry-After says, for the server (values it validates and bounds before sending) and
 * for the client (values it receives): one reading, so both sides agree on every value.
 * Ground floor: imports nothing, runs in browsers too.
 * @module
 */

/** The longest wait a Retry-After says: one year, in seconds. Longer values are cut to it. */
export const MAX_RETRY_AFTER = 31_536_000

const DIGITS = /^\d+$/
/**
 * The three HTTP-date forms (IMF-fixdate, RFC 850, asctime) start with the day name, which is
 * case-sensitive (RFC 9110 §5.6.7); `Date.parse` alone would read `'-5'` or `'Nov 6'` as dates.
 */
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /

/**
 * RFC 9110 §10.2.3 delta-seconds from a number of seconds or a field value (digits or an
 * HTTP-date), rounded up and capped at MAX_RETRY_AFTER; a date in the past is `0`; undefined
 * for anything else. A field value is taken as it is: the HTTP parser has already stripped the
 * whitespace around it (RFC 9110 §5.5), and text with spaces around it is not delta-seconds.
 * @param now the clock for an HTTP-date, in ms since the epoch; read only for a date. Default: `Date.now()`.
 */
export function retryAfterSeconds(value: unknown, now?: number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.min(Math.ceil(value), MAX_RETRY_AFTER) : undefined
  if (typeof value !== 'string') return undefined
  if (DIGITS.test(value)) return Math.min(Number(value), MAX_RETRY_AFTER)
  const date = HTTP_DATE.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(date)) return undefined
  return Math.min(Math.max(0, Math.ceil((date - (now ?? Date.now())) / 1000)), MAX_RETRY_AFTER)
}
