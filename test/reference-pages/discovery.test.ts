// The discovery page (shared/reference/discovery-api-errors.txt): tables of messages without
// codes, read by clients as {"error": "<message>"}. Our snake_case codes (see discovery.yaml),
// a format of the app's own, built-ins on. The code of each answer is read from onFail.
import t, { type Test } from 'tap'
import { pageApp, pageCatalogue, checkRows, checkCases, rateLimitAnswers, type Row, type CaseName, type Expected } from './provoke.js'
import type { CustomFormat, FastifyErrorCatalogueOptions } from '../../lib/index.js'

/** What the page's clients read: `response.json()["error"]` is the message. */
const messageOnly: CustomFormat = {
  format: error => ({ error: error.message }),
  schema: { type: 'object', required: ['error'], properties: { error: { type: 'string' } }, additionalProperties: false }
}

/** The page's options, with the code of every answer recorded. */
function discoveryOptions(): { options: FastifyErrorCatalogueOptions; codes: string[] } {
  const codes: string[] = []
  return { codes, options: { catalogue: pageCatalogue('discovery'), format: messageOnly, onFail: event => void codes.push(event.code) } }
}

/** Every row of the page: our code, status, the page's message. */
const TABLE: [code: string, status: number, message: string][] = [
  ['invalid_json', 400, 'Invalid JSON in request body'],
  ['missing_services', 400, "Missing 'services' in request body"],
  ['batch_too_large', 400, 'Batch size exceeds limit for this token'],
  ['invalid_service', 400, 'Invalid service identifier'],
  ['invalid_region', 400, 'Invalid region'],
  ['invalid_request', 400, 'The request body is malformed or violates a constraint'],
  ['invalid_token', 401, 'Invalid or expired token'],
  ['token_revoked', 401, 'Token revoked'],
  ['origin_not_allowed', 403, 'Origin not permitted for this token'],
  ['ip_not_allowed', 403, 'IP address not permitted for this token'],
  ['referer_required', 403, 'Referer header required for this token'],
  ['service_not_permitted', 403, 'Service {name} not permitted by this token'],
  ['rate_limit_exceeded', 429, 'Rate limit exceeded'],
  ['internal_error', 500, 'Internal server error'],
  ['discovery_timeout', 500, 'Discovery timeout']
]
const STATUS = new Map(TABLE.map(([code, status]) => [code, status]))
const MESSAGE = new Map(TABLE.map(([code, , message]) => [code, message]))

t.test('every message of the page, sent with reply.fail and thrown, under our code', async t => {
  const { options, codes } = discoveryOptions()
  const rows: Row[] = TABLE.map(([code, , message]) =>
    code === 'service_not_permitted'
      ? { code, params: { name: 'ec2' }, body: { error: 'Service ec2 not permitted by this token' } }
      : { code, body: { error: message } }
  )
  const app = await pageApp(t, options, rows)
  await checkRows(t, app, rows, code => STATUS.get(code)!)
  t.same(codes, rows.flatMap(row => [row.code, row.code]), 'each answer under its code')
  const catalogue = app.errorCatalogue.codes()
  t.equal(catalogue.length, new Set(catalogue.map(code => code.toLowerCase())).size, 'each code once')
})

t.test('every condition: the page message where the page has a row, the built-ins elsewhere', async t => {
  const { options, codes } = discoveryOptions()
  const app = await pageApp(t, options, [], app =>
    app.post('/discover', { schema: { body: { type: 'object', required: ['services'], properties: { services: { type: 'array' } } } } }, async () => ({}))
  )
  const row = (code: string): Expected => ({ status: STATUS.get(code)!, body: { error: MESSAGE.get(code)! } })
  const builtin = (status: number, error: string): Expected => ({ status, body: { error } })
  const expected: Record<CaseName, Expected> = {
    'invalid JSON': row('invalid_json'),
    'empty JSON body': row('invalid_json'),
    // The page's message, with the test route's required field.
    'missing required field (body)': { status: 400, body: { error: "Missing 'name' in request body" } },
    'schema validation (body)': row('invalid_request'),
    'schema validation (querystring)': row('invalid_request'),
    'schema validation (params)': row('invalid_request'),
    'schema validation (headers)': row('invalid_request'),
    // The page has no 404: the built-in answers.
    'unknown route': builtin(404, 'Route GET /nope not found'),
    'body too large': row('invalid_request'),
    'unsupported media type': row('invalid_request'),
    'malformed request (bad Content-Length)': row('invalid_request'),
    'malformed request (bad URL, frameworkErrors)': row('invalid_request'),
    'path parameter too long (frameworkErrors)': row('invalid_request'),
    'handler timeout': row('discovery_timeout'),
    'unexpected error': row('internal_error'),
    // A foreign 4xx with only its library's reason phrase gets the catalogue's message.
    'http-errors 404': builtin(404, 'The requested resource could not be found'),
    '@fastify/sensible 401': row('invalid_token'),
    '@fastify/error 409': builtin(409, 'Widget is locked'),
    'Boom 503': builtin(503, 'The service is temporarily unavailable')
  }
  await checkCases(t, app, expected, () => codes.at(-1)!)
  t.same(
    Object.fromEntries((['validation', 'route-not-found', 'body-too-large', 'status-404', 'status-401', 'status-409'] as const).map(c => [c, app.errorCatalogue.codeFor(c)])),
    {
      validation: 'invalid_request',
      'route-not-found': 'route_not_found',
      'body-too-large': 'invalid_request',
      'status-404': 'not_found',
      'status-401': 'invalid_token',
      'status-409': 'conflict'
    },
    'the codes behind the built-in answers'
  )

  const missing = await app.inject({ method: 'POST', url: '/discover', payload: '{}', headers: { 'content-type': 'application/json' } })
  t.equal(missing.statusCode, 400)
  t.same(missing.json(), { error: "Missing 'services' in request body" })
})

async function limiter(t: Test) {
  const { options, codes } = discoveryOptions()
  return { ...(await rateLimitAnswers(t, options)), codes }
}

t.test('the limiter: "Rate limit exceeded" with the Retry-After header the page tells clients to read', async t => {
  const { limited, banned, storeDown, codes } = await limiter(t)
  t.same(codes, ['rate_limit_exceeded', 'rate_limit_exceeded', 'service_unavailable'])
  t.equal(limited.statusCode, 429)
  t.same(limited.json(), { error: 'Rate limit exceeded' })
  t.equal(limited.headers['retry-after'], '60')
  t.equal(banned.statusCode, 429)
  t.same(banned.json(), { error: 'Rate limit exceeded' })
  t.equal(banned.headers['retry-after'], '60')
  t.equal(storeDown.statusCode, 503)
  t.same(storeDown.json(), { error: 'The service is temporarily unavailable' })
  t.equal(storeDown.headers['retry-after'], '30')
})
