// The Management API page (shared/reference/management-api-errors.txt): snake_case codes in the
// OAuth-style format {"error","error_description"}, the built-ins on for what the page lacks.
import t from 'tap'
import { pageApp, pageCatalogue, checkRows, checkCases, rateLimitAnswers, type Row, type CaseName, type Expected } from './provoke.js'
import type { FastifyErrorCatalogueOptions } from '../../lib/index.js'

// The page's validation items are {field, message}: no `in`.
const options: FastifyErrorCatalogueOptions = { catalogue: pageCatalogue('management'), format: 'oauth', validationItemMembers: { in: false } }

const body = (error: string, description: string, more: Record<string, unknown> = {}) => ({ error, error_description: description, ...more })

/** The items of the page's validation example. */
const VALIDATION_ERRORS = [
  { field: 'name', message: 'Name is required' },
  { field: 'email', message: 'Invalid email format' }
]

/** The page's example bodies, as printed. */
const EXAMPLES = {
  validation_failed: body('validation_failed', 'Validation failed', { validation_errors: VALIDATION_ERRORS }),
  invalid_token: body('invalid_token', 'Token is invalid or expired'),
  forbidden: body('forbidden', 'You do not have permission to perform this action'),
  not_found: body('not_found', "Project 'MyProject' not found"),
  duplicate_name: body('duplicate_name', "API Proxy with name 'MyAPI' already exists"),
  internal_error: body('internal_error', 'An unexpected error occurred. Please try again later.'),
  rate_limit_exceeded: body('rate_limit_exceeded', 'Rate limit exceeded. Please try again later.', { retry_after: 60 })
}

const STATUS: Record<string, number> = {
  bad_request: 400,
  validation_failed: 400,
  invalid_parameter: 400,
  unauthorized_client: 401,
  invalid_token: 401,
  token_expired: 401,
  forbidden: 403,
  access_denied: 403,
  not_found: 404,
  resource_not_found: 404,
  conflict: 409,
  duplicate_name: 409,
  rate_limit_exceeded: 429,
  internal_error: 500,
  server_error: 500
}

const rows: Row[] = [
  { code: 'bad_request', body: body('bad_request', 'General validation error') },
  { code: 'validation_failed', details: VALIDATION_ERRORS, body: EXAMPLES.validation_failed },
  { code: 'invalid_parameter', body: body('invalid_parameter', 'Invalid parameter value') },
  { code: 'unauthorized_client', body: body('unauthorized_client', 'Invalid credentials') },
  { code: 'invalid_token', body: EXAMPLES.invalid_token },
  { code: 'token_expired', body: body('token_expired', 'Token has expired') },
  { code: 'forbidden', body: EXAMPLES.forbidden },
  { code: 'access_denied', body: body('access_denied', 'Access denied for this resource') },
  // The example's message names one project; the code's own message is what reply.fail sends.
  { code: 'not_found', body: body('not_found', 'Resource not found') },
  { code: 'resource_not_found', body: body('resource_not_found', 'Specific resource not found') },
  { code: 'conflict', body: body('conflict', 'Resource conflict') },
  { code: 'duplicate_name', params: { resource: 'API Proxy', name: 'MyAPI' }, body: EXAMPLES.duplicate_name },
  { code: 'rate_limit_exceeded', body: EXAMPLES.rate_limit_exceeded },
  { code: 'internal_error', body: EXAMPLES.internal_error },
  { code: 'server_error', body: body('server_error', 'Unexpected server error') }
]

t.test('every code of the page, sent with reply.fail and thrown; the page codes replace the built-ins of the same name', async t => {
  const app = await pageApp(t, options, rows, app =>
    app.get('/projects/:name', async req => {
      throw app.httpErrors.notFound(`Project '${(req.params as { name: string }).name}' not found`)
    })
  )
  const codes = app.errorCatalogue.codes()
  for (const code of Object.keys(STATUS)) t.ok(codes.includes(code), code)
  t.equal(codes.length, new Set(codes.map(code => code.toLowerCase())).size, 'each code once')
  await checkRows(t, app, rows, code => STATUS[code]!)
  // The not_found example, one project's message: an error of another library carrying it sends it.
  const project = await app.inject('/projects/MyProject')
  t.equal(project.statusCode, 404)
  t.same(project.json(), EXAMPLES.not_found)
})

t.test('every condition: a code of the page, in the page\'s words', async t => {
  // allErrors: the page's validation example has two failing fields.
  const app = await pageApp(t, options, [], app => {
    app.post('/proxies', {
      schema: { body: { type: 'object', required: ['name', 'email'], properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } } } }
    }, async () => ({}))
  }, { ajv: { customOptions: { allErrors: true } } })
  const validation = (code: string, description: string, field: string, message: string): Expected => ({
    status: 400,
    body: body(code, description, { validation_errors: [{ field, message }] })
  })
  const badRequest: Expected = { status: 400, body: body('bad_request', 'General validation error') }
  const expected: Record<CaseName, Expected> = {
    'invalid JSON': badRequest,
    'empty JSON body': badRequest,
    // The page's first validation example, for the test route's required field.
    'missing required field (body)': { status: 400, body: body('validation_failed', 'Validation failed: name is required') },
    'schema validation (body)': validation('validation_failed', 'Validation failed', 'size', 'must be integer'),
    'schema validation (querystring)': validation('invalid_parameter', 'Invalid parameter value', 'limit', 'must be integer'),
    'schema validation (params)': validation('invalid_parameter', 'Invalid parameter value', 'id', 'must be integer'),
    'schema validation (headers)': validation('validation_failed', 'Validation failed', 'x-api-version', 'must be integer'),
    'unknown route': { status: 404, body: body('not_found', 'Resource not found') },
    // No 413, 414, 415 or 503 on the page: its 400 and 500 codes answer.
    'body too large': badRequest,
    'unsupported media type': badRequest,
    'malformed request (bad Content-Length)': badRequest,
    'malformed request (bad URL, frameworkErrors)': badRequest,
    'path parameter too long (frameworkErrors)': badRequest,
    'handler timeout': { status: 500, body: body('server_error', 'Unexpected server error') },
    'unexpected error': { status: 500, body: EXAMPLES.internal_error },
    // A foreign 4xx keeps its own message: the reason phrase here.
    'http-errors 404': { status: 404, body: body('not_found', 'Resource not found') },
    '@fastify/sensible 401': { status: 401, body: body('unauthorized_client', 'Invalid credentials') },
    '@fastify/error 409': { status: 409, body: body('conflict', 'Widget is locked') },
    'Boom 503': { status: 500, body: body('server_error', 'Unexpected server error') }
  }
  await checkCases(t, app, expected, res => res.json().error)

  // The page's second validation example, exactly: two failing fields, each in the page's words.
  const both = await app.inject({ method: 'POST', url: '/proxies', payload: '{"email":"not-an-email"}', headers: { 'content-type': 'application/json' } })
  t.equal(both.statusCode, 400)
  t.same(both.json(), EXAMPLES.validation_failed)
})

t.test('the limiter: exactly the page\'s rate-limit example, a ban the same code, the store down a server error', async t => {
  const { limited, banned, storeDown } = await rateLimitAnswers(t, options)
  t.equal(limited.statusCode, 429)
  t.same(limited.json(), EXAMPLES.rate_limit_exceeded)
  t.equal(limited.headers['retry-after'], '60')
  t.equal(banned.statusCode, 429)
  t.same(banned.json(), EXAMPLES.rate_limit_exceeded)
  t.equal(banned.headers['retry-after'], '60')
  t.equal(storeDown.statusCode, 500)
  t.same(storeDown.json(), body('server_error', 'Unexpected server error'))
})
