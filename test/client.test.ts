import { STATUS_CODES } from 'node:http'
import t from 'tap'
import {
  ApiError,
  STATUS_FALLBACKS,
  isApiError,
  parseError,
  parseErrorBody,
  retryAfterSeconds,
  withRetry,
  type ResponseLike
} from '../lib/client.js'
import type { BuiltinFormatName } from '../lib/index.js'
import { build } from './helpers.js'

/** A real server answer, through `fetch`'s own Response class. */
async function served(t: Parameters<typeof build>[0], format: BuiltinFormatName, code: 'resource_not_found' | 'rate_limit_exceeded' | 'validation_error'): Promise<Response> {
  const app = await build(t, { format })
  app.get('/p/:id', (_req, reply) => reply.fail('resource_not_found', { resource: 'Project', id: '7' }))
  app.get('/busy', (_req, reply) => reply.fail('rate_limit_exceeded', {}, { retryAfter: 12 }))
  app.post('/v', { schema: { body: { type: 'object', required: ['name'] } } }, () => 'ok')
  const res =
    code === 'resource_not_found'
      ? await app.inject('/p/7')
      : code === 'rate_limit_exceeded'
        ? await app.inject('/busy')
        : await app.inject({ method: 'POST', url: '/v', payload: {} })
  return new Response(res.body, { status: res.statusCode, headers: res.headers as Record<string, string> })
}

/** A response whose fields are whatever the test says. */
function response(status: number, body: string, headers: Record<string, string> = {}, statusText = ''): Response {
  return new Response(status === 204 ? null : body, { status, statusText, headers })
}


t.test('parseError reads the same error from each of the four formats', async t => {
  const nested = await parseError(await served(t, 'nested', 'resource_not_found'))
  t.ok(nested instanceof ApiError)
  t.same(nested.toJSON(), {
    status: 404,
    code: 'resource_not_found',
    message: "Project '7' not found",
    fix: nested.fix,
    details: undefined,
    params: { resource: 'Project', id: '7' },
    retryAfter: undefined,
    requestId: 'req-1'
  })
  t.type(nested.fix, 'string')
  t.equal(nested.message, "Project '7' not found")

  const flat = await parseError(await served(t, 'flat', 'resource_not_found'))
  t.same(flat.toJSON(), nested.toJSON())

  const problem = await parseError(await served(t, 'problem', 'resource_not_found'))
  t.same(problem.toJSON(), nested.toJSON())

  const oauth = await parseError(await served(t, 'oauth', 'resource_not_found'))
  // oauth bodies carry neither params, fix nor request id.
  t.same(oauth.toJSON(), { ...nested.toJSON(), fix: undefined, params: undefined, requestId: undefined })
})

t.test('parseError reads validation items and Retry-After in every format', async t => {
  for (const format of ['nested', 'flat', 'oauth', 'problem'] as const) {
    const invalid = await parseError(await served(t, format, 'validation_error'))
    t.equal(invalid.code, 'validation_error', format)
    t.equal(invalid.status, 400, format)
    t.same(invalid.details, [{ field: 'name', in: 'body', message: 'is required' }], format)

    const busy = await parseError(await served(t, format, 'rate_limit_exceeded'))
    t.equal(busy.code, 'rate_limit_exceeded', format)
    t.equal(busy.retryAfter, 12, format)
  }
})

t.test('Retry-After: header first (seconds or HTTP-date), then the body', async t => {
  const now = Date.parse('Sun, 06 Nov 1994 08:49:00 GMT')
  const body = JSON.stringify({ error: { code: 'rate_limit_exceeded', message: 'Slow down', retry_after: 99, request_id: 'r' } })

  t.equal((await parseError(response(429, body, { 'retry-after': '7' }))).retryAfter, 7)
  t.equal((await parseError(response(429, body, { 'retry-after': 'Sun, 06 Nov 1994 08:49:37 GMT' }), { now: () => now })).retryAfter, 37)
  t.equal((await parseError(response(429, body))).retryAfter, 99, 'body when no header')
  t.equal((await parseError(response(429, body, { 'retry-after': 'soon' }))).retryAfter, 99, 'an unreadable header falls back to the body')

  t.equal(retryAfterSeconds('Sun, 06 Nov 1994 08:48:00 GMT', now), 0, 'a past date is now')
  t.equal(retryAfterSeconds(' 120 ', now), 120)
  t.equal(retryAfterSeconds('-5', now), undefined, 'not a year')
  t.equal(retryAfterSeconds('Someday', now), undefined)
  t.equal(retryAfterSeconds(null), undefined)
  t.ok((retryAfterSeconds('Sun, 06 Nov 2994 08:49:37 GMT') ?? 0) > 1e9, 'defaults to the real clock')
  t.equal(parseErrorBody({ retry_after: 2.5 }, { status: 503 }).retryAfter, 3, 'fractional body seconds round up')
  t.equal(parseErrorBody({ retry_after: -1 }, { status: 503 }).retryAfter, undefined)
  t.equal(parseErrorBody({ retry_after: '5' }, { status: 503 }).retryAfter, undefined)
})

t.test('bodies that are not catalogue errors still parse, from the status', async t => {
  const html = await parseError(response(502, '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' }))
  t.same(html.toJSON(), {
    status: 502,
    code: 'bad_gateway',
    message: 'Bad Gateway',
    fix: undefined,
    details: undefined,
    params: undefined,
    retryAfter: undefined,
    requestId: undefined
  })

  const empty = await parseError(response(503, '', { 'retry-after': '30' }, 'Down for maintenance'))
  t.equal(empty.code, 'service_unavailable')
  t.equal(empty.message, 'Down for maintenance', 'the status text when there is one')
  t.equal(empty.retryAfter, 30)

  t.equal((await parseError(response(418, 'null'))).code, 'client_error')
  t.equal((await parseError(response(418, '[1,2]'))).message, 'HTTP 418')
  t.equal((await parseError(response(599, '"oops"'))).code, 'internal_error')

  const foreignProblem = await parseError(
    response(403, JSON.stringify({ type: 'https://example.com/probs/out-of-credit', title: 'You do not have enough credit.', status: 403 }))
  )
  t.equal(foreignProblem.code, 'forbidden', 'a problem without a code gets the status code')
  t.equal(foreignProblem.message, 'You do not have enough credit.', 'title when there is no detail')

  const used = response(404, JSON.stringify({ code: 'not_found', message: 'gone' }))
  await used.text()
  const afterRead = await parseError(used)
  t.equal(afterRead.code, 'not_found', 'a body already read leaves the status')
  t.equal(afterRead.message, 'Not Found')
})

t.test('ApiError is a real, branded Error', async t => {
  const error = parseErrorBody({ code: 'conflict', message: 'Taken' }, { status: 409 })
  t.ok(error instanceof Error)
  t.equal(error.name, 'ApiError')
  t.equal(error.message, 'Taken')
  t.ok(isApiError(error))
  t.notOk(isApiError(new Error('x')))
  t.notOk(isApiError(null))
  t.notOk(isApiError({ code: 'conflict', status: 409 }))
})

t.test('the fallback table agrees with the server and with HTTP reason phrases', async t => {
  const app = await build(t, { rateLimit: true })
  // Every status the built-in catalogue answers with a code of its own (not one made from the reason phrase).
  const claimed = Object.fromEntries(
    Array.from({ length: 200 }, (_, i) => 400 + i)
      .map(status => [status, app.errorCatalogue.codeFor(`status-${status}`)] as const)
      .filter(([, code]) => app.errorCatalogue.has(code) && code !== 'internal_error')
  )
  t.same(Object.fromEntries(Object.entries(STATUS_FALLBACKS).map(([status, [code]]) => [status, code])), { ...claimed, 500: 'internal_error' })
  for (const [status, [, reason]] of Object.entries(STATUS_FALLBACKS)) t.equal(reason, STATUS_CODES[status], status)
})

// ---------------------------------------------------------------------------------------
// withRetry
// ---------------------------------------------------------------------------------------

/** A fake server: answers in order, records each call. */
function script(...answers: (Response | Error)[]) {
  const calls: number[] = []
  const fn = async (attempt: number) => {
    calls.push(attempt)
    const next = answers.shift()
    if (next === undefined) throw new Error('no more answers')
    if (next instanceof Error) throw next
    return next
  }
  return { fn, calls }
}

function clock() {
  const waits: number[] = []
  return { waits, sleep: async (ms: number) => void waits.push(ms) }
}

const unavailable = (headers: Record<string, string> = {}) =>
  response(503, JSON.stringify({ error: { code: 'service_unavailable', message: 'Down', request_id: 'r' } }), headers)

t.test('withRetry waits as long as Retry-After says, then returns the success', async t => {
  const { fn, calls } = script(unavailable({ 'retry-after': '2' }), unavailable({ 'retry-after': '120' }), response(200, '{"ok":true}'))
  const { waits, sleep } = clock()
  const seen: unknown[] = []

  const res = await withRetry(fn, { maxMs: 5000, sleep, onRetry: info => seen.push([info.attempt, info.delayMs, info.error.code]) })

  t.equal(res.status, 200)
  t.same(await res.json(), { ok: true })
  t.same(calls, [0, 1, 2])
  t.same(waits, [2000, 5000], 'the second Retry-After is capped by maxMs')
  t.same(seen, [[1, 2000, 'service_unavailable'], [2, 5000, 'service_unavailable']])
})

t.test('withRetry honours an HTTP-date Retry-After with the injected clock', async t => {
  const now = Date.parse('Sun, 06 Nov 1994 08:49:00 GMT')
  const { fn } = script(unavailable({ 'retry-after': 'Sun, 06 Nov 1994 08:49:04 GMT' }), response(204, ''))
  const { waits, sleep } = clock()
  const res = await withRetry(fn, { sleep, now: () => now })
  t.equal(res.status, 204)
  t.same(waits, [4000])
})

t.test('without Retry-After: exponential backoff with full jitter, capped', async t => {
  const gateway = () => response(502, 'Bad gateway')
  const { fn, calls } = script(gateway(), gateway(), gateway(), gateway(), gateway())
  const { waits, sleep } = clock()

  const failure = await withRetry(fn, { retries: 4, baseMs: 100, maxMs: 500, sleep, random: () => 0.5 }).catch(e => e)

  t.ok(isApiError(failure))
  t.equal(failure.code, 'bad_gateway', 'the last error once retries are used up')
  t.same(calls, [0, 1, 2, 3, 4], 'one call plus four retries')
  t.same(waits, [50, 100, 200, 250], 'half of 100, 200, 400, then of the 500 cap')
})

t.test('errors that are not retryable are thrown at once', async t => {
  const { fn, calls } = script(response(404, JSON.stringify({ code: 'resource_not_found', message: 'gone', request_id: 'r' })))
  const { waits, sleep } = clock()
  const failure = await withRetry(fn, { sleep }).catch(e => e)
  t.equal(failure.code, 'resource_not_found')
  t.equal(failure.status, 404)
  t.same(calls, [0])
  t.same(waits, [])

  const network = new TypeError('fetch failed')
  const offline = script(network)
  t.equal(await withRetry(offline.fn, { sleep }).catch(e => e), network, 'a network error is not an ApiError: not retried')
  t.same(offline.calls, [0])
})

t.test('codes marked retryable are retried whatever their status; thrown ApiErrors too', async t => {
  const locked = () => parseErrorBody({ code: 'job_locked', message: 'Job is locked' }, { status: 409 })
  const { fn, calls } = script(locked(), locked(), response(200, 'done'))
  const { waits, sleep } = clock()
  const res = await withRetry(fn, { retryableCodes: ['job_locked'], baseMs: 10, sleep, random: () => 0.99 })
  t.equal(await res.text(), 'done')
  t.same(calls, [0, 1, 2])
  t.same(waits, [9, 19])

  const unlisted = script(locked())
  t.equal((await withRetry(unlisted.fn, { sleep }).catch(e => e)).code, 'job_locked', 'not retried unless listed')
  t.same(unlisted.calls, [0])
})

t.test('results that are not error responses are returned as they are', async t => {
  t.same(await withRetry(async () => ({ status: 500 })), { status: 500 }, 'no text(): not a response')
  t.equal(await withRetry(async () => 'plain'), 'plain')
  t.equal(await withRetry(async () => null), null)
  const redirect = response(302, '', { location: '/x' })
  t.equal(await withRetry(async () => redirect), redirect)
})

t.test('the default sleep and random work (a zero backoff)', async t => {
  const { fn, calls } = script(unavailable(), response(200, 'ok'))
  const res = await withRetry(fn, { baseMs: 0 })
  t.equal(res.status, 200)
  t.same(calls, [0, 1])
})

t.test('bad options are refused before the first call', async t => {
  let called = false
  const fn = async () => {
    called = true
    return 'x'
  }
  await t.rejects(withRetry(fn, { retries: Number.NaN }), { name: 'RangeError', message: /retries must be a finite number >= 0, got NaN/ })
  await t.rejects(withRetry(fn, { baseMs: -1 }), { name: 'RangeError', message: /baseMs/ })
  await t.rejects(withRetry(fn, { maxMs: Infinity }), { name: 'RangeError', message: /maxMs/ })
  t.notOk(called)
})

// A look-alike response (no fetch Response class) is enough for parseError.
t.test('parseError accepts any ResponseLike', async t => {
  const like: ResponseLike = {
    status: 401,
    headers: { get: name => (name === 'retry-after' ? null : 'x') },
    text: async () => JSON.stringify({ error: 'invalid_token', error_description: 'The access token is invalid' })
  }
  const error = await parseError(like)
  t.equal(error.code, 'invalid_token')
  t.equal(error.message, 'The access token is invalid')
})

t.test('the client imports no runtime module: nothing from Fastify or Node', async t => {
  const { readFile } = await import('node:fs/promises')
  const source = await readFile(new URL('../lib/client.ts', import.meta.url), 'utf8')
  const imports = [...source.matchAll(/^import .*$/gm)].map(m => m[0])
  t.same(imports, ["import type { CatalogueCode } from './types.js'"])
  t.notMatch(source, /\b(process|Buffer|require)\b|node:/)
})
