/**
 * `fastify-error-catalogue/client`: the caller's side of a catalogue. `parseError(response)`
 * reads an error response of any of the four body formats (or none at all) into one shape,
 * and `withRetry(fn, options)` retries the retryable ones, honouring `Retry-After`.
 * No Fastify and no Node-only API: it runs in browsers and in Node 20+ with `fetch`.
 * @module
 */
import { type BodyLimits, type BodySource, type BodyUnread, type ReceivedBody, MAX_DEPTH, deeperThan, isJsonMediaType, readBody } from './client/body.js'
import { type ForeignFields, FOREIGN_READERS, withStripeMembers } from './client/foreign.js'
import { MAX_TIMER_MS, untilAborted, wait } from './client/time.js'
import { readFlatObject } from './formats/flat/read.js'
import { type BodyReader, type ReadFields, BODY_READERS } from './formats/readers.js'
import { isRecord, text } from './formats/reader.js'
import { retryAfterSeconds as readRetryAfter } from './retry-after.js'
import type { CatalogueCode } from './types.js'

export { MAX_TIMER_MS } from './client/time.js'
export type { BodyUnread } from './client/body.js'

// ---------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------

/**
 * What `parseError` needs of a response: a `fetch` `Response` fits, so does a look-alike. With a
 * `body` stream, at most `maxBodyBytes` are kept as they arrive; with `text()` only, the text is
 * cut after it arrives.
 */
export interface ResponseLike {
  readonly status: number
  readonly statusText?: string
  readonly headers: { get(name: string): string | null }
  readonly body?: BodySource['body']
  readonly bodyUsed?: boolean | undefined
  text(): Promise<string>
}

/**
 * One error response, whatever its body format. `C` is the code union: the catalogue's
 * codes by default (narrowed by a generated module), or `string` for any server.
 */
export interface ParsedError<C extends string = CatalogueCode> {
  /** The HTTP status of the response. */
  readonly status: number
  /** The catalogue code; for a body without one, the generic code of the status (`503` → `service_unavailable`). */
  readonly code: C
  readonly message: string
  readonly fix: string | undefined
  /** `details`, or the validation items (`errors` in problem bodies, `validation_errors` in oauth ones). */
  readonly details: unknown
  /** The code's parameters, machine-readable (nested, flat and problem bodies carry them). */
  readonly params: Readonly<Record<string, string | number | boolean>> | undefined
  /** Seconds to wait before retrying: the `Retry-After` header (seconds or HTTP-date), else the body's `retry_after`. */
  readonly retryAfter: number | undefined
  /** The body's `request_id`, else the `Request-Id` or `X-Request-Id` header. */
  readonly requestId: string | undefined
  /** A problem's `type` URI (`about:blank` included), or a Stripe-style error's `type` (`card_error`). */
  readonly type?: string | undefined
  /** The request member a Stripe-style error is about (`param`). */
  readonly param?: string | undefined
  /** A page about the error: `doc_url`, or oauth's `error_uri`. */
  readonly docUrl?: string | undefined
  /**
   * The error object's members that no field above reads, as sent: a problem's extension
   * members, Stripe's `decline_code`. `{}` when there are none.
   */
  readonly extensions?: Readonly<Record<string, unknown>>
  /** The whole body as received: the parsed JSON, else the text (the part kept); `undefined` when empty or unreadable. */
  readonly body?: unknown
  /** Bytes of the body that arrived, those past `maxBodyBytes` included (counted, not kept); `undefined` from `parseErrorBody`. */
  readonly bodyBytes?: number | undefined
  /**
   * Why the body was not read as an error, when it was not for one of these reasons (the fields
   * then come from the status and headers): `'too-large'` (over `maxBodyBytes`), `'timed-out'`
   * (not ended within `bodyTimeoutMs`), `'too-deep'` (nested deeper than 128 levels),
   * `'read-failed'` (already read, or the connection dropped).
   */
  readonly bodyUnread?: BodyUnread | undefined
}

/** Shared across copies of this package, so `isApiError` works with duplicate installs. */
const kBrand = Symbol.for('fastify-error-catalogue.ApiError')

/**
 * A parsed error response as an `Error`, so it can be thrown; `withRetry` throws it when
 * it gives up. `toJSON()` gives the plain fields.
 * @example
 * if (!res.ok) throw await parseError(res)
 */
export class ApiError<C extends string = CatalogueCode> extends Error implements ParsedError<C> {
  declare readonly status: number
  declare readonly code: C
  declare readonly fix: string | undefined
  declare readonly details: unknown
  declare readonly params: Readonly<Record<string, string | number | boolean>> | undefined
  declare readonly retryAfter: number | undefined
  declare readonly requestId: string | undefined
  declare readonly type: string | undefined
  declare readonly param: string | undefined
  declare readonly docUrl: string | undefined
  declare readonly extensions: Readonly<Record<string, unknown>>
  declare readonly body: unknown
  declare readonly bodyBytes: number | undefined
  declare readonly bodyUnread: BodyUnread | undefined

  constructor(fields: ParsedError<C>) {
    super(fields.message)
    this.status = fields.status
    this.code = fields.code
    this.fix = fields.fix
    this.details = fields.details
    this.params = fields.params
    this.retryAfter = fields.retryAfter
    this.requestId = fields.requestId
    this.type = fields.type
    this.param = fields.param
    this.docUrl = fields.docUrl
    this.extensions = fields.extensions ?? {}
    this.body = fields.body
    this.bodyBytes = fields.bodyBytes
    this.bodyUnread = fields.bodyUnread
  }

  toJSON(): ParsedError<C> {
    const { status, code, message, fix, details, params, retryAfter, requestId, type, param, docUrl, extensions, body, bodyBytes, bodyUnread } = this
    return { status, code, message, fix, details, params, retryAfter, requestId, type, param, docUrl, extensions, body, bodyBytes, bodyUnread }
  }
}

Object.defineProperty(ApiError.prototype, 'name', { value: 'ApiError', writable: true, configurable: true })
Object.defineProperty(ApiError.prototype, kBrand, { value: true })

/** True for an `ApiError` from any copy of this package. */
export function isApiError(value: unknown): value is ApiError<string> {
  return typeof value === 'object' && value !== null && (value as { [kBrand]?: unknown })[kBrand] === true
}

// ---------------------------------------------------------------------------------------
// parseError
// ---------------------------------------------------------------------------------------

/**
 * The generic code and reason phrase per status, for bodies that carry no code (a proxy's
 * HTML 502, an empty 503). The same table as the server's; a test keeps them in step.
 */
export const STATUS_FALLBACKS: Readonly<Record<number, readonly [code: string, reason: string]>> = {
  400: ['bad_request', 'Bad Request'],
  401: ['unauthenticated', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not_found', 'Not Found'],
  405: ['method_not_allowed', 'Method Not Allowed'],
  409: ['conflict', 'Conflict'],
  413: ['payload_too_large', 'Payload Too Large'],
  414: ['uri_too_long', 'URI Too Long'],
  415: ['unsupported_media_type', 'Unsupported Media Type'],
  429: ['rate_limit_exceeded', 'Too Many Requests'],
  500: ['internal_error', 'Internal Server Error'],
  502: ['bad_gateway', 'Bad Gateway'],
  503: ['service_unavailable', 'Service Unavailable'],
  504: ['upstream_timeout', 'Gateway Timeout']
}

export interface ParseOptions {
  /** The clock for an HTTP-date `Retry-After`, in ms since the epoch. Default: `Date.now`. */
  now?: () => number
  /** The most bytes of a body kept; the rest is counted (`bodyBytes`), not kept, and the body is not read as an error. Default: `1048576` (1 MiB). */
  maxBodyBytes?: number
  /** How long the body may take to end, in ms; then it is given up on (`bodyUnread: 'timed-out'`) and the error comes from the status. Default: `10000`. */
  bodyTimeoutMs?: number
  /** Cancels the body read: `parseError` rejects with the signal's reason, as `fetch` does. */
  signal?: AbortSignal | undefined
}

/** The response's status line and the headers `parseError` reads, for `parseErrorBody`. */
export interface ResponseMeta {
  status: number
  statusText?: string | undefined
  /** The raw `Retry-After` header value. */
  retryAfter?: string | null | undefined
  /** The raw `Request-Id` or `X-Request-Id` header value, used when the body has no `request_id`. */
  requestId?: string | null | undefined
  /** The `Content-Type` header: when given and not JSON (`text/html`), the body is not read as an error. */
  contentType?: string | null | undefined
}

/** The defaults of ParseOptions. */
const DEFAULT_MAX_BODY_BYTES = 1_048_576
const DEFAULT_BODY_TIMEOUT_MS = 10_000

interface ReadSettings extends BodyLimits {
  readonly now: () => number
}

function readSettings(options: ParseOptions | undefined, who: string): ReadSettings {
  return {
    now: options?.now ?? Date.now,
    maxBytes: Math.floor(count(options?.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, `${who}: maxBodyBytes`)),
    timeoutMs: count(options?.bodyTimeoutMs, DEFAULT_BODY_TIMEOUT_MS, `${who}: bodyTimeoutMs`),
    signal: options?.signal
  }
}

/**
 * Reads an error response of any format into `{ status, code, message, fix, details, params,
 * retryAfter, requestId }` plus what it does not know (`type`, `param`, `docUrl`,
 * `extensions`, the raw `body`). It reads nested `{"error":{code,message}}` (Stripe's too),
 * flat `{code,message}`, oauth `{error,error_description}`, problem+json and
 * `{"errors":[{code,…}]}`. A body that is empty, not JSON or of another shape still gives a
 * result, from the status; so does one over `maxBodyBytes` or not ended within `bodyTimeoutMs`.
 * @example
 * const res = await fetch('/v1/projects/7')
 * if (!res.ok) {
 *   const error = await parseError(res)
 *   if (error.code === 'resource_not_found') showMissing(error.params?.id)
 * }
 */
export async function parseError<C extends string = CatalogueCode>(response: ResponseLike, options?: ParseOptions): Promise<ApiError<C>> {
  return readError<C>(response, readSettings(options, 'parseError'))
}

async function readError<C extends string>(response: ResponseLike, settings: ReadSettings): Promise<ApiError<C>> {
  const received = await readBody(response, settings)
  const meta: ResponseMeta = {
    status: response.status,
    statusText: response.statusText,
    retryAfter: response.headers.get('retry-after'),
    requestId: text(response.headers.get('request-id')) ?? response.headers.get('x-request-id'),
    contentType: response.headers.get('content-type')
  }
  const { body, readable, unread } = interpret(received, meta.contentType)
  return errorFrom<C>({ body, readable, meta, now: settings.now(), bytes: received.bytes, unread })
}

/** The body as an error reads it: JSON when whole, typed JSON (or untyped) and not too deep; else its text. */
function interpret(received: ReceivedBody, contentType: string | null | undefined): { body: unknown; readable: boolean; unread: BodyUnread | undefined } {
  const raw = received.text === '' ? undefined : received.text
  // RFC 9110 §8.3: without a Content-Type a recipient may examine the data, so an untyped body is tried as JSON.
  if (received.unread !== undefined || raw === undefined || isJsonMediaType(contentType) === false) return { body: raw, readable: false, unread: received.unread }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return { body: raw, readable: false, unread: undefined }
  }
  if (deeperThan(parsed, MAX_DEPTH)) return { body: raw, readable: false, unread: 'too-deep' }
  return { body: parsed, readable: true, unread: undefined }
}

/**
 * `parseError` for a body you already have (axios' `error.response.data`, a cached body). A body
 * nested deeper than 128 levels is not read (nor kept: `body` is undefined), so `JSON.stringify`
 * of the error never overflows the stack.
 * @example
 * const error = parseErrorBody(err.response.data, { status: err.response.status, retryAfter: err.response.headers['retry-after'] })
 */
export function parseErrorBody<C extends string = CatalogueCode>(body: unknown, meta: ResponseMeta, options?: ParseOptions): ApiError<C> {
  const now = (options?.now ?? Date.now)()
  if (deeperThan(body, MAX_DEPTH)) return errorFrom<C>({ body: undefined, readable: false, meta, now, bytes: undefined, unread: 'too-deep' })
  return errorFrom<C>({ body, readable: isJsonMediaType(meta.contentType) !== false, meta, now, bytes: undefined, unread: undefined })
}

/** Everything an ApiError is made from, once the body is in. */
interface ErrorSource {
  readonly body: unknown
  /** Whether the body is read as an error at all (JSON, whole, not too deep). */
  readonly readable: boolean
  readonly meta: ResponseMeta
  readonly now: number
  readonly bytes: number | undefined
  readonly unread: BodyUnread | undefined
}

/** The formats' readers, then the foreign ones; the first to claim a body reads it. */
const READERS: readonly BodyReader[] = [...Object.values(BODY_READERS), ...FOREIGN_READERS]
const NOTHING_READ: ReadFields = { extensions: {} }

function readFields(body: Readonly<Record<string, unknown>>): ForeignFields {
  for (const reader of READERS) {
    const fields = reader.read(body)
    if (fields !== undefined) return withStripeMembers(fields)
  }
  // A shape nobody claims: its top-level members, as flat bodies have them.
  return withStripeMembers(readFlatObject(body))
}

function errorFrom<C extends string>({ body, readable, meta, now, bytes, unread }: ErrorSource): ApiError<C> {
  const fields: ForeignFields = readable && isRecord(body) ? readFields(body) : NOTHING_READ
  const fallback = STATUS_FALLBACKS[meta.status]
  return new ApiError<C>({
    status: meta.status,
    code: (fields.code ?? fallback?.[0] ?? (meta.status >= 500 ? 'internal_error' : 'client_error')) as C,
    message: fields.message ?? text(meta.statusText) ?? fallback?.[1] ?? `HTTP ${meta.status}`,
    fix: fields.fix,
    details: fields.details,
    params: fields.params,
    retryAfter: headerSeconds(meta.retryAfter, now) ?? fields.retryAfter,
    requestId: fields.requestId ?? text(meta.requestId),
    type: fields.type,
    param: fields.param,
    docUrl: fields.docUrl,
    extensions: fields.extensions,
    body,
    bodyBytes: bytes,
    bodyUnread: unread
  })
}

/**
 * `Retry-After` as whole seconds from now: delta-seconds, or an HTTP-date (RFC 9110 §10.2.3),
 * capped at one year; a date in the past is `0`, anything unreadable `undefined`. The same
 * reading as the server's (lib/retry-after.ts); the whitespace an HTTP parser strips is stripped.
 */
export function retryAfterSeconds(value: string | null | undefined, now: number = Date.now()): number | undefined {
  return headerSeconds(value, now)
}

function headerSeconds(value: string | null | undefined, now: number): number | undefined {
  return typeof value === 'string' ? readRetryAfter(value.trim(), now) : undefined
}

// ---------------------------------------------------------------------------------------
// withRetry
// ---------------------------------------------------------------------------------------

/** Which statuses `withRetry` retries, split by whether the server may have acted on the request. */
export interface RetryOn {
  /**
   * Retried for every request: the answer says the request was not carried out (the limiter
   * refused it, the service could not take it). Default: `[429, 503]`.
   */
  always?: Iterable<number>
  /**
   * Retried only when repeating the request is safe (an idempotent method, an
   * `Idempotency-Key`, or `idempotent: true`): the server may have acted before failing.
   * Default: `[500, 502, 504]`.
   */
  ifIdempotent?: Iterable<number>
}

/** The default `retryOn`. */
export const DEFAULT_RETRY_ON: { readonly always: readonly number[]; readonly ifIdempotent: readonly number[] } = Object.freeze({
  always: Object.freeze([429, 503]),
  ifIdempotent: Object.freeze([500, 502, 504])
})

/**
 * Every status the default policy retries: `DEFAULT_RETRY_ON.always` for any request, and
 * `DEFAULT_RETRY_ON.ifIdempotent` for a request that is safe to repeat.
 * @deprecated Read `DEFAULT_RETRY_ON`, which says which statuses need a safe request.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([...DEFAULT_RETRY_ON.always, ...DEFAULT_RETRY_ON.ifIdempotent])

/**
 * What `fn` sends, as far as retrying goes: `RequestInit` (what you pass to `fetch`) fits.
 * `headers` may be a `Headers`, a record or a list of pairs.
 */
export interface RetryRequest {
  /** Default: `'GET'`, as for `fetch`. */
  method?: string | undefined
  headers?: { get(name: string): string | null } | ReadonlyArray<readonly string[]> | Readonly<Record<string, string | readonly string[] | undefined>> | undefined
}

/** RFC 9110 §9.2.2: sending one of these twice has the effect of sending it once. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE'])

export interface RetryInfo {
  /** The retry about to happen: 1 for the first retry. */
  attempt: number
  /** How long it waits first. */
  delayMs: number
  error: ApiError<string>
}

export interface RetryOptions extends Pick<ParseOptions, 'maxBodyBytes' | 'bodyTimeoutMs'> {
  /** Retries after the first attempt. Default: `3`. */
  retries?: number
  /** Backoff base: retry n waits a random time in [0, min(maxMs, baseMs · 2ⁿ⁻¹)) (full jitter). Default: `500`. */
  baseMs?: number
  /**
   * The longest single wait. A `Retry-After` asking for longer ends the retries: `withRetry`
   * rejects with that answer (`error.retryAfter` says when) rather than retry early. Values past
   * `MAX_TIMER_MS` (2³¹−1 ms, what a timer holds) count as it. Default: `30000`.
   */
  maxMs?: number
  /** The statuses retried; each key given replaces its default. Default: `DEFAULT_RETRY_ON` (`{ always: [429, 503], ifIdempotent: [500, 502, 504] }`). */
  retryOn?: RetryOn
  /**
   * The request `fn` sends (the init you pass to `fetch`), to tell whether it is safe to repeat:
   * an idempotent method (GET, HEAD, OPTIONS, TRACE, PUT, DELETE) or an `Idempotency-Key`
   * header. Default: unknown, which is not safe: only `retryOn.always` is retried.
   */
  request?: RetryRequest
  /** `true`: safe to repeat whatever the method (your server deduplicates it); `false`: never. Default: decided from `request`. */
  idempotent?: boolean
  /** Codes your catalogue marks `retryable: true`, retried whatever their status and method. Default: none. */
  retryableCodes?: Iterable<string>
  /**
   * Ends everything at once, a call, a body read or a wait, and `withRetry` rejects with the
   * signal's reason, as `fetch` does. Give the same signal to `fetch` in `fn`, so the request
   * itself is cancelled too. Default: none.
   */
  signal?: AbortSignal | undefined
  /** Called before each wait (for logs or a UI countdown). */
  onRetry?: (info: RetryInfo) => void
  /** Waits `ms` milliseconds; replace it in tests. It gets the signal; an abort rejects at once whatever it does. Default: `setTimeout`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** A number in [0, 1) for the jitter. Default: `Math.random`. */
  random?: () => number
  /** The clock for an HTTP-date `Retry-After`. Default: `Date.now`. */
  now?: () => number
}

/**
 * Calls `fn` until it succeeds, retrying only retryable errors: 429 and 503 always; 500, 502
 * and 504 when the request is safe to repeat (see `request` and `idempotent`); the codes in
 * `retryableCodes`. It waits `Retry-After` when the server sent one, and never retries sooner:
 * when that is longer than `maxMs` it rejects with the answer; otherwise it waits an exponential
 * backoff with full jitter. `fn` may return a response (an error status is parsed with
 * `parseError`, within `maxBodyBytes` and `bodyTimeoutMs`) or throw an `ApiError`; anything else
 * it throws is not retried. Resolves with the first successful result; rejects with the last
 * `ApiError` when the error is not retryable or the retries are used up, and with the signal's
 * reason when `signal` aborts.
 * @example
 * const init = { method: 'POST', headers: { 'idempotency-key': crypto.randomUUID() }, body }
 * const res = await withRetry(() => fetch(url, init), { retries: 3, request: init })
 * const data = await res.json()
 */
export async function withRetry<R>(fn: (attempt: number) => Promise<R>, options: RetryOptions = {}): Promise<R> {
  const retries = count(options.retries, 3, 'withRetry: retries')
  const baseMs = count(options.baseMs, 500, 'withRetry: baseMs')
  const maxMs = Math.min(count(options.maxMs, 30_000, 'withRetry: maxMs'), MAX_TIMER_MS)
  const always = statuses(options.retryOn?.always, DEFAULT_RETRY_ON.always, 'retryOn.always')
  const ifIdempotent = statuses(options.retryOn?.ifIdempotent, DEFAULT_RETRY_ON.ifIdempotent, 'retryOn.ifIdempotent')
  const safe = options.idempotent ?? (options.request !== undefined && safeToRepeat(options.request))
  const codes = new Set(options.retryableCodes ?? [])
  const sleep = options.sleep ?? wait
  const random = options.random ?? Math.random
  const { signal } = options
  const reading = readSettings(options, 'withRetry')
  const retryable = (error: ApiError<string>) => always.has(error.status) || (safe && ifIdempotent.has(error.status)) || codes.has(error.code)

  const run = async (attempt: number): Promise<R> => {
    signal?.throwIfAborted()
    let error: ApiError<string>
    try {
      const result = await untilAborted(fn(attempt), signal)
      if (!isErrorResponse(result)) return result
      error = await readError<string>(result, reading)
    } catch (thrown) {
      if (!isApiError(thrown)) throw thrown
      error = thrown
    }
    if (attempt >= retries || !retryable(error)) throw error
    const delayMs = error.retryAfter === undefined ? Math.floor(random() * Math.min(maxMs, baseMs * 2 ** attempt)) : error.retryAfter * 1000
    // Retrying before the server's Retry-After only earns the same answer (issue 20).
    if (delayMs > maxMs) throw error
    options.onRetry?.({ attempt: attempt + 1, delayMs, error })
    await untilAborted(sleep(delayMs, signal), signal)
    return run(attempt + 1)
  }
  return run(0)
}

function safeToRepeat(request: RetryRequest): boolean {
  return IDEMPOTENT_METHODS.has((request.method ?? 'GET').toUpperCase()) || hasIdempotencyKey(request.headers)
}

/** An `Idempotency-Key` header (draft-ietf-httpapi-idempotency-key-header): the server runs a repeat once. */
function hasIdempotencyKey(headers: RetryRequest['headers']): boolean {
  if (headers == null) return false
  if (isHeaders(headers)) return headers.get('idempotency-key') !== null
  const names = Array.isArray(headers) ? headers.map(pair => pair[0]) : Object.keys(headers)
  return names.some(name => typeof name === 'string' && name.toLowerCase() === 'idempotency-key')
}

function isErrorResponse(value: unknown): value is ResponseLike {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<ResponseLike>
  return typeof candidate.status === 'number' && candidate.status >= 400 && typeof candidate.text === 'function'
}

function count(value: number | undefined, fallback: number, label: string): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${label} must be a finite number >= 0, got ${String(value)}`)
  }
  return value
}

function isHeaders(value: object): value is { get(name: string): string | null } {
  return typeof (value as { get?: unknown }).get === 'function'
}

function statuses(value: Iterable<number> | undefined, fallback: readonly number[], name: string): ReadonlySet<number> {
  const set = new Set(value ?? fallback)
  for (const status of set) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`withRetry: ${name} must hold error statuses (400-599), got ${String(status)}`)
    }
  }
  return set
}
