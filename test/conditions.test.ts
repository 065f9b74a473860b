// Conditions: every answer the plugin makes by itself comes from the entry that claims it.
import t, { type Test } from 'tap'
import type { FastifyErrorCatalogueOptions } from '../lib/index.js'
import { build, fixture, logCapture } from './helpers.js'

type CatalogueFailure = Error & { code: string; problems: { message: string }[] }

/** The error registration fails with (a test fails when it registers). */
async function registrationError(t: Test, options: FastifyErrorCatalogueOptions): Promise<CatalogueFailure> {
  try {
    await build(t, options)
  } catch (error) {
    return error as CatalogueFailure
  }
  throw new Error('registration succeeded')
}

const jsonPost = (url: string, payload: string) => ({ method: 'POST' as const, url, payload, headers: { 'content-type': 'application/json' } })

t.test('a user entry takes a condition over with `when`; the rest keep the built-ins', async t => {
  const app = await build(t, {
    catalogue: { INVALID_FORMAT: { status: 400, message: 'The request format is invalid', when: ['invalid-json', 'unsupported-media-type'] } }
  })
  app.post('/jobs', async () => 'ok')

  const broken = await app.inject(jsonPost('/jobs', '{"a":'))
  t.equal(broken.statusCode, 400)
  t.equal(broken.json().error.code, 'INVALID_FORMAT')
  const empty = await app.inject(jsonPost('/jobs', ''))
  t.equal(empty.json().error.code, 'INVALID_FORMAT', 'an empty JSON body falls back to invalid-json')
  const xml = await app.inject({ method: 'POST', url: '/jobs', payload: '<a/>', headers: { 'content-type': 'application/xml' } })
  t.equal(xml.statusCode, 400, "the entry's status, not the condition's")
  t.equal(xml.json().error.code, 'INVALID_FORMAT')
  t.equal((await app.inject('/nope')).json().error.code, 'route_not_found')
  t.equal(app.errorCatalogue.codeFor('invalid-json'), 'INVALID_FORMAT')
  t.equal(app.errorCatalogue.codeFor('validation'), 'validation_error')
})

t.test('the most specific claim wins: a missing field, then the part, then validation in general', async t => {
  const app = await build(t, {
    catalogue: {
      validation_failed: { status: 400, message: 'Validation failed', when: ['validation'] },
      missing_required_field: { status: 422, message: 'A required field is absent', when: ['missing-required'] },
      invalid_parameter: { status: 400, message: 'A query parameter has an invalid value', when: ['validation-query'] }
    }
  })
  const schema = {
    body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, size: { type: 'integer' } } },
    querystring: { type: 'object', properties: { limit: { type: 'integer' } } }
  }
  app.post('/things', { schema }, async () => 'ok')

  const missing = await app.inject(jsonPost('/things', '{}'))
  t.equal(missing.statusCode, 422)
  t.same(missing.json().error.code, 'missing_required_field')
  t.same(missing.json().error.details, [{ field: 'name', in: 'body', message: 'is required' }])
  const wrongType = await app.inject(jsonPost('/things', '{"name":"a","size":"big"}'))
  t.equal(wrongType.statusCode, 400)
  t.equal(wrongType.json().error.code, 'validation_failed')
  const badQuery = await app.inject(jsonPost('/things?limit=many', '{"name":"a"}'))
  t.equal(badQuery.json().error.code, 'invalid_parameter')
  t.same(badQuery.json().error.details, [{ field: 'limit', in: 'query', message: 'must be integer' }])
})

t.test('an UPPER_SNAKE entry replaces the built-in of the same name and answers what it answered', async t => {
  const app = await build(t, {
    catalogue: {
      RATE_LIMIT_EXCEEDED: { status: 429, message: 'Rate limit exceeded', fix: 'Wait and retry with exponential backoff' },
      INTERNAL_ERROR: { status: 500, message: 'An internal server error occurred' },
      RESOURCE_NOT_FOUND: { status: 404, message: 'The requested resource was not found', when: ['route-not-found', 'status-404'] }
    },
    rateLimit: { max: 1, timeWindow: 60_000 }
  })
  app.get('/boom', async () => {
    throw new Error('db password is hunter2')
  })
  const codes = app.errorCatalogue.codes()
  t.ok(codes.includes('RATE_LIMIT_EXCEEDED'))
  t.notOk(codes.includes('rate_limit_exceeded'), 'one code, not two')
  t.notOk(codes.includes('internal_error'))

  const boom = await app.inject('/boom')
  t.same(boom.json(), { error: { code: 'INTERNAL_ERROR', message: 'An internal server error occurred', request_id: 'req-1' } })
  const limited = await app.inject('/boom')
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().error.code, 'RATE_LIMIT_EXCEEDED')
  t.equal(String(limited.json().error.retry_after), limited.headers['retry-after'])
  t.equal(app.errorCatalogue.codeFor('rate-limited'), 'RATE_LIMIT_EXCEEDED')
  t.equal(app.errorCatalogue.codeFor('status-404'), 'RESOURCE_NOT_FOUND')
  t.same(Object.keys(app.errorCatalogue.responses(['rate-limited', 'route-not-found'])), ['404', '429'])
})

t.test('two entries claiming one condition fail registration, naming both with file and line', async t => {
  const error = await registrationError(t, { catalogue: fixture('conditions/two-claims.yaml') })
  t.equal(error.code, 'FST_CATALOGUE_INVALID')
  t.match(error.message, /"invalid-json" is claimed by INVALID_FORMAT \(.*two-claims\.yaml:1\) and by BAD_JSON \(.*two-claims\.yaml:6\)/)
})

t.test('an unknown condition is a catalogue problem with a suggestion', async t => {
  const error = await registrationError(t, { catalogue: { BAD: { status: 400, message: 'Bad', when: ['invalid-jsn'] } } })
  t.equal(error.code, 'FST_CATALOGUE_INVALID')
  t.match(error.message, /unknown condition "invalid-jsn" \(did you mean "invalid-json"\?\)/)
})

t.test('builtins: false: each condition falls back to the only entry with its status, or registration lists what to add', async t => {
  const error = await registrationError(t, {
    builtins: false,
    catalogue: {
      INVALID_REQUEST: { status: 400, message: 'The request is malformed' },
      MISSING_PARAMETER: { status: 400, message: 'A required parameter is missing' },
      NOT_FOUND: { status: 404, message: 'Not found' },
      INTERNAL_ERROR: { status: 500, message: 'An internal server error occurred' }
    }
  })
  t.equal(error.code, 'FST_CATALOGUE_INVALID')
  const messages = error.problems.map(problem => problem.message)
  const four = messages.find(message => message.includes('"invalid-json" (sent when the request body is not valid JSON)'))
  t.match(four, /: add "when: \[empty-json-body, invalid-json, .*client-error\]" to one of INVALID_REQUEST, MISSING_PARAMETER, or share them out$/)
  t.ok(messages.includes(
    'no entry answers "body-too-large" (sent when the request body is over the size limit): add an entry with status 413 (the only one of its status answers them all), or claim them with "when: [body-too-large]"'
  ))
  t.notOk(messages.some(message => message.includes('"route-not-found"')), 'the only 404 entry answers unknown routes')
  t.notOk(messages.some(message => message.includes('"rate-limited"')), 'the limiter is off: its conditions need no entry')

  const app = await build(t, {
    builtins: false,
    catalogue: {
      INVALID_REQUEST: { status: 400, message: 'The request is malformed', when: ['malformed-request', 'status-400', 'client-error', 'body-too-large', 'uri-too-long', 'unsupported-media-type'] },
      MISSING_PARAMETER: { status: 400, message: 'A required parameter is missing', when: ['missing-required'] },
      NOT_FOUND: { status: 404, message: 'Not found' },
      INTERNAL_ERROR: { status: 500, message: 'An internal server error occurred', when: ['handler-timeout'] }
    }
  })
  app.get('/teapot', async () => {
    throw Object.assign(new Error('short and stout'), { statusCode: 418 })
  })
  t.equal((await app.inject('/nope')).json().error.code, 'NOT_FOUND')
  const teapot = await app.inject('/teapot')
  t.equal(teapot.statusCode, 400, 'a status no entry has goes to the client-error entry')
  t.equal(teapot.json().error.code, 'INVALID_REQUEST')
  t.same(app.errorCatalogue.codes().sort(), ['INTERNAL_ERROR', 'INVALID_REQUEST', 'MISSING_PARAMETER', 'NOT_FOUND'])
  t.throws(() => app.errorCatalogue.codeFor('rate-limited'), {
    code: 'FST_CATALOGUE_CONDITION_OFF',
    message: 'The plugin never answers this condition in this app: "rate-limited": the rate limiter is not registered (the rateLimit option is off)'
  })
  t.throws(() => app.errorCatalogue.codeFor('nonsense' as 'validation'), { code: 'FST_CATALOGUE_UNKNOWN_CODE' })
})

t.test('members are the user\'s choice: request_id and params can be left out', async t => {
  const app = await build(t, {
    includeFix: false,
    includeRequestId: false,
    includeParams: false,
    catalogue: { JOB_NOT_FOUND: { status: 404, message: 'The specified job {id} was not found' } }
  })
  app.get('/jobs/:id', (req, reply) => reply.fail('JOB_NOT_FOUND' as 'not_found', { id: (req.params as { id: string }).id } as never))
  const res = await app.inject('/jobs/7')
  t.equal(res.body, '{"error":{"code":"JOB_NOT_FOUND","message":"The specified job 7 was not found"}}')
  const schema = app.errorCatalogue.responses(['JOB_NOT_FOUND' as 'not_found'])[404]!.content['application/json']!.schema as { properties: { error: { required: string[]; properties: object } } }
  t.same(schema.properties.error.required, ['code', 'message'])
  t.notOk('params' in schema.properties.error.properties)
  t.notOk('request_id' in schema.properties.error.properties)
})

for (const [format, member] of [['nested', 'details'], ['oauth', 'validation_errors'], ['problem', 'errors']] as const) {
  t.test(`${format}: items passed by hand for a validation code go where schema failures go (${member})`, async t => {
    const app = await build(t, { format }, { ajv: { customOptions: { allErrors: true } } })
    const items = [{ field: 'name', in: 'body' as const, message: 'Name is required' }]
    app.post('/hand', (_req, reply) => reply.fail('validation_error', {}, { details: items }))
    app.post('/schema', { schema: { body: { type: 'object', required: ['name'] } } }, async () => 'ok')

    const byHand = (await app.inject(jsonPost('/hand', '{}'))).json()
    const bySchema = (await app.inject(jsonPost('/schema', '{}'))).json()
    const pick = (body: Record<string, unknown>) => (format === 'nested' ? (body.error as Record<string, unknown>) : body)
    t.same(pick(byHand)[member], items)
    t.same(pick(bySchema)[member], [{ field: 'name', in: 'body', message: 'is required' }])
    t.same(Object.keys(pick(byHand)).sort(), Object.keys(pick(bySchema)).sort(), 'one code, one shape')
  })
}

t.test('oauth sends the details a caller passes for other codes', async t => {
  const app = await build(t, {
    format: 'oauth',
    catalogue: { insufficient_balance: { status: 400, message: 'Balance too low', details: { type: 'object' } } }
  })
  app.get('/', (_req, reply) => reply.fail('insufficient_balance' as 'bad_request', {}, { details: { required: '100.00', available: '50.50' } } as never))
  t.same((await app.inject('/')).json(), {
    error: 'insufficient_balance',
    error_description: 'Balance too low',
    details: { required: '100.00', available: '50.50' }
  })
})

t.test('when building the answer fails, the fixed body carries the catalogue\'s own internal code', async t => {
  const { stream, lines } = logCapture()
  const app = await build(
    t,
    {
      format: { format: () => { throw new Error('formatter broke') }, schema: {} },
      catalogue: { INTERNAL_ERROR: { status: 500, message: 'An internal server error occurred' } }
    },
    { logger: { stream } }
  )
  app.get('/', (_req, reply) => reply.fail('forbidden'))
  const res = await app.inject('/')
  t.equal(res.statusCode, 500)
  t.same(res.json(), { error: { code: 'INTERNAL_ERROR', message: 'Internal server error' } })
  t.ok(lines.some(line => line.msg === 'fastify-error-catalogue: could not build the error response'))
})

t.test('a later file replacing an entry that replaced a built-in keeps its conditions', async t => {
  const app = await build(t, {
    catalogue: [
      { RATE_LIMIT_EXCEEDED: { status: 429, message: 'Slow down' } },
      { RATE_LIMIT_EXCEEDED: { status: 429, message: 'Rate limit exceeded' } }
    ],
    rateLimit: { max: 0 }
  })
  app.get('/', async () => 'ok')
  const res = await app.inject('/')
  t.equal(res.json().error.code, 'RATE_LIMIT_EXCEEDED')
  t.equal(res.json().error.message, 'Rate limit exceeded')
})

t.test('catalogue problems about conditions read well for objects and empty catalogues too', async t => {
  const notAList = await registrationError(t, { catalogue: { BAD: { status: 400, message: 'Bad', when: 'invalid-json' as never } } })
  t.match(notAList.message, /when must be a list of conditions or a mapping of condition to message, got "invalid-json"/)
  const twice = await registrationError(t, {
    catalogue: [{ A: { status: 400, message: 'A', when: ['validation'] } }, { B: { status: 400, message: 'B', when: ['validation'] } }]
  })
  t.match(twice.message, /<object #2> B: "validation" is claimed by A \(<object>\) and by B \(<object #2>\)/)
  const empty = await registrationError(t, { builtins: false })
  t.match(empty.message, /<catalogue>: no entry answers "route-not-found"/)
})

t.test('problem format without request_id: the body and its schema agree', async t => {
  const app = await build(t, { format: 'problem', includeRequestId: false })
  app.get('/', (_req, reply) => reply.fail('forbidden'))
  const body = (await app.inject('/')).json()
  t.notOk('request_id' in body)
  const schema = app.errorCatalogue.responses(['forbidden'])[403]!.content['application/problem+json']!.schema as { required: string[]; properties: object }
  t.notOk(schema.required.includes('request_id'))
  t.notOk('request_id' in schema.properties)
})

t.test('codeFor a condition nothing answers says so', async t => {
  const app = await build(t)
  // With the built-ins a 4xx status no entry has gets a code of its own: nothing claims client-error.
  t.throws(() => app.errorCatalogue.codeFor('client-error'), { code: 'FST_CATALOGUE_UNKNOWN_CODE', message: 'Unknown error catalogue code: condition "client-error" (no entry answers it)' })
})

t.test('a validation answer fills {field} and {in} with the first failing field', async t => {
  const app = await build(t, {
    catalogue: { INVALID_REQUEST: { status: 400, message: "Missing required '{field}' parameter.", when: ['missing-required'] } },
    includeParams: false,
    includeRequestId: false,
    includeFix: false
  })
  app.post('/users', { schema: { body: { type: 'object', required: ['user_id'] } } }, async () => 'ok')
  const res = await app.inject(jsonPost('/users', '{}'))
  t.same(res.json(), {
    error: { code: 'INVALID_REQUEST', message: "Missing required 'user_id' parameter.", details: [{ field: 'user_id', in: 'body', message: 'is required' }] }
  })
})
