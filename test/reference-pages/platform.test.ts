// The platform page (shared/reference/platform-api-error-codes.txt): a table of snake_case codes
// with statuses (validation_error and missing_required_field are 422, invalid_parameter is a
// bad query parameter), request_id in every body, no example bodies: the rows are compared
// with the body the table describes, the conditions on status and code.
import t, { type Test } from 'tap'
import { pageApp, pageCatalogue, checkRows, checkCases, rateLimitAnswers, type Row, type CaseName, type Expected } from './provoke.js'
import type { FastifyErrorCatalogueOptions } from '../../lib/index.js'

const options: FastifyErrorCatalogueOptions = { catalogue: pageCatalogue('platform') }

/** Every row of the page: code, status, description, action. */
const TABLE: [code: string, status: number, message: string, fix: string][] = [
  ['missing_api_key', 401, 'No Authorization header present', 'Add Authorization: Bearer YOUR_KEY header'],
  ['invalid_api_key', 401, 'Key does not exist or is malformed', 'Check the key in your dashboard'],
  ['api_key_revoked', 401, 'Key was revoked', 'Generate a new key'],
  ['api_key_expired', 401, 'Key has passed its expiry date', 'Generate a new key'],
  ['insufficient_scope', 403, 'Key lacks required permissions', 'Create a key with the appropriate scope'],
  ['ip_not_allowed', 403, "Request IP not on the key's allowlist", 'Update the IP allowlist or use an allowed IP'],
  ['invalid_request', 400, 'Request is malformed or unparseable', 'Check request body format and Content-Type'],
  ['validation_error', 422, 'One or more fields failed validation', 'Check the details array for field-specific messages'],
  ['invalid_parameter', 400, 'A query parameter has an invalid value', 'Review the parameter documentation'],
  ['missing_required_field', 422, 'A required field is absent', 'Add the missing field to the request body'],
  ['resource_not_found', 404, 'The requested resource does not exist', 'Verify the resource ID'],
  ['resource_already_exists', 409, 'A resource with this identifier already exists', 'Use a different identifier or retrieve the existing resource'],
  ['resource_conflict', 409, 'Operation conflicts with current resource state', "Check the resource's current status before retrying"],
  ['rate_limit_exceeded', 429, 'Too many requests in the current window', 'Wait for Retry-After seconds, then retry with backoff'],
  ['internal_error', 500, 'Unexpected server error', 'Retry after a short delay; contact support if persistent'],
  ['service_unavailable', 503, 'API is temporarily unavailable', 'Check the status page; retry with exponential backoff']
]
const STATUS = new Map(TABLE.map(([code, status]) => [code, status]))

/** request_id is the request's own: checked, then left out of the comparison. */
function withoutRequestId(t: Test) {
  return (body: Record<string, unknown>) => {
    const { request_id: requestId, ...error } = body.error as Record<string, unknown>
    t.match(requestId, /^req-[0-9a-z]+$/, 'request_id is sent')
    return { error }
  }
}

t.test('every row of the page, sent with reply.fail and thrown: code, message, fix and request_id', async t => {
  const rows: Row[] = TABLE.map(([code, , message, fix]) => ({
    code,
    // service_unavailable has a default Retry-After (the page: "retry with exponential backoff" after the status page).
    body: { error: { code, message, fix, ...(code === 'service_unavailable' ? { retry_after: 30 } : {}) } }
  }))
  const app = await pageApp(t, options, rows)
  const codes = app.errorCatalogue.codes()
  for (const [code] of TABLE) t.ok(codes.includes(code), code)
  t.equal(codes.length, new Set(codes.map(code => code.toLowerCase())).size, 'each code once')
  await checkRows(t, app, rows, code => STATUS.get(code)!, withoutRequestId(t))
})

t.test('every condition: a 422 for schema failures and missing fields, a 400 for a bad query parameter', async t => {
  const app = await pageApp(t, options)
  const expected: Record<CaseName, Expected> = {
    'invalid JSON': { status: 400, code: 'invalid_request' },
    'empty JSON body': { status: 400, code: 'invalid_request' },
    'missing required field (body)': { status: 422, code: 'missing_required_field' },
    'schema validation (body)': { status: 422, code: 'validation_error' },
    'schema validation (querystring)': { status: 400, code: 'invalid_parameter' },
    'schema validation (params)': { status: 422, code: 'validation_error' },
    'schema validation (headers)': { status: 422, code: 'validation_error' },
    'unknown route': { status: 404, code: 'resource_not_found' },
    // The page has no 413 or 414: the built-ins answer.
    'body too large': { status: 413, code: 'payload_too_large' },
    'unsupported media type': { status: 400, code: 'invalid_request' },
    'malformed request (bad Content-Length)': { status: 400, code: 'invalid_request' },
    'malformed request (bad URL, frameworkErrors)': { status: 400, code: 'invalid_request' },
    'path parameter too long (frameworkErrors)': { status: 414, code: 'uri_too_long' },
    'handler timeout': { status: 503, code: 'service_unavailable', headers: { 'retry-after': '30' } },
    'unexpected error': { status: 500, code: 'internal_error' },
    'http-errors 404': { status: 404, code: 'resource_not_found' },
    '@fastify/sensible 401': { status: 401, code: 'missing_api_key' },
    '@fastify/error 409': { status: 409, code: 'resource_conflict' },
    'Boom 503': { status: 503, code: 'service_unavailable' }
  }
  await checkCases(t, app, expected, res => res.json().error.code)

  // "Check the details array for field-specific messages": the failing fields, one item each.
  const missing = await app.inject({ method: 'POST', url: '/things', payload: '{}', headers: { 'content-type': 'application/json' } })
  t.same(missing.json().error.details, [{ field: 'name', in: 'body', message: 'is required' }])
  const query = await app.inject('/things?limit=many')
  t.same(query.json().error.details, [{ field: 'limit', in: 'query', message: 'must be integer' }])
})

t.test('a 4xx status neither the page nor the built-ins have: a code from its reason phrase, no client-error entry', async t => {
  const app = await pageApp(t, options, [], app =>
    app.get('/teapot', async () => {
      throw Object.assign(new Error('I refuse to brew coffee'), { statusCode: 418 })
    })
  )
  const res = await app.inject('/teapot')
  t.equal(res.statusCode, 418)
  t.equal(res.json().error.code, 'i_m_a_teapot')
  t.equal(app.errorCatalogue.codeFor('status-418'), 'i_m_a_teapot')
  t.throws(() => app.errorCatalogue.codeFor('client-error'), { code: 'FST_CATALOGUE_UNKNOWN_CODE', message: /condition "client-error" \(no entry answers it\)/ })
})

t.test('the limiter: rate_limit_exceeded for the limit and the ban, service_unavailable when its store is down', async t => {
  const { limited, banned, storeDown, app } = await rateLimitAnswers(t, options)
  for (const [name, res] of [['limited', limited], ['banned', banned]] as const) {
    t.equal(res.statusCode, 429, name)
    t.equal(res.json().error.code, 'rate_limit_exceeded', name)
    t.equal(res.headers['retry-after'], '60', name)
    t.equal(res.json().error.retry_after, 60, name)
  }
  t.equal(app.errorCatalogue.codeFor('rate-limit-ban'), 'rate_limit_exceeded')
  t.equal(storeDown.statusCode, 503)
  t.equal(storeDown.json().error.code, 'service_unavailable')
  t.equal(storeDown.headers['retry-after'], '30')
})
