import { STATUS_CODES } from 'node:http'
import t from 'tap'
import {
  ApiError,
  DEFAULT_RETRY_ON,
  RETRYABLE_STATUSES,
  STATUS_FALLBACKS,
  isApiError,
  parseError,
  parseErrorBody,
  retryAfterSeconds,
  withRetry,
  type ResponseLike,
  type RetryRequest
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

/** A response whose fields are whatever the test says; JSON unless its headers say otherwise (a string body alone would be text/plain). */
function response(status: number, body: string, headers: Record<string, string> = {}, statusText = ''): Response {
  return new Response(status === 204 ? null : body, { status, statusText, headers: { 'content-type': 'application/json', ...headers } })
}

/** The fields every format can carry, without the raw body and the members of one shape. */
function common(error: ApiError<string>) {
  const { status, code, message, fix, details, params, retryAfter, requestId } = error
  return { status, code, message, fix, details, params, retryAfter, requestId }
}

t.test('parseError reads the same error from each of the four formats', async t => {
  const nestedResponse = await served(t, 'nested', 'resource_not_found')
  const nestedBody = await nestedResponse.clone().json()
  const nestedBytes = (await nestedResponse.clone().arrayBuffer()).byteLength
  const nested = await parseError(nestedResponse)
  t.ok(nested instanceof ApiError)
  t.same(nested.toJSON(), {
    status: 404,
    code: 'resource_not_found',
    message: "Project '7' not found",
    fix: nested.fix,
    details: undefined,
    params: { resource: 'Project', id: '7' },
    retryAfter: undefined,
    requestId: 'req-1',
    type: undefined,
    param: undefined,
    docUrl: undefined,
    extensions: {},
    body: nestedBody,
    bodyBytes: nestedBytes
  })
  t.type(nested.fix, 'string')
  t.equal(nested.message, "Project '7' not found")

  const flat = await parseError(await served(t, 'flat', 'resource_not_found'))
  t.same(common(flat), common(nested))
  t.same(flat.extensions, {})
  t.same({ error: flat.body }, nestedBody, 'flat is the nested error object at the top')

  const problem = await parseError(await served(t, 'problem', 'resource_not_found'))
  t.same(common(problem), common(nested))
  t.equal(problem.type, 'about:blank')
  t.same(problem.extensions, {}, 'title, status and instance are read members, not extensions')
  t.match(problem.body, { title: 'Not Found', status: 404, instance: '/p/7' })

  const oauth = await parseError(await served(t, 'oauth', 'resource_not_found'))
  // oauth bodies carry neither params, fix nor request id.
  t.same(common(oauth), { ...common(nested), fix: undefined, params: undefined, requestId: undefined })
  t.same(oauth.extensions, {})
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
  t.equal(retryAfterSeconds('Sun, 06 Nov 2994 08:49:37 GMT'), 31_536_000, 'capped at a year, as the server caps')
  const inAnHour = retryAfterSeconds(new Date(Date.now() + 3_600_000).toUTCString()) ?? 0
  t.ok(inAnHour > 3590 && inAnHour <= 3600, `defaults to the real clock: ${inAnHour}`)
  t.equal(parseErrorBody({}, { status: 503, retryAfter: 'Sun, 06 Nov 1994 08:49:37 GMT' }, { now: () => now }).retryAfter, 37, 'parseErrorBody takes the clock too')
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
    requestId: undefined,
    type: undefined,
    param: undefined,
    docUrl: undefined,
    extensions: {},
    body: '<html><body>Bad gateway</body></html>',
    bodyBytes: 37
  })

  const empty = await parseError(response(503, '', { 'retry-after': '30' }, 'Down for maintenance'))
  t.equal(empty.code, 'service_unavailable')
  t.equal(empty.message, 'Down for maintenance', 'the status text when there is one')
  t.equal(empty.retryAfter, 30)
  t.equal(empty.body, undefined, 'an empty body is no body')

  const nullBody = await parseError(response(418, 'null'))
  t.equal(nullBody.code, 'client_error')
  t.equal(nullBody.body, null, 'JSON null is kept as null')
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
  t.equal(afterRead.body, undefined)
})

// ---------------------------------------------------------------------------------------
// The five reference pages (../shared/reference/): each example body, exactly as the page shows it
// ---------------------------------------------------------------------------------------

/** Parses `body` (an object, sent as JSON) answered with `status` and `headers`. */
async function parsed(status: number, body: unknown, headers: Record<string, string> = {}) {
  return parseError<string>(response(status, JSON.stringify(body), headers))
}

t.test('jobs page: its one format, {"error":{"code","message"}}', async t => {
  const body = { error: { code: 'ERROR_CODE', message: 'Human-readable error message' } }
  const error = await parsed(400, body)
  t.same(error.toJSON(), {
    status: 400,
    code: 'ERROR_CODE',
    message: 'Human-readable error message',
    fix: undefined,
    details: undefined,
    params: undefined,
    retryAfter: undefined,
    requestId: undefined,
    type: undefined,
    param: undefined,
    docUrl: undefined,
    extensions: {},
    body,
    bodyBytes: JSON.stringify(body).length
  })
})

t.test('generic page: every example body, UPPER_SNAKE codes and object details', async t => {
  const pages: [number, string, string][] = [
    [400, 'INVALID_REQUEST', "Missing required 'user_id' parameter."],
    [401, 'UNAUTHENTICATED', 'Authentication credentials not provided or invalid.'],
    [403, 'PERMISSION_DENIED', 'You do not have permission to perform this action.'],
    [404, 'RESOURCE_NOT_FOUND', 'The requested resource could not be found.'],
    [429, 'RATE_LIMIT_EXCEEDED', 'You have exceeded your allowed request rate. Please try again later.'],
    [500, 'INTERNAL_SERVER_ERROR', 'An unexpected error occurred. Please try again later or contact support if the problem persists.'],
    [503, 'SERVICE_UNAVAILABLE', 'The service is temporarily unavailable. Please try again later.']
  ]
  for (const [status, code, message] of pages) {
    const error = await parsed(status, { error: { code, message } })
    t.same(common(error), { status, code, message, fix: undefined, details: undefined, params: undefined, retryAfter: undefined, requestId: undefined }, code)
    t.same(error.extensions, {}, code)
  }

  // The page gives no status for its custom example; the jobs page lists the same code as 400.
  const balance = await parsed(400, {
    error: {
      code: 'INSUFFICIENT_BALANCE',
      message: 'Your account balance is insufficient to complete this transaction.',
      details: { required: '100.00', available: '50.50' }
    }
  })
  t.equal(balance.code, 'INSUFFICIENT_BALANCE')
  t.equal(balance.message, 'Your account balance is insufficient to complete this transaction.')
  t.same(balance.details, { required: '100.00', available: '50.50' })
})

t.test('management page: every oauth example body, validation_errors and retry_after', async t => {
  const pages: [number, string, string][] = [
    [400, 'validation_failed', 'Validation failed: name is required'],
    [401, 'invalid_token', 'Token is invalid or expired'],
    [403, 'forbidden', 'You do not have permission to perform this action'],
    [404, 'not_found', "Project 'MyProject' not found"],
    [409, 'duplicate_name', "API Proxy with name 'MyAPI' already exists"],
    [500, 'internal_error', 'An unexpected error occurred. Please try again later.'],
    [400, 'validation_failed', "Field 'name' is required"]
  ]
  for (const [status, code, message] of pages) {
    const error = await parsed(status, { error: code, error_description: message })
    t.same(common(error), { status, code, message, fix: undefined, details: undefined, params: undefined, retryAfter: undefined, requestId: undefined }, code)
    t.same(error.extensions, {}, code)
  }

  const invalid = await parsed(400, {
    error: 'validation_failed',
    error_description: 'Validation failed',
    validation_errors: [
      { field: 'name', message: 'Name is required' },
      { field: 'email', message: 'Invalid email format' }
    ]
  })
  t.equal(invalid.code, 'validation_failed')
  t.equal(invalid.message, 'Validation failed')
  t.same(invalid.details, [{ field: 'name', message: 'Name is required' }, { field: 'email', message: 'Invalid email format' }])

  const limited = await parsed(429, { error: 'rate_limit_exceeded', error_description: 'Rate limit exceeded. Please try again later.', retry_after: 60 })
  t.equal(limited.code, 'rate_limit_exceeded')
  t.equal(limited.message, 'Rate limit exceeded. Please try again later.')
  t.equal(limited.retryAfter, 60, 'the body says 60 and no header says otherwise')
  t.same(limited.extensions, {})
})

// The discovery page shows no body; its code samples print `response.json()["error"]` as the
// message, so its bodies are `{"error": "<message>"}`: a sentence where oauth has a code.
t.test('discovery page: {"error":"<message>"} is a message, the code comes from the status', async t => {
  const limited = await parsed(429, { error: 'Rate limit exceeded' }, { 'retry-after': '60' })
  t.same(common(limited), {
    status: 429,
    code: 'rate_limit_exceeded',
    message: 'Rate limit exceeded',
    fix: undefined,
    details: undefined,
    params: undefined,
    retryAfter: 60,
    requestId: undefined
  })
  t.same(limited.body, { error: 'Rate limit exceeded' })

  const pages: [number, string, string][] = [
    [400, 'bad_request', "Missing 'services' in request body"],
    [401, 'unauthenticated', 'Invalid or expired token'],
    [401, 'unauthenticated', 'Token revoked'],
    [403, 'forbidden', 'Service compute not permitted by this token'],
    [500, 'internal_error', 'Discovery timeout']
  ]
  for (const [status, code, message] of pages) {
    const error = await parsed(status, { error: message })
    t.equal(error.code, code, message)
    t.equal(error.message, message)
  }
})

// The platform page shows no body either; it names the members (`code`, a `details` array,
// `request_id` "when contacting support"), which is the plugin's nested shape.
t.test('platform page: code, details array and request_id, from the body or a header', async t => {
  const details = [{ field: 'email', message: 'is required' }]
  const invalid = await parsed(422, { error: { code: 'missing_required_field', message: 'A required field is absent', details, request_id: 'req_8f2a' } })
  t.same(common(invalid), {
    status: 422,
    code: 'missing_required_field',
    message: 'A required field is absent',
    fix: undefined,
    details,
    params: undefined,
    retryAfter: undefined,
    requestId: 'req_8f2a'
  })

  const busy = await parsed(503, { error: { code: 'service_unavailable', message: 'API is temporarily unavailable' } }, { 'x-request-id': 'req_9c41' })
  t.equal(busy.requestId, 'req_9c41', 'no request_id in the body: the X-Request-Id header')
})

// ---------------------------------------------------------------------------------------
// What parseError does not know, it keeps
// ---------------------------------------------------------------------------------------

t.test('Stripe-style errors: type, param and doc_url, other members kept, Request-Id header', async t => {
  const body = {
    error: {
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      doc_url: 'https://stripe.com/docs/error-codes/card-declined',
      message: 'Your card has insufficient funds.',
      param: 'payment_method',
      request_log_url: 'https://dashboard.stripe.com/test/logs/req_Ab12?t=1700000000',
      type: 'card_error'
    }
  }
  const error = await parsed(402, body, { 'request-id': 'req_Ab12' })
  t.same(error.toJSON(), {
    status: 402,
    code: 'card_declined',
    message: 'Your card has insufficient funds.',
    fix: undefined,
    details: undefined,
    params: undefined,
    retryAfter: undefined,
    requestId: 'req_Ab12',
    type: 'card_error',
    param: 'payment_method',
    docUrl: 'https://stripe.com/docs/error-codes/card-declined',
    extensions: { decline_code: 'insufficient_funds', request_log_url: 'https://dashboard.stripe.com/test/logs/req_Ab12?t=1700000000' },
    body,
    bodyBytes: JSON.stringify(body).length
  })
})

t.test('problem+json: the type URI and extension members (RFC 9457 §3 example)', async t => {
  const body = {
    type: 'https://example.com/probs/out-of-credit',
    title: 'You do not have enough credit.',
    detail: 'Your current balance is 30, but that costs 50.',
    instance: '/account/12345/msgs/abc',
    balance: 30,
    accounts: ['/account/12345', '/account/67890']
  }
  const error = await parseError<string>(response(403, JSON.stringify(body), { 'content-type': 'application/problem+json' }))
  t.equal(error.code, 'forbidden', 'no code member: the status code')
  t.equal(error.message, 'Your current balance is 30, but that costs 50.')
  t.equal(error.type, 'https://example.com/probs/out-of-credit')
  t.same(error.extensions, { balance: 30, accounts: ['/account/12345', '/account/67890'] })
  t.same(error.body, body)
})

t.test('{"errors":[{code,…}]} bodies: the first item gives code and message, all items the details', async t => {
  // JSON:API error objects: `detail` is the message.
  const jsonApi = {
    errors: [
      { status: '422', code: 'invalid_email', title: 'Invalid Attribute', detail: 'Email is not valid', source: { pointer: '/data/attributes/email' } },
      { status: '422', code: 'too_short', title: 'Invalid Attribute', detail: 'Name is too short', source: { pointer: '/data/attributes/name' } }
    ]
  }
  const first = await parsed(422, jsonApi)
  t.equal(first.code, 'invalid_email')
  t.equal(first.message, 'Email is not valid')
  t.same(first.details, jsonApi.errors)
  t.same(first.extensions, {})

  const itemMessage = await parsed(400, { errors: [{ code: 'missing_field', message: 'title is missing', field: 'title' }] })
  t.equal(itemMessage.code, 'missing_field')
  t.equal(itemMessage.message, 'title is missing')

  // A top-level message (GitHub's shape) wins over the item's.
  const topMessage = await parsed(422, { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }], documentation_url: 'https://docs.github.com/rest' })
  t.equal(topMessage.code, 'missing_field')
  t.equal(topMessage.message, 'Validation Failed')
  t.same(topMessage.extensions, { documentation_url: 'https://docs.github.com/rest' })

  const uncoded = await parsed(400, { errors: [{ field: 'name', message: 'is required' }] })
  t.equal(uncoded.code, 'bad_request', 'items without a code are validation items, not the code')
  t.equal(uncoded.message, 'Bad Request')
  t.same(uncoded.details, [{ field: 'name', message: 'is required' }])
  t.equal((await parsed(400, { errors: ['x'] })).code, 'bad_request', 'an item that is not an object')
  t.equal((await parsed(400, { errors: {} })).code, 'bad_request', 'errors that are not a list')
})

t.test('oauth: error_uri is the doc URL; a bare code keeps the reason phrase as message', async t => {
  const error = await parsed(400, { error: 'invalid_grant', error_description: 'The code has expired', error_uri: 'https://auth.example.com/errors#invalid_grant', trace: 't-1' })
  t.equal(error.code, 'invalid_grant')
  t.equal(error.docUrl, 'https://auth.example.com/errors#invalid_grant')
  t.same(error.extensions, { trace: 't-1' })

  const bare = await parsed(401, { error: 'invalid_token' })
  t.equal(bare.code, 'invalid_token', 'one word: a code')
  t.equal(bare.message, 'Unauthorized')

  const spaced = await parsed(400, { error: 'invalid request', error_description: 'Spaces and all' })
  t.equal(spaced.code, 'invalid request', 'with error_description, error is the code whatever it holds')
})

t.test('the request id: body first, then Request-Id, then X-Request-Id', async t => {
  const body = { error: { code: 'conflict', message: 'Taken', request_id: 'from-body' } }
  const both = { 'request-id': 'from-request-id', 'x-request-id': 'from-x-request-id' }
  t.equal((await parsed(409, body, both)).requestId, 'from-body')
  t.equal((await parsed(409, { code: 'conflict' }, both)).requestId, 'from-request-id')
  t.equal((await parsed(409, { code: 'conflict' }, { 'request-id': '', 'x-request-id': 'from-x-request-id' })).requestId, 'from-x-request-id', 'an empty Request-Id is none')
  t.equal((await parsed(409, { code: 'conflict' })).requestId, undefined)
  t.equal(parseErrorBody({ code: 'conflict' }, { status: 409, requestId: 'from-meta' }).requestId, 'from-meta', 'parseErrorBody takes the header as meta')
  t.equal(parseErrorBody({ code: 'conflict' }, { status: 409, requestId: null }).requestId, undefined)
})

t.test('an ApiError built from the original fields gets empty extensions', async t => {
  const error = new ApiError({ status: 409, code: 'conflict', message: 'Taken', fix: undefined, details: undefined, params: undefined, retryAfter: undefined, requestId: undefined })
  t.same(error.extensions, {})
  t.equal(error.type, undefined)
  t.equal(error.body, undefined)
  t.same(new ApiError(error.toJSON()).toJSON(), error.toJSON(), 'toJSON round-trips')
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
  const { fn, calls } = script(unavailable({ 'retry-after': '2' }), unavailable({ 'retry-after': '5' }), response(200, '{"ok":true}'))
  const { waits, sleep } = clock()
  const seen: unknown[] = []

  const res = await withRetry(fn, { maxMs: 5000, sleep, onRetry: info => seen.push([info.attempt, info.delayMs, info.error.code]) })

  t.equal(res.status, 200)
  t.same(await res.json(), { ok: true })
  t.same(calls, [0, 1, 2])
  t.same(waits, [2000, 5000], 'a Retry-After of exactly maxMs is still waited')
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

  const failure = await withRetry(fn, { retries: 4, baseMs: 100, maxMs: 500, request: { method: 'GET' }, sleep, random: () => 0.5 }).catch(e => e)

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

/** How many calls `fn` got when every answer is `status` (three retries allowed). */
async function callsFor(status: number, options: Parameters<typeof withRetry>[1] = {}): Promise<number> {
  const { fn, calls } = script(...Array.from({ length: 5 }, () => response(status, '')))
  await withRetry(fn, { ...options, sleep: clock().sleep }).catch(() => {})
  return calls.length
}

t.test('the default policy: 429 and 503 always; 500, 502 and 504 only for a request safe to repeat', async t => {
  t.same(DEFAULT_RETRY_ON, { always: [429, 503], ifIdempotent: [500, 502, 504] })
  t.ok(Object.isFrozen(DEFAULT_RETRY_ON) && Object.isFrozen(DEFAULT_RETRY_ON.always) && Object.isFrozen(DEFAULT_RETRY_ON.ifIdempotent))
  t.same([...RETRYABLE_STATUSES].sort(), [429, 500, 502, 503, 504], 'the old constant: every status the default may retry')

  // withRetry cannot see the request unless told: unknown counts as not safe to repeat.
  const unknown = { 429: 4, 503: 4, 500: 1, 502: 1, 504: 1, 400: 1, 409: 1 }
  for (const [status, calls] of Object.entries(unknown)) t.equal(await callsFor(Number(status)), calls, `unknown request, ${status}`)

  const post = { request: { method: 'POST', headers: { 'content-type': 'application/json' } } }
  for (const [status, calls] of Object.entries(unknown)) t.equal(await callsFor(Number(status), post), calls, `POST, ${status}`)

  for (const method of ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE', 'put']) {
    t.equal(await callsFor(500, { request: { method } }), 4, `${method} is idempotent: 500 retried`)
  }
  t.equal(await callsFor(502, { request: {} }), 4, 'no method is GET, as for fetch')
  t.equal(await callsFor(504, { request: { method: 'PATCH' } }), 1, 'PATCH is not idempotent')
  t.equal(await callsFor(400, { request: { method: 'GET' } }), 1, 'a client error is never retried by status')
})

t.test('an Idempotency-Key header makes a POST safe to repeat, in any header form', async t => {
  const forms = {
    Headers: new Headers({ 'Idempotency-Key': 'k-1' }),
    record: { 'Idempotency-Key': 'k-1' },
    pairs: [['content-type', 'application/json'], ['idempotency-key', 'k-1']]
  }
  for (const [form, headers] of Object.entries(forms)) t.equal(await callsFor(500, { request: { method: 'POST', headers } }), 4, form)
  t.equal(await callsFor(500, { request: { method: 'POST', headers: new Headers({ 'x-request-id': 'r' }) } }), 1, 'other headers: not safe')
  t.equal(await callsFor(500, { request: { method: 'POST', headers: [['x-request-id', 'r']] } }), 1)

  // RequestInit is what `request` takes: the same object as fetch gets.
  const init: RequestInit = { method: 'POST', headers: { 'idempotency-key': 'k-2' }, body: '{}' }
  t.equal(await callsFor(503, { request: init }), 4)
  t.equal(await callsFor(500, { request: init }), 4)

  // Plain JavaScript callers may pass null headers.
  const fromJs = JSON.parse('{"method":"POST","headers":null}') as RetryRequest
  t.equal(await callsFor(500, { request: fromJs }), 1)
})

t.test('idempotent: true opts a POST in, idempotent: false opts any request out', async t => {
  t.equal(await callsFor(500, { idempotent: true }), 4)
  t.equal(await callsFor(500, { idempotent: true, request: { method: 'POST' } }), 4)
  t.equal(await callsFor(500, { idempotent: false, request: { method: 'GET', headers: { 'idempotency-key': 'k' } } }), 1)
  t.equal(await callsFor(503, { idempotent: false }), 4, 'always is always')
})

t.test('retryOn replaces the default sets, each key on its own', async t => {
  // The jobs page's advice, followed literally: 429, 500 and 503 whatever the method.
  const jobsPage = { retryOn: { always: [429, 500, 503] }, request: { method: 'POST' } }
  t.equal(await callsFor(500, jobsPage), 4)
  t.equal(await callsFor(429, jobsPage), 4)
  t.equal(await callsFor(502, jobsPage), 1, 'ifIdempotent keeps its default, and a POST is not safe')
  t.equal(await callsFor(502, { ...jobsPage, request: { method: 'GET' } }), 4)

  const narrow = { retryOn: { always: new Set([429]), ifIdempotent: [] }, idempotent: true }
  t.equal(await callsFor(503, narrow), 1, 'an iterable replaces, it does not add')
  t.equal(await callsFor(500, narrow), 1)
  t.equal(await callsFor(429, narrow), 4)

  t.equal(await callsFor(409, { retryOn: { always: [409] } }), 4, 'any error status can be listed')
})

t.test('retryableCodes are retried whatever the method', async t => {
  const { fn, calls } = script(response(504, JSON.stringify({ code: 'discovery_timeout', message: 'Slow' })), response(200, 'ok'))
  const res = await withRetry(fn, { retryableCodes: ['discovery_timeout'], request: { method: 'POST' }, sleep: clock().sleep })
  t.equal(res.status, 200)
  t.same(calls, [0, 1])
})

t.test('retryOn statuses that are not error statuses are refused before the first call', async t => {
  let called = false
  const fn = async () => {
    called = true
    return 'x'
  }
  await t.rejects(withRetry(fn, { retryOn: { always: [200] } }), { name: 'RangeError', message: 'withRetry: retryOn.always must hold error statuses (400-599), got 200' })
  await t.rejects(withRetry(fn, { retryOn: { ifIdempotent: [500.5] } }), { name: 'RangeError', message: /retryOn.ifIdempotent .* got 500.5/ })
  await t.rejects(withRetry(fn, { retryOn: { ifIdempotent: [600] } }), { message: /got 600/ })
  t.notOk(called)
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
    headers: { get: name => (name === 'retry-after' || name === 'content-type' ? null : 'x') },
    text: async () => JSON.stringify({ error: 'invalid_token', error_description: 'The access token is invalid' })
  }
  const error = await parseError(like)
  t.equal(error.code, 'invalid_token')
  t.equal(error.message, 'The access token is invalid')
  t.equal(error.requestId, 'x')
  t.equal(error.bodyBytes, 75, 'the text counted as UTF-8 bytes')
})

t.test('the client entry loads only browser-safe client modules: nothing from Fastify, Node or the server side', async t => {
  const { readFile } = await import('node:fs/promises')
  const { dirname, join, relative } = await import('node:path')
  const lib = new URL('../lib/', import.meta.url).pathname
  // Every module a run-time import (not `import type`) of lib/client.ts reaches, and what each imports.
  const seen = new Set<string>()
  const outside: string[] = []
  const visit = async (file: string): Promise<void> => {
    if (seen.has(file)) return
    seen.add(file)
    const source = await readFile(file, 'utf8')
    t.notMatch(source, /\b(process|Buffer|require)\b|node:/, relative(lib, file))
    for (const [, from] of source.matchAll(/^(?:import|export) (?!type )[^'\n]*from '([^']+)'/gm)) {
      if (!from!.startsWith('.')) outside.push(from!)
      else await visit(join(dirname(file), from!.replace(/\.js$/, '.ts')))
    }
  }
  await visit(join(lib, 'client.ts'))
  t.same(outside, [], 'no package')
  t.same([...seen].map(file => relative(lib, file)).sort(), [
    'client.ts',
    'client/body.ts',
    'client/foreign.ts',
    'client/time.ts',
    'formats/flat/read.ts',
    'formats/nested/read.ts',
    'formats/oauth/read.ts',
    'formats/problem/read.ts',
    'formats/reader.ts',
    'formats/readers.ts',
    'retry-after.ts'
  ])
})
