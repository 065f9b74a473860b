// The jobs page (shared/reference/jobs-api-error-handling.txt): UPPER_SNAKE codes, no
// built-ins, and every error in the page's one format, {"error":{"code","message"}}.
import t from 'tap'
import { parse } from 'yaml'
import { readFileSync } from 'node:fs'
import { pageApp, pageCatalogue, checkRows, checkCases, rateLimitAnswers, type Row, type CaseName, type Expected } from './provoke.js'
import type { FastifyErrorCatalogueOptions } from '../../lib/index.js'

const catalogue = pageCatalogue('jobs')
const options: FastifyErrorCatalogueOptions = {
  catalogue,
  builtins: false,
  includeFix: false,
  includeParams: false,
  includeRequestId: false,
  includeRetryAfter: false,
  // "All errors follow a consistent format": schema failures too, without their items.
  includeValidationItems: false
}

/** Every row of the page: code, status, description. */
const TABLE: [code: string, status: number, message: string][] = [
  ['AUTHENTICATION_FAILED', 401, 'Authentication failed'],
  ['INVALID_API_KEY', 401, 'The provided API key is invalid'],
  ['EXPIRED_API_KEY', 401, 'The API key has expired'],
  ['REVOKED_API_KEY', 401, 'The API key has been revoked'],
  ['AUTHORIZATION_FAILED', 403, 'You do not have permission to access this resource'],
  ['SUSPENDED_ACCOUNT', 403, 'The client account has been suspended'],
  ['INSUFFICIENT_PERMISSIONS', 403, 'The API key does not have the required permissions'],
  ['INVALID_REQUEST', 400, 'The request is malformed or contains invalid parameters'],
  ['MISSING_PARAMETER', 400, 'A required parameter is missing'],
  ['INVALID_PARAMETER', 400, 'A parameter has an invalid value'],
  ['INVALID_FORMAT', 400, 'The request format is invalid'],
  ['INSUFFICIENT_BALANCE', 400, 'Account balance is below the minimum required'],
  ['RESOURCE_NOT_FOUND', 404, 'The requested resource was not found'],
  ['JOB_NOT_FOUND', 404, 'The specified job was not found'],
  ['CLIENT_NOT_FOUND', 404, 'The specified client was not found'],
  ['API_KEY_NOT_FOUND', 404, 'The specified API key was not found'],
  ['RATE_LIMIT_EXCEEDED', 429, 'Rate limit exceeded'],
  ['INTERNAL_ERROR', 500, 'An internal server error occurred'],
  ['PROCESSING_FAILED', 500, 'Job processing failed'],
  ['DATABASE_ERROR', 500, 'A database error occurred'],
  ['EXTERNAL_SERVICE_ERROR', 500, 'An external service error occurred'],
  ['SERVICE_UNAVAILABLE', 503, 'The service is temporarily unavailable']
]
const MESSAGES = new Map(TABLE.map(([code, , message]) => [code, message]))
/** The page's format: "All errors follow a consistent format". */
const pageBody = (code: string) => ({ error: { code, message: MESSAGES.get(code)! } })
const rows: Row[] = TABLE.map(([code]) => ({ code, body: pageBody(code) }))
const exactly = (status: number, code: string): Expected => ({ status, body: pageBody(code) })

t.test('every row of the page comes out exactly in the page format', async t => {
  const app = await pageApp(t, options, rows)
  t.same(app.errorCatalogue.codes().sort(), TABLE.map(([code]) => code).sort(), 'the catalogue is the page: no code of ours')
  await checkRows(t, app, rows, code => TABLE.find(([c]) => c === code)![1])
  // The README's example, byte for byte.
  t.equal((await app.inject(`/rows/${TABLE.findIndex(([code]) => code === 'JOB_NOT_FOUND')}`)).body, '{"error":{"code":"JOB_NOT_FOUND","message":"The specified job was not found"}}')
})

t.test('every condition answers with a code of the page', async t => {
  const app = await pageApp(t, options)
  const expected: Record<CaseName, Expected> = {
    'invalid JSON': exactly(400, 'INVALID_FORMAT'),
    'empty JSON body': exactly(400, 'INVALID_FORMAT'),
    'missing required field (body)': exactly(400, 'MISSING_PARAMETER'),
    'schema validation (body)': exactly(400, 'INVALID_PARAMETER'),
    'schema validation (querystring)': exactly(400, 'INVALID_PARAMETER'),
    'schema validation (params)': exactly(400, 'INVALID_PARAMETER'),
    'schema validation (headers)': exactly(400, 'INVALID_PARAMETER'),
    'unknown route': exactly(404, 'RESOURCE_NOT_FOUND'),
    // The page has no 413, 414 or 415 code: the entry's status (400) is sent.
    'body too large': exactly(400, 'INVALID_REQUEST'),
    'unsupported media type': exactly(400, 'INVALID_FORMAT'),
    'malformed request (bad Content-Length)': exactly(400, 'INVALID_REQUEST'),
    'malformed request (bad URL, frameworkErrors)': exactly(400, 'INVALID_REQUEST'),
    'path parameter too long (frameworkErrors)': exactly(400, 'INVALID_PARAMETER'),
    'handler timeout': exactly(503, 'SERVICE_UNAVAILABLE'),
    'unexpected error': exactly(500, 'INTERNAL_ERROR'),
    // A foreign 4xx keeps its own message (here http-errors' and @fastify/sensible's reason phrase): not the page's.
    'http-errors 404': { status: 404, body: { error: { code: 'RESOURCE_NOT_FOUND', message: 'The requested resource was not found' } } },
    '@fastify/sensible 401': { status: 401, body: { error: { code: 'AUTHENTICATION_FAILED', message: 'Authentication failed' } } },
    // No 409 on the page: the 4xx catch-all (client-error) answers, with its entry's status.
    '@fastify/error 409': { status: 400, body: { error: { code: 'INVALID_REQUEST', message: 'Widget is locked' } } },
    'Boom 503': exactly(503, 'SERVICE_UNAVAILABLE')
  }
  await checkCases(t, app, expected, res => res.json().error.code)
})

t.test('the limiter answers with the page codes in the page format; Retry-After only in the header', async t => {
  const { limited, banned, storeDown, app } = await rateLimitAnswers(t, options)
  // The page's format has no retry_after: includeRetryAfter: false leaves it to the header.
  t.equal(limited.statusCode, 429)
  t.same(limited.json(), { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded' } })
  t.equal(limited.headers['retry-after'], '60')
  t.equal(banned.statusCode, 429, 'a ban is the page\'s 429 (RATE_LIMIT_EXCEEDED claims rate-limited, the ban\'s parent)')
  t.same(banned.json(), { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded' } })
  t.equal(banned.headers['retry-after'], '60')
  t.equal(app.errorCatalogue.codeFor('rate-limit-ban'), 'RATE_LIMIT_EXCEEDED')
  t.equal(storeDown.statusCode, 503)
  t.same(storeDown.json(), pageBody('SERVICE_UNAVAILABLE'))
})

t.test("without the page's `when` claims, registration lists each condition to bind and what to add", async t => {
  const bare = parse(readFileSync(catalogue, 'utf8')) as Record<string, { when?: string[] }>
  for (const entry of Object.values(bare)) delete entry.when
  const error = await pageApp(t, { ...options, catalogue: bare, rateLimit: true }).then(
    () => undefined,
    (error: Error & { problems: { message: string }[] }) => error
  )
  // A thrown error with a status several entries share: which one answers it must be claimed.
  const ambiguous = error?.problems.map(({ message }) => /status (\d+) could be any of/.exec(message)?.[1]).filter(status => status !== undefined)
  t.same(ambiguous, ['400', '401', '403', '404'])
  // One problem per status: the conditions to bind, and the entries that could answer them.
  const listed = error?.problems.filter(({ message }) => !message.includes('could be any of')).map(({ message }) => ({
    conditions: [...message.matchAll(/"([a-z-]+)" \(sent when/g)].map(match => match[1]),
    candidates: /to one of ([A-Z_, ]+?), or share them out/.exec(message)?.[1]?.split(', ') ?? /add an entry with status (\d+)/.exec(message)?.[1]
  }))
  const all400 = ['INVALID_REQUEST', 'MISSING_PARAMETER', 'INVALID_PARAMETER', 'INVALID_FORMAT', 'INSUFFICIENT_BALANCE']
  t.same(listed, [
    {
      conditions: ['empty-json-body', 'invalid-json', 'missing-required', 'validation-body', 'validation-query', 'validation-params', 'validation-headers', 'validation', 'malformed-request', 'client-error'],
      candidates: all400
    },
    { conditions: ['route-not-found'], candidates: ['RESOURCE_NOT_FOUND', 'JOB_NOT_FOUND', 'CLIENT_NOT_FOUND', 'API_KEY_NOT_FOUND'] },
    { conditions: ['body-too-large'], candidates: '413' },
    { conditions: ['uri-too-long'], candidates: '414' },
    { conditions: ['unsupported-media-type'], candidates: '415' },
    // No ban: it falls to the only 429 entry, RATE_LIMIT_EXCEEDED, never to a 403 about permissions.
    { conditions: ['unexpected-error'], candidates: ['INTERNAL_ERROR', 'PROCESSING_FAILED', 'DATABASE_ERROR', 'EXTERNAL_SERVICE_ERROR'] }
  ])
})
