import createError from '@fastify/error'
import sensible from '@fastify/sensible'
import Fastify from 'fastify'
import httpErrors from 'http-errors'
import t from 'tap'
import errorsPlugin, { frameworkErrors } from '../lib/index.js'
import { build, logCapture } from './helpers.js'

const json = { 'content-type': 'application/json' }

t.test('invalid JSON → invalid_json, never the parser message', async t => {
  const app = await build(t)
  app.post('/', async () => 'ok')
  const res = await app.inject({ method: 'POST', url: '/', headers: json, payload: '{"a": secret' })
  t.equal(res.statusCode, 400)
  t.equal(res.json().error.code, 'invalid_json')
  t.equal(res.json().error.message, 'Invalid JSON in request body')
  t.notMatch(res.body, /secret|position|Unexpected/)
})

t.test('an empty JSON body → invalid_json', async t => {
  const app = await build(t)
  app.post('/', async () => 'ok')
  const res = await app.inject({ method: 'POST', url: '/', headers: json, payload: '' })
  t.equal(res.statusCode, 400)
  t.equal(res.json().error.code, 'invalid_json')
})

t.test('the pre-5.5 invalid-JSON SyntaxError (status 400, no code) → invalid_json', async t => {
  const app = await build(t)
  app.get('/', async () => {
    throw Object.assign(new SyntaxError('Unexpected token s in JSON at position 7: {"a": secret'), { statusCode: 400 })
  })
  const res = await app.inject('/')
  t.equal(res.json().error.code, 'invalid_json')
  t.notMatch(res.body, /secret/)
})

t.test('validation → validation_error with one item per field, for each part', async t => {
  const app = await build(t, {}, { ajv: { customOptions: { allErrors: true } } })
  const body = {
    type: 'object',
    required: ['services', 'region'],
    additionalProperties: false,
    properties: {
      services: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } },
      region: { type: 'string' },
      'a/b': { type: 'integer' }
    }
  }
  app.post('/b', { schema: { body } }, async () => 'ok')
  app.get('/q', { schema: { querystring: { type: 'object', properties: { limit: { type: 'integer', maximum: 10 } } } } }, async () => 'ok')
  app.get('/p/:id', { schema: { params: { type: 'object', properties: { id: { type: 'integer' } } } } }, async () => 'ok')
  app.get('/h', { schema: { headers: { type: 'object', required: ['x-key'], properties: { 'x-key': { type: 'string' } } } } }, async () => 'ok')

  const b = await app.inject({ method: 'POST', url: '/b', payload: { services: [{ id: 1 }, { id: 'x' }, {}], 'a/b': 'x' } })
  t.equal(b.statusCode, 400)
  t.equal(b.json().error.code, 'validation_error')
  t.same(b.json().error.details, [
    { field: 'region', in: 'body', message: 'is required' },
    { field: 'services[1].id', in: 'body', message: 'must be integer' },
    { field: 'services[2].id', in: 'body', message: 'is required' },
    { field: 'a/b', in: 'body', message: 'must be integer' }
  ])

  t.same((await app.inject('/q?limit=50')).json().error.details, [{ field: 'limit', in: 'query', message: 'must be <= 10' }])
  t.same((await app.inject('/p/abc')).json().error.details, [{ field: 'id', in: 'params', message: 'must be integer' }])
  t.same((await app.inject('/h')).json().error.details, [{ field: 'x-key', in: 'headers', message: 'is required' }])
})

t.test('additional properties are reported when the schema rejects them', async t => {
  const app = await build(t, {}, { ajv: { customOptions: { removeAdditional: false } } })
  app.post('/', { schema: { body: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } } } }, async () => 'ok')
  const res = await app.inject({ method: 'POST', url: '/', payload: { a: 'x', extra: 1 } })
  t.same(res.json().error.details, [{ field: 'extra', in: 'body', message: 'is not allowed' }])
})

t.test('a custom validator error without a validation array → one item with its message', async t => {
  const app = await build(t)
  app.post('/', {
    schema: { body: { type: 'object' } },
    validatorCompiler: () => () => ({ error: new Error('name: expected a string') })
  }, async () => 'ok')
  const res = await app.inject({ method: 'POST', url: '/', payload: {} })
  t.equal(res.statusCode, 400)
  t.same(res.json().error.details, [{ field: '', in: 'body', message: 'name: expected a string' }])
})

t.test('odd validation items are mapped defensively', async t => {
  const app = await build(t)
  app.get('/', async () => {
    throw Object.assign(new Error('x'), {
      code: 'FST_ERR_VALIDATION',
      statusCode: 400,
      validationContext: 'cookies',
      validation: [{ keyword: 'type', instancePath: 5, params: null }, { keyword: 'required', instancePath: '', params: {} }]
    })
  })
  const res = await app.inject('/')
  t.same(res.json().error.details, [
    { field: '', in: 'body', message: 'is invalid' },
    { field: '', in: 'body', message: 'is invalid' }
  ])
})

t.test('a validationContext named like an Object.prototype member is no part: the body, a 400', async t => {
  const app = await build(t)
  app.get('/', async () => {
    throw Object.assign(new Error('x'), { code: 'FST_ERR_VALIDATION', statusCode: 400, validationContext: 'toString', validation: [] })
  })
  const res = await app.inject('/')
  t.equal(res.statusCode, 400)
  t.equal(res.json().error.code, 'validation_error')
  t.same(res.json().error.details, [{ field: '', in: 'body', message: 'x' }])
})

t.test('a custom validator error with neither array nor message', async t => {
  const app = await build(t)
  app.get('/', async () => {
    // eslint-disable-next-line no-throw-literal -- a plain object, as some validators throw
    throw { code: 'FST_ERR_VALIDATION', statusCode: 400, validationContext: 'querystring' }
  })
  t.same((await app.inject('/')).json().error.details, [{ field: '', in: 'query', message: 'is invalid' }])
})

t.test('body too large → payload_too_large; unsupported type → unsupported_media_type', async t => {
  const app = await build(t, {}, { bodyLimit: 10 })
  app.post('/', async () => 'ok')
  const large = await app.inject({ method: 'POST', url: '/', headers: json, payload: JSON.stringify({ a: 'x'.repeat(50) }) })
  t.equal(large.statusCode, 413)
  t.equal(large.json().error.code, 'payload_too_large')
  const media = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/x-nope' }, payload: 'a' })
  t.equal(media.statusCode, 415)
  t.equal(media.json().error.code, 'unsupported_media_type')
})

t.test('an unknown route → route_not_found without the query string', async t => {
  const app = await build(t)
  const res = await app.inject({ method: 'DELETE', url: '/nope/1?token=abc' })
  t.equal(res.statusCode, 404)
  t.same(res.json().error, {
    code: 'route_not_found',
    message: 'Route DELETE /nope/1 not found',
    params: { method: 'DELETE', url: '/nope/1' },
    fix: 'Check the method and the path against the API documentation',
    request_id: 'req-1'
  })
})

t.test('handler timeout → service_unavailable with Retry-After', async t => {
  const app = await build(t, {}, { handlerTimeout: 20 } as object)
  app.get('/', () => new Promise(resolve => setTimeout(() => resolve('late'), 200)))
  const res = await app.inject('/')
  t.equal(res.statusCode, 503)
  t.equal(res.json().error.code, 'service_unavailable')
  t.equal(res.headers['retry-after'], '30')
})

t.test('errors of other libraries keep their 4xx status and message', async t => {
  const app = await build(t)
  await app.register(sensible)
  const Teapot = createError('FST_TEAPOT', 'I refuse to brew', 418)
  app.get('/sensible', async (_req, reply) => reply.notFound('No such widget'))
  app.get('/http-errors', async () => {
    throw httpErrors(409, 'Widget is locked')
  })
  app.get('/fastify-error', async () => {
    throw new Teapot()
  })
  app.get('/boom', async () => {
    throw Object.assign(new Error('Quota exhausted'), { isBoom: true, output: { statusCode: 402 } })
  })
  app.get('/status', async () => {
    throw Object.assign(new Error('Gone for good'), { status: 410 })
  })
  app.get('/hidden', async () => {
    throw httpErrors(400, 'internal detail', { expose: false })
  })
  app.get('/empty', async () => {
    throw Object.assign(new Error(''), { statusCode: 401 })
  })
  app.get('/huge', async () => {
    throw Object.assign(new Error('x'.repeat(5000)), { statusCode: 400 })
  })

  const sensibleRes = await app.inject('/sensible')
  t.equal(sensibleRes.statusCode, 404)
  t.same(sensibleRes.json().error, {
    code: 'not_found',
    message: 'No such widget',
    fix: 'Check the URL for typos and that the resource exists',
    request_id: 'req-1'
  })
  t.same([(await app.inject('/http-errors')).json().error.code, (await app.inject('/http-errors')).json().error.message], ['conflict', 'Widget is locked'])
  const teapot = await app.inject('/fastify-error')
  t.equal(teapot.statusCode, 418)
  t.same([teapot.json().error.code, teapot.json().error.message], ['i_m_a_teapot', 'I refuse to brew'])
  const boom = await app.inject('/boom')
  t.same([boom.statusCode, boom.json().error.code], [402, 'payment_required'])
  t.same([(await app.inject('/status')).statusCode, (await app.inject('/status')).json().error.code], [410, 'gone'])
  t.equal((await app.inject('/hidden')).json().error.message, 'The request is malformed or cannot be processed')
  t.equal((await app.inject('/empty')).json().error.message, 'Authentication credentials were not provided')
  t.equal((await app.inject('/huge')).json().error.message.length, 256)
})

t.test('every 5xx and anything without a valid status → internal_error, message hidden, logged', async t => {
  const logs = logCapture()
  const app = await build(t, {}, { logger: { level: 'info', stream: logs.stream } })
  const thrown: unknown[] = [
    new Error('password=hunter2'),
    Object.assign(new Error('db at /srv/app'), { statusCode: 500 }),
    Object.assign(new Error('redirect'), { statusCode: 302 }),
    Object.assign(new Error('ok?'), { statusCode: 200 }),
    Object.assign(new Error('str'), { statusCode: '404' }),
    Object.assign(new Error('nan'), { statusCode: NaN }),
    Object.assign(new Error('600'), { statusCode: 600 }),
    'a string',
    null,
    undefined,
    42,
    { message: 'plain object' },
    Object.assign(new Error('not implemented yet'), { statusCode: 501 })
  ]
  app.get('/:i', async req => {
    throw thrown[Number((req.params as { i: string }).i)]
  })

  for (let i = 0; i < thrown.length; i++) {
    const res = await app.inject(`/${i}`)
    t.equal(res.statusCode, 500, `#${i}`)
    t.equal(res.json().error.code, 'internal_error')
    t.equal(res.json().error.message, 'Internal server error')
  }
  const errors = logs.lines.filter(l => l.level === 50 && l.code === 'internal_error')
  t.equal(errors.length, thrown.length, 'one error log line each')
  t.match((errors[0]!.err as { message: string }).message, 'hunter2', 'the original error is in the log')
})

t.test('a mapped 5xx keeps its catalogue entry: 503 → service_unavailable', async t => {
  const app = await build(t)
  app.get('/', async () => {
    throw httpErrors(503, 'maintenance window db-7')
  })
  const res = await app.inject('/')
  t.equal(res.statusCode, 503)
  t.equal(res.json().error.code, 'service_unavailable')
  t.notMatch(res.body, /db-7/)
})

t.test('thrown values whose getters throw get a safe internal_error', async t => {
  const app = await build(t)
  app.get('/', async () => {
    // eslint-disable-next-line no-throw-literal -- a hostile plain object, on purpose
    throw {
      get code() {
        throw new Error('getter')
      }
    }
  })
  const res = await app.inject('/')
  t.equal(res.statusCode, 500)
  t.same(res.json(), { error: { code: 'internal_error', message: 'Internal server error' } })
})

t.test('a route response schema cannot reshape the error body', async t => {
  const app = await build(t)
  app.get('/', {
    schema: { response: { '4xx': { type: 'object', properties: { title: { type: 'string' } } } } }
  }, (_req, reply) => reply.fail('forbidden'))
  const res = await app.inject('/')
  t.equal(res.json().error.code, 'forbidden')
})

t.test('frameworkErrors: a malformed URL and an over-long parameter', async t => {
  const app = Fastify({ frameworkErrors, maxParamLength: 10 })
  t.teardown(() => app.close())
  await app.register(errorsPlugin)
  app.get('/items/:id', async () => 'ok')

  const bad = await app.inject('/items/%E0%A4%A')
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().error.code, 'bad_request')
  const long = await app.inject(`/items/${'x'.repeat(20)}`)
  t.equal(long.statusCode, 414)
  t.equal(long.json().error.code, 'uri_too_long')
})

t.test('frameworkErrors without the plugin answers plainly', async t => {
  const app = Fastify({ frameworkErrors })
  t.teardown(() => app.close())
  app.get('/items/:id', async () => 'ok')
  // Called directly with an error that carries no status: a 500.
  app.get('/direct', (request, reply) => frameworkErrors(Object.assign(new Error('odd'), { code: 'X' }) as never, request, reply))
  const res = await app.inject('/items/%E0%A4%A')
  t.equal(res.statusCode, 400)
  t.equal(res.json().error.code, 'FST_ERR_BAD_URL')
  t.equal((await app.inject('/direct')).statusCode, 500)
})

t.test('errorHandler outside a registered app rethrows to Fastify default handler', async t => {
  const { errorHandler } = await import('../lib/index.js')
  const app = Fastify()
  t.teardown(() => app.close())
  app.setErrorHandler(errorHandler)
  app.get('/', async () => {
    throw Object.assign(new Error('nope'), { statusCode: 409 })
  })
  const res = await app.inject('/')
  t.equal(res.statusCode, 409)
  t.equal(res.json().message, 'nope')
})
