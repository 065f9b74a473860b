import t from 'tap'
import { build } from './helpers.js'

const catalogue = {
  batch_too_large: {
    status: 400,
    message: 'Batch of {count} exceeds the limit of {max}',
    fix: 'Send at most {max} services',
    params: { count: 'integer', max: 'integer' }
  }
} as const

async function answer(t: Parameters<typeof build>[0], options: Parameters<typeof build>[1], route: 'fail' | 'validation' | 'retry' = 'fail') {
  const app = await build(t, { catalogue, ...options })
  app.get('/fail', (_req, reply) => reply.fail('batch_too_large', { count: 60, max: 50 }))
  app.get('/retry', (_req, reply) => reply.fail('service_unavailable', {}, { retryAfter: 5 }))
  app.post('/validation', { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, () => 'ok')
  return route === 'validation'
    ? app.inject({ method: 'POST', url: '/validation?x=1', payload: {} })
    : app.inject(`/${route}?x=1`)
}

t.test('nested (default)', async t => {
  const res = await answer(t, {})
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  t.same(res.json(), {
    error: {
      code: 'batch_too_large',
      message: 'Batch of 60 exceeds the limit of 50',
      params: { count: 60, max: 50 },
      fix: 'Send at most 50 services',
      request_id: 'req-1'
    }
  })
})

t.test('flat', async t => {
  const res = await answer(t, { format: 'flat' })
  t.same(res.json(), {
    code: 'batch_too_large',
    message: 'Batch of 60 exceeds the limit of 50',
    params: { count: 60, max: 50 },
    fix: 'Send at most 50 services',
    request_id: 'req-1'
  })
})

t.test('oauth', async t => {
  const res = await answer(t, { format: 'oauth' })
  t.same(res.json(), { error: 'batch_too_large', error_description: 'Batch of 60 exceeds the limit of 50' })
})

t.test('problem', async t => {
  const res = await answer(t, { format: 'problem' })
  t.equal(res.headers['content-type'], 'application/problem+json')
  t.same(res.json(), {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: 'Batch of 60 exceeds the limit of 50',
    instance: '/fail',
    code: 'batch_too_large',
    request_id: 'req-1',
    params: { count: 60, max: 50 },
    fix: 'Send at most 50 services'
  })
})

t.test('problem with problemTypeBase and an entry title', async t => {
  const app = await build(t, {
    format: 'problem',
    problemTypeBase: 'https://api.example.com/errors/',
    catalogue: { out_of_credit: { status: 403, title: 'Out of credit', message: 'Your balance is too low' } }
  })
  app.get('/', (_req, reply) => reply.fail('out_of_credit'))
  const body = (await app.inject('/')).json()
  t.equal(body.type, 'https://api.example.com/errors/out_of_credit')
  t.equal(body.title, 'Out of credit')
  t.equal(body.status, 403)
})

t.test('validation details travel under each format own key', async t => {
  const item = [{ field: 'name', in: 'body', message: 'is required' }]
  t.same((await answer(t, {}, 'validation')).json().error.details, item, 'nested: details')
  t.same((await answer(t, { format: 'flat' }, 'validation')).json().details, item, 'flat: details')
  t.same((await answer(t, { format: 'oauth' }, 'validation')).json().validation_errors, item, 'oauth: validation_errors')
  const problem = (await answer(t, { format: 'problem' }, 'validation')).json()
  t.same(problem.errors, item, 'problem: errors')
  t.equal(problem.details, undefined)
})

t.test('retry_after appears in every format, equal to the header', async t => {
  for (const format of ['nested', 'flat', 'oauth', 'problem'] as const) {
    const res = await answer(t, { format }, 'retry')
    t.equal(res.statusCode, 503)
    t.equal(res.headers['retry-after'], '5', format)
    const body = res.json()
    t.equal((body.error?.retry_after ?? body.retry_after) as number, 5, format)
  }
})

t.test('a custom format: a function and its schema', async t => {
  const app = await build(t, {
    format: {
      format: error => ({ ok: false, reason: error.code, text: error.message, status: error.status }),
      schema: { type: 'object' },
      contentType: 'application/vnd.errors+json'
    }
  })
  app.get('/', (_req, reply) => reply.fail('not_found'))

  const res = await app.inject('/')
  t.equal(res.statusCode, 404)
  t.equal(res.headers['content-type'], 'application/vnd.errors+json; charset=utf-8', 'Fastify adds the charset to JSON types')
  t.same(res.json(), { ok: false, reason: 'not_found', text: 'The requested resource could not be found', status: 404 })
})

t.test('a custom format that throws or returns nothing gives the fixed safe 500', async t => {
  for (const format of [() => { throw new Error('formatter bug') }, () => undefined]) {
    const app = await build(t, { format: { format, schema: {} } })
    app.get('/', (_req, reply) => reply.fail('not_found'))
    const res = await app.inject('/')
    t.equal(res.statusCode, 500)
    t.same(res.json(), { error: { code: 'internal_error', message: 'Internal server error' } })
  }
})

t.test('a custom format defaults to the JSON content type', async t => {
  const app = await build(t, { format: { format: e => ({ c: e.code }), schema: {} } })
  app.get('/', (_req, reply) => reply.fail('conflict'))
  const res = await app.inject('/')
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  t.same(res.json(), { c: 'conflict' })
})
