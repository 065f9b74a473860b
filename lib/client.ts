/**
 * `fastify-error-catalogue/client`: the caller's side of a catalogue. `parseError(response)`
 * reads an error response of any of the four body formats (or none at all) into one shape,
 * and `withRetry(fn, options)` retries the retryable ones, honouring `Retry-After`.
 * No Fastify and no Node-only API: it runs in browsers and in Node 20+ with `fetch`.
 * @module
 */
import type { CatalogueCode } from './types.js'

// ---------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------

/** What `parseError` needs of a response: a `fetch` `Response` fits, so does a look-alike. */
export interface ResponseLike {
  readonly status: number
  readonly statusText?: string
  readonly headers: { get(name: string): string | null }
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
  /** The whole body as received: the parsed JSON, else the text; `undefined` when empty or unreadable. */
  readonly body?: unknown
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
  }

  toJSON(): ParsedError<C> {
    const { status, code, message, fix, details, params, retryAfter, requestId, type, param, docUrl, extensions, body } = this
    return { status, code, message, fix, details, params, retryAfter, requestId, type, param, docUrl, extensions, body }
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
}

/** The response's status line and the headers `parseError` reads, for `parseErrorBody`. */
export interface ResponseMeta {
  status: number
  statusText?: string | undefined
  /** The raw `Retry-After` header value. */
  retryAfter?: string | null | undefined
  /** The raw `Request-Id` or `X-Request-Id` header value, used when the body has no `request_id`. */
  requestId?: string | null | undefined
}

/**
 * Reads an error response of any format into `{ status, code, message, fix, details, params,
 * retryAfter, requestId }` plus what it does not know (`type`, `param`, `docUrl`,
 * `extensions`, the raw `body`). It reads nested `{"error":{code,message}}` (Stripe's too),
 * flat `{code,message}`, oauth `{error,error_description}`, problem+json and
 * `{"errors":[{code,…}]}`. A body that is empty, not JSON or of another shape still gives a
 * result, from the status.
 * @example
 * const res = await fetch('/v1/projects/7')
 * if (!res.ok) {
 *   const error = await parseError(res)
 *   if (error.code === 'resource_not_found') showMissing(error.params?.id)
 * }
 */
export async function parseError<C extends string = CatalogueCode>(response: ResponseLike, options?: ParseOptions): Promise<ApiError<C>> {
  let raw = ''
  try {
    raw = await response.text()
  } catch {
    // The body was already read, or the connection dropped mid-body: the status still says something.
  }
  return parseErrorBody<C>(readBody(raw), {
    status: response.status,
    statusText: response.statusText,
    retryAfter: response.headers.get('retry-after'),
    requestId: text(response.headers.get('request-id')) ?? response.headers.get('x-request-id')
  }, options)
}

/**
 * Members some field reads, in any of the shapes: nested and flat, Stripe's, oauth (RFC 6749
 * §5.2) and problem+json (RFC 9457 §3.1; `status`, `title` and `instance` stay in `body`).
 * Every other member of the error object goes to `extensions`.
 */
const READ_MEMBERS: ReadonlySet<string> = new Set([
  'code', 'message', 'fix', 'details', 'params', 'retry_after', 'request_id',
  'type', 'param', 'doc_url',
  'error', 'error_description', 'error_uri', 'validation_errors',
  'status', 'title', 'detail', 'instance', 'errors'
])

/**
 * `parseError` for a body you already have (axios' `error.response.data`, a cached body).
 * @example
 * const error = parseErrorBody(err.response.data, { status: err.response.status, retryAfter: err.response.headers['retry-after'] })
 */
export function parseErrorBody<C extends string = CatalogueCode>(body: unknown, meta: ResponseMeta, options?: ParseOptions): ApiError<C> {
  const top = isRecord(body) ? body : {}
  // nested (and Stripe) keep everything under `error`; oauth puts the code itself there.
  const inner = isRecord(top.error) ? top.error : top
  // `{"errors":[{code,…}]}`: the first item speaks for the body.
  const item = codedItem(top.errors)
  // oauth's `error` is a code; some APIs send a sentence there instead (`{"error":"Rate limit exceeded"}`).
  const oauth = text(top.error)
  const oauthIsCode = oauth !== undefined && (top.error_description !== undefined || !/\s/.test(oauth))
  const fallback = STATUS_FALLBACKS[meta.status]
  const code = (oauthIsCode ? oauth : undefined) ?? text(inner.code) ?? text(item?.code) ?? fallback?.[0] ?? (meta.status >= 500 ? 'internal_error' : 'client_error')
  const message =
    text(inner.message) ?? text(top.error_description) ?? text(top.detail) ?? text(item?.message) ?? text(item?.detail) ?? text(top.title) ??
    (oauthIsCode ? undefined : oauth) ?? text(meta.statusText) ?? fallback?.[1] ?? `HTTP ${meta.status}`
  const now = options?.now ?? Date.now
  return new ApiError<C>({
    status: meta.status,
    code: code as C,
    message,
    fix: text(inner.fix),
    details: inner.details ?? top.errors ?? top.validation_errors,
    params: isRecord(inner.params) ? (inner.params as ParsedError['params']) : undefined,
    retryAfter: headerSeconds(meta.retryAfter, now()) ?? bodySeconds(inner.retry_after),
    requestId: text(inner.request_id) ?? text(meta.requestId),
    type: text(inner.type),
    param: text(inner.param),
    docUrl: text(inner.doc_url) ?? text(top.error_uri),
    extensions: Object.fromEntries(Object.entries(inner).filter(([name]) => !READ_MEMBERS.has(name))),
    body
  })
}

function codedItem(errors: unknown): Record<string, unknown> | undefined {
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined
  return isRecord(first) && text(first.code) !== undefined ? first : undefined
}

/**
 * `Retry-After` as whole seconds from now: delta-seconds, or an HTTP-date (RFC 9110 §10.2.3);
 * a date in the past is `0`, anything unreadable `undefined`.
 */
export function retryAfterSeconds(value: string | null | undefined, now: number = Date.now()): number | undefined {
  return headerSeconds(value, now)
}

function headerSeconds(value: string | null | undefined, now: number): number | undefined {
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  // Every HTTP-date form starts with a day name; Date.parse alone reads '-5' as a year.
  const date = /^[A-Za-z]{3}/.test(trimmed) ? Date.parse(trimmed) : Number.NaN
  if (Number.isNaN(date)) return undefined
  return Math.max(0, Math.ceil((date - now) / 1000))
}

function bodySeconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.ceil(value) : undefined
}

/** The parsed JSON, else the text itself; `undefined` for an empty body. */
function readBody(raw: string): unknown {
  if (raw === '') return undefined
  try {
    return JSON.parse(raw)
  } catch {
    return raw
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A non-empty string, or undefined. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
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

export interface RetryOptions {
  /** Retries after the first attempt. Default: `3`. */
  retries?: number
  /** Backoff base: retry n waits a random time in [0, min(maxMs, baseMs · 2ⁿ⁻¹)) (full jitter). Default: `500`. */
  baseMs?: number
  /** The longest single wait, a `Retry-After` included. Default: `30000`. */
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
  /** Called before each wait (for logs or a UI countdown). */
  onRetry?: (info: RetryInfo) => void
  /** Waits `ms` milliseconds; replace it in tests. Default: `setTimeout`. */
  sleep?: (ms: number) => Promise<void>
  /** A number in [0, 1) for the jitter. Default: `Math.random`. */
  random?: () => number
  /** The clock for an HTTP-date `Retry-After`. Default: `Date.now`. */
  now?: () => number
}

/**
 * Calls `fn` until it succeeds, retrying only retryable errors: 429 and 503 always; 500, 502
 * and 504 when the request is safe to repeat (see `request` and `idempotent`); the codes in
 * `retryableCodes`. It waits `Retry-After` when the server sent one (capped by `maxMs`),
 * otherwise an exponential backoff with full jitter. `fn` may return a response (an error
 * status is parsed with `parseError`) or throw an `ApiError`; anything else it throws is not
 * retried. Resolves with the first successful result; rejects with the last `ApiError` when
 * the error is not retryable or the retries are used up.
 * @example
 * const init = { method: 'POST', headers: { 'idempotency-key': crypto.randomUUID() }, body }
 * const res = await withRetry(() => fetch(url, init), { retries: 3, request: init })
 * const data = await res.json()
 */
export async function withRetry<R>(fn: (attempt: number) => Promise<R>, options: RetryOptions = {}): Promise<R> {
  const retries = count(options.retries, 3, 'retries')
  const baseMs = count(options.baseMs, 500, 'baseMs')
  const maxMs = count(options.maxMs, 30_000, 'maxMs')
  const always = statuses(options.retryOn?.always, DEFAULT_RETRY_ON.always, 'retryOn.always')
  const ifIdempotent = statuses(options.retryOn?.ifIdempotent, DEFAULT_RETRY_ON.ifIdempotent, 'retryOn.ifIdempotent')
  const safe = options.idempotent ?? (options.request !== undefined && safeToRepeat(options.request))
  const codes = new Set(options.retryableCodes ?? [])
  const sleep = options.sleep ?? wait
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const retryable = (error: ApiError<string>) => always.has(error.status) || (safe && ifIdempotent.has(error.status)) || codes.has(error.code)

  const run = async (attempt: number): Promise<R> => {
    let error: ApiError<string>
    try {
      const result = await fn(attempt)
      if (!isErrorResponse(result)) return result
      error = await parseError<string>(result, { now })
    } catch (thrown) {
      if (!isApiError(thrown)) throw thrown
      error = thrown
    }
    if (attempt >= retries || !retryable(error)) throw error
    const delayMs =
      error.retryAfter === undefined ? Math.floor(random() * Math.min(maxMs, baseMs * 2 ** attempt)) : Math.min(error.retryAfter * 1000, maxMs)
    options.onRetry?.({ attempt: attempt + 1, delayMs, error })
    await sleep(delayMs)
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

function wait(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

function isErrorResponse(value: unknown): value is ResponseLike {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<ResponseLike>
  return typeof candidate.status === 'number' && candidate.status >= 400 && typeof candidate.text === 'function'
}

function count(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`withRetry: ${name} must be a finite number >= 0, got ${String(value)}`)
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
