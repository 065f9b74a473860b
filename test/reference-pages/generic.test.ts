// The "API Error Codes" page (shared/reference/generic-api-error-codes.txt): one UPPER_SNAKE
// code per status, an example body for each, no built-ins.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { parse } from 'yaml'
import { pageApp, pageCatalogue, checkRows, checkCases, rateLimitAnswers, type Row, type CaseName, type Expected } from './provoke.js'
import type { FastifyErrorCatalogueOptions } from '../../lib/index.js'

const options: FastifyErrorCatalogueOptions = {
  catalogue: pageCatalogue('generic'),
  builtins: false,
  includeFix: false,
  includeParams: false,
  includeRequestId: false,
  includeValidationItems: false
}

/** The page's example bodies, as printed. */
const EXAMPLES = {
  INVALID_REQUEST: { error: { code: 'INVALID_REQUEST', message: "Missing required 'user_id' parameter." } },
  UNAUTHENTICATED: { error: { code: 'UNAUTHENTICATED', message: 'Authentication credentials not provided or invalid.' } },
  PERMISSION_DENIED: { error: { code: 'PERMISSION_DENIED', message: 'You do not have permission to perform this action.' } },
  RESOURCE_NOT_FOUND: { error: { code: 'RESOURCE_NOT_FOUND', message: 'The requested resource could not be found.' } },
  RATE_LIMIT_EXCEEDED: { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'You have exceeded your allowed request rate. Please try again later.' } },
  INTERNAL_SERVER_ERROR: {
    error: {
      code: 'INTERNAL_SERVER_ERROR',
      message: 'An unexpected error occurred. Please try again later or contact support if the problem persists.'
    }
  },
  SERVICE_UNAVAILABLE: { error: { code: 'SERVICE_UNAVAILABLE', message: 'The service is temporarily unavailable. Please try again later.' } },
  INSUFFICIENT_BALANCE: {
    error: {
      code: 'INSUFFICIENT_BALANCE',
      message: 'Your account balance is insufficient to complete this transaction.',
      details: { required: '100.00', available: '50.50' }
    }
  }
}
const STATUS: Record<string, number> = {
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_NOT_FOUND: 404,
  RATE_LIMIT_EXCEEDED: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  INSUFFICIENT_BALANCE: 400
}
/** INVALID_REQUEST's own message: the page's description of a 400. */
const INVALID_REQUEST = 'The server cannot process the request due to a client error (malformed request syntax or invalid request message framing).'
const invalidRequest = { error: { code: 'INVALID_REQUEST', message: INVALID_REQUEST } }
const invalid = (message: string) => ({ status: 400, body: { error: { code: 'INVALID_REQUEST', message } } })

const rows: Row[] = [
  // reply.fail has no per-call message: the code's own message is sent, not the example's.
  { code: 'INVALID_REQUEST', body: invalidRequest },
  { code: 'UNAUTHENTICATED', body: EXAMPLES.UNAUTHENTICATED },
  { code: 'PERMISSION_DENIED', body: EXAMPLES.PERMISSION_DENIED },
  { code: 'RESOURCE_NOT_FOUND', body: EXAMPLES.RESOURCE_NOT_FOUND },
  // The example has no retry_after: reply.fail without a retry time sends none.
  { code: 'RATE_LIMIT_EXCEEDED', body: EXAMPLES.RATE_LIMIT_EXCEEDED },
  { code: 'INTERNAL_SERVER_ERROR', body: EXAMPLES.INTERNAL_SERVER_ERROR },
  { code: 'SERVICE_UNAVAILABLE', body: EXAMPLES.SERVICE_UNAVAILABLE },
  { code: 'INSUFFICIENT_BALANCE', details: { required: '100.00', available: '50.50' }, body: EXAMPLES.INSUFFICIENT_BALANCE }
]

t.test('every example of the page, sent with reply.fail and thrown', async t => {
  const app = await pageApp(t, options, rows, app =>
    app.post('/users', { schema: { body: { type: 'object', required: ['user_id'], properties: { user_id: { type: 'string' } } } } }, async () => ({}))
  )
  t.same(app.errorCatalogue.codes().sort(), Object.keys(EXAMPLES).sort(), 'the catalogue is the page')
  await checkRows(t, app, rows, code => STATUS[code]!)
  // The 400 example is what its scenario sends: a request missing user_id.
  const res = await app.inject({ method: 'POST', url: '/users', payload: '{}', headers: { 'content-type': 'application/json' } })
  t.equal(res.statusCode, 400)
  t.same(res.json(), EXAMPLES.INVALID_REQUEST)
})

t.test('every condition answers with the code of its status, as the page says', async t => {
  const app = await pageApp(t, options)
  const exactly = (code: keyof typeof EXAMPLES): Expected => ({ status: STATUS[code]!, body: EXAMPLES[code] })
  const expected: Record<CaseName, Expected> = {
    'invalid JSON': invalid('Incorrectly formatted JSON payload.'),
    'empty JSON body': invalid('Incorrectly formatted JSON payload.'),
    // The page's 400 example, for the test route's required field.
    'missing required field (body)': invalid("Missing required 'name' parameter."),
    'schema validation (body)': invalid("Incorrectly formatted 'size' parameter."),
    'schema validation (querystring)': invalid("Incorrectly formatted 'limit' parameter."),
    'schema validation (params)': invalid("Incorrectly formatted 'id' parameter."),
    'schema validation (headers)': invalid("Incorrectly formatted 'x-api-version' parameter."),
    'unknown route': exactly('RESOURCE_NOT_FOUND'),
    'body too large': { status: 400, body: invalidRequest },
    'unsupported media type': { status: 400, body: invalidRequest },
    'malformed request (bad Content-Length)': { status: 400, body: invalidRequest },
    'malformed request (bad URL, frameworkErrors)': { status: 400, body: invalidRequest },
    'path parameter too long (frameworkErrors)': { status: 400, body: invalidRequest },
    'handler timeout': exactly('SERVICE_UNAVAILABLE'),
    'unexpected error': exactly('INTERNAL_SERVER_ERROR'),
    // A foreign 4xx keeps its own message, the reason phrase here, not the page's.
    'http-errors 404': { status: 404, body: { error: { code: 'RESOURCE_NOT_FOUND', message: 'The requested resource could not be found.' } } },
    '@fastify/sensible 401': { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'Authentication credentials not provided or invalid.' } } },
    '@fastify/error 409': { status: 400, body: { error: { code: 'INVALID_REQUEST', message: 'Widget is locked' } } },
    'Boom 503': exactly('SERVICE_UNAVAILABLE')
  }
  await checkCases(t, app, expected, res => res.json().error.code)
})

t.test('the limiter: the 429 example plus retry_after, the ban as the rate limit, the store down as 503', async t => {
  const { limited, banned, storeDown } = await rateLimitAnswers(t, options)
  t.equal(limited.statusCode, 429)
  t.same(limited.json(), { error: { ...EXAMPLES.RATE_LIMIT_EXCEEDED.error, retry_after: 60 } })
  t.equal(limited.headers['retry-after'], '60')
  t.equal(banned.statusCode, 429)
  t.same(banned.json(), { error: { ...EXAMPLES.RATE_LIMIT_EXCEEDED.error, retry_after: 60 } })
  t.equal(storeDown.statusCode, 503)
  t.same(storeDown.json(), EXAMPLES.SERVICE_UNAVAILABLE)
})

t.test('without `when: [rate-limited]`, a ban falls back to the only 429 entry, never to the 403 about permissions', async t => {
  const catalogue = parse(readFileSync(pageCatalogue('generic'), 'utf8')) as Record<string, { when?: string[] }>
  delete catalogue.RATE_LIMIT_EXCEEDED!.when
  const { limited, banned } = await rateLimitAnswers(t, { ...options, catalogue })
  t.equal(limited.json().error.code, 'RATE_LIMIT_EXCEEDED', 'the only 429 entry answers the limit')
  t.equal(banned.statusCode, 429)
  t.equal(banned.json().error.code, 'RATE_LIMIT_EXCEEDED')
})
