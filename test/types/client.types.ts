// Type tests for the client helper: `npm run typecheck` compiles this file; every @ts-expect-error must be an error.
// The registry here holds the built-ins plus the codes the other type tests register (generated and defineCatalogue).
import type { CatalogueCode } from 'fastify-error-catalogue'
import { ApiError, DEFAULT_RETRY_ON, parseError, parseErrorBody, withRetry, type ParsedError, type RetryOn } from 'fastify-error-catalogue/client'

declare const response: Response

// By default `code` is the catalogue's union: a comparison with a code it does not have fails to compile.
const error = await parseError(response)
const code: CatalogueCode = error.code
if (error.code === 'resource_not_found' || error.code === 'batch_too_large' || error.code === 'defined_quota') void code
// @ts-expect-error not a code of the catalogue
if (error.code === 'resource_not_fund') void code

// An explicit union narrows further; `string` accepts any server's codes.
const mine = await parseError<'job_locked' | 'job_missing'>(response)
const locked: 'job_locked' | 'job_missing' = mine.code
// @ts-expect-error only the given codes
const other: 'job_locked' = mine.code
const anyServer = await parseError<string>(response)
if (anyServer.code === 'whatever_the_server_says') void [locked, other]

const fields: ParsedError = parseErrorBody({ code: 'conflict' }, { status: 409 })
const retryAfter: number | undefined = fields.retryAfter
const asError: Error = new ApiError(fields)
void [retryAfter, asError]

// What parseError does not know, it keeps: optional in ParsedError (objects built by hand
// before these fields existed still fit), always present on an ApiError.
const kept = await parseError<string>(response)
const problemType: string | undefined = kept.type
const docUrl: string | undefined = kept.docUrl
const param: string | undefined = kept.param
const declineCode: unknown = kept.extensions.decline_code
const rawBody: unknown = kept.body
void [problemType, docUrl, param, declineCode, rawBody]
// @ts-expect-error extensions are read-only
kept.extensions.decline_code = 'x'
const handMade = new ApiError({ status: 409, code: 'conflict', message: 'Taken', fix: undefined, details: undefined, params: undefined, retryAfter: undefined, requestId: undefined })
void handMade
parseErrorBody({}, { status: 502, retryAfter: null, requestId: 'req-1' })
// @ts-expect-error the request id header is a string
parseErrorBody({}, { status: 502, requestId: 7 })

// withRetry resolves with what the function resolves with.
const res: Response = await withRetry(() => fetch('https://api.example.com/v1/discover'), { retries: 2, baseMs: 200, maxMs: 10_000 })
const text: string = await withRetry(async () => 'done')
void [res, text]
// @ts-expect-error retries is a number
await withRetry(async () => 1, { retries: '3' })
// @ts-expect-error the function must return a promise
await withRetry(() => 1)

// The retry policy: statuses per kind, the request (a RequestInit fits) or an explicit opt-in.
const init: RequestInit = { method: 'POST', headers: { 'idempotency-key': 'k-1' }, body: '{}' }
await withRetry(() => fetch('https://api.example.com/v1/jobs', init), { request: init })
await withRetry(() => fetch('https://api.example.com/v1/jobs', init), { request: { method: 'POST', headers: new Headers() }, idempotent: true })
await withRetry(async () => 1, { request: { headers: [['idempotency-key', 'k-1']] } })
const jobsPage: RetryOn = { always: [429, 500, 503] }
await withRetry(async () => 1, { retryOn: jobsPage })
await withRetry(async () => 1, { retryOn: { ifIdempotent: new Set([500]) } })
const defaults: readonly number[] = DEFAULT_RETRY_ON.ifIdempotent
void defaults
// @ts-expect-error statuses are numbers
await withRetry(async () => 1, { retryOn: { always: ['429'] } })
// @ts-expect-error retryOn has no such key
await withRetry(async () => 1, { retryOn: { never: [500] } })
// @ts-expect-error idempotent is a boolean
await withRetry(async () => 1, { idempotent: 'yes' })
// @ts-expect-error the default policy cannot be changed in place
DEFAULT_RETRY_ON.always.push(500)

// The README's client example, as written there (`url` and `body` are the reader's).
declare const url: string
declare const body: string
{
  const res = await fetch('/v1/projects/7')
  if (!res.ok) {
    const error = await parseError(res)
    if (error.code === 'resource_not_found') console.log(error.params?.id, error.fix, error.requestId)
  }
  const init = { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body }
  const ok = await withRetry(() => fetch(url, init), {
    request: init, retries: 3, baseMs: 500, maxMs: 30_000, retryableCodes: ['job_locked']
  })
  void ok
}

// Bounds and cancellation: the body limits, the signal (shared with fetch), what the read left unread.
const controller = new AbortController()
const bounded = await parseError(response, { maxBodyBytes: 65_536, bodyTimeoutMs: 5000, signal: controller.signal })
const unread: 'too-large' | 'timed-out' | 'too-deep' | 'read-failed' | undefined = bounded.bodyUnread
const bytes: number | undefined = bounded.bodyBytes
void [unread, bytes]
// @ts-expect-error no such reason
if (bounded.bodyUnread === 'too-slow') void bytes
await withRetry(() => fetch('https://api.example.com/v1/jobs', { signal: controller.signal }), { signal: controller.signal, maxBodyBytes: 1024, bodyTimeoutMs: 1000 })
await withRetry(async () => 1, { sleep: (ms, signal) => new Promise<void>(resolve => { signal?.throwIfAborted(); setTimeout(resolve, ms) }) })
// @ts-expect-error the signal is an AbortSignal
await withRetry(async () => 1, { signal: true })
parseErrorBody({}, { status: 502, contentType: 'text/html' })
