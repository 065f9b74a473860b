import t from 'tap'
import { build, logCapture } from './helpers.js'

t.test('reply.fail answers with the catalogue entry', async t => {
  const app = await build(t)
  app.get('/p/:id', (req, reply) => reply.fail('resource_not_found', { resource: 'Project', id: (req.params as { id: string }).id }))

  const res = await app.inject('/p/7')

  t.equal(res.statusCode, 404)
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  t.same(res.json(), {
    error: {
      code: 'resource_not_found',
      message: "Project '7' not found",
      params: { resource: 'Project', id: '7' },
      fix: 'Verify the identifier, or list the resources to find the right one',
      request_id: 'req-1'
    }
  })
})

t.test('a code without placeholders sends no params; includeFix: false drops fix', async t => {
  const app = await build(t, { includeFix: false })
  app.get('/', (_req, reply) => reply.fail('forbidden'))

  const res = await app.inject('/')

  t.equal(res.statusCode, 403)
  t.same(res.json(), { error: { code: 'forbidden', message: 'You do not have permission to perform this action', request_id: 'req-1' } })
})

t.test('catalogue headers are sent: WWW-Authenticate on 401s', async t => {
  const app = await build(t)
  app.get('/none', (_req, reply) => reply.fail('unauthenticated'))
  app.get('/expired', (_req, reply) => reply.fail('token_expired'))

  t.equal((await app.inject('/none')).headers['www-authenticate'], 'Bearer')
  const expired = await app.inject('/expired')
  t.equal(expired.statusCode, 401)
  t.equal(expired.headers['www-authenticate'], 'Bearer error="invalid_token", error_description="The access token expired"')
})

t.test('templated headers and fix use the parameters', async t => {
  const app = await build(t, {
    catalogue: {
      quota_exceeded: {
        status: 429,
        message: 'Quota of {limit} requests used',
        fix: 'Wait, or raise your quota above {limit}',
        params: { limit: 'integer' },
        headers: { 'X-Quota-Limit': '{limit}' }
      }
    }
  })
  app.get('/', (_req, reply) => reply.fail('quota_exceeded', { limit: 100 }))

  const res = await app.inject('/')

  t.equal(res.statusCode, 429)
  t.equal(res.headers['x-quota-limit'], '100')
  t.same(res.json().error, {
    code: 'quota_exceeded',
    message: 'Quota of 100 requests used',
    params: { limit: 100 },
    fix: 'Wait, or raise your quota above 100',
    request_id: 'req-1'
  })
})

t.test('per-call options: retryAfter, details, headers; cause is logged, never sent', async t => {
  const logs = logCapture()
  const app = await build(t, { catalogue: { order_conflict: { status: 409, message: 'Order changed', details: { type: 'object' } } } }, {
    logger: { level: 'info', stream: logs.stream }
  })
  app.get('/', (_req, reply) =>
    reply.fail('order_conflict', {}, {
      retryAfter: 2.2,
      details: { version: 3 },
      headers: { 'X-Trace': 'abc', 'Bad Name': 'x', 'X-Obj': {} as unknown as string },
      cause: new Error('row locked by pid 4242')
    })
  )

  const res = await app.inject('/')

  t.equal(res.statusCode, 409)
  t.equal(res.headers['retry-after'], '3', 'rounded up to whole seconds')
  t.equal(res.headers['x-trace'], 'abc')
  t.equal(res.headers['x-obj'], undefined, 'a non-string header value is dropped')
  t.same(res.json().error, { code: 'order_conflict', message: 'Order changed', details: { version: 3 }, retry_after: 3, request_id: 'req-1' })
  t.notMatch(res.body, /pid 4242/)
  const line = logs.lines.find(l => l.code === 'order_conflict')
  t.equal(line?.level, 30, '4xx logged at info')
  t.equal(line?.statusCode, 409)
})

t.test('a per-call message from a plain JavaScript caller is not an option: the message comes from the catalogue', async t => {
  const app = await build(t)
  app.get('/', (_req, reply) =>
    // @ts-expect-error a per-call message, as plain JavaScript could pass it
    reply.fail('forbidden', {}, { message: 'Gone fishing', validation: [{ field: 'x', in: 'body', message: 'm' }], retryAfter: 4 })
  )

  const res = await app.inject('/')

  t.equal(res.statusCode, 403)
  t.equal(res.headers['retry-after'], '4', 'the documented options still apply')
  t.same(res.json().error, {
    code: 'forbidden',
    message: 'You do not have permission to perform this action',
    fix: 'Check the permissions of the user or key making the request',
    retry_after: 4,
    request_id: 'req-1'
  })
})

t.test('a retryAfter that is not a non-negative number falls back to the catalogue default', async t => {
  const app = await build(t)
  app.get('/', (_req, reply) => reply.fail('service_unavailable', {}, { retryAfter: -5 }))

  const res = await app.inject('/')

  t.equal(res.statusCode, 503)
  t.equal(res.headers['retry-after'], '30')
  t.equal(res.json().error.retry_after, 30)
})

t.test('a Retry-After already on the reply: kept and sent in the body when it is delta-seconds, removed when it is not', async t => {
  const app = await build(t)
  app.get('/:value', (req, reply) => {
    reply.header('Retry-After', (req.params as { value: string }).value)
    return reply.fail('forbidden')
  })

  const kept = await app.inject('/7')
  t.equal(kept.headers['retry-after'], '7')
  t.equal(kept.json().error.retry_after, 7)
  const removed = await app.inject('/soon')
  t.equal(removed.headers['retry-after'], undefined, 'no header that says something the body does not')
  t.equal(removed.json().error.retry_after, undefined)
})

t.test('an unknown code at run time is a logged internal_error and the server keeps serving', async t => {
  const logs = logCapture()
  const app = await build(t, {}, { logger: { level: 'info', stream: logs.stream } })
  // @ts-expect-error a code known only at run time, as plain JavaScript passes it
  app.get('/:code', (req, reply) => reply.fail((req.params as { code: string }).code))

  for (const code of ['toString', '__proto__', 'hasOwnProperty', 'nope']) {
    const res = await app.inject(`/${code}`)
    t.equal(res.statusCode, 500, code)
    t.equal(res.json().error.code, 'internal_error')
  }
  t.ok(logs.lines.some(l => l.msg === 'fastify-error-catalogue: reply.fail called with an unknown code' && l.code === 'toString'))
  t.equal((await app.inject('/forbidden')).statusCode, 403, 'still serving real codes')
})

t.test('a non-string code is an internal_error too', async t => {
  const app = await build(t)
  // @ts-expect-error not a string, as plain JavaScript could pass
  app.get('/', (_req, reply) => reply.fail(42))

  t.equal((await app.inject('/')).json().error.code, 'internal_error')
})

t.test('interpolated values are bounded and header values cleaned', async t => {
  const app = await build(t, {
    catalogue: { tagged: { status: 400, message: 'Bad tag {tag}', headers: { 'X-Tag': '{tag}' } } }
  })
  app.get('/', (req, reply) => reply.fail('tagged', { tag: (req.query as { tag: string }).tag }))

  const long = await app.inject({ url: '/', query: { tag: 'x'.repeat(1000) } })
  const message: string = long.json().error.message
  t.equal(message, `Bad tag ${'x'.repeat(255)}…`)
  t.equal(long.json().error.params.tag.length, 256)

  const crlf = await app.inject({ url: '/', query: { tag: 'a\r\nSet-Cookie: x=1' } })
  t.equal(crlf.statusCode, 400)
  t.equal(crlf.headers['x-tag'], 'aSet-Cookie: x=1')
  t.equal(crlf.headers['set-cookie'], undefined)
})

t.test('parameter values of other shapes never break the body', async t => {
  const app = await build(t)
  const values: unknown[] = [NaN, Infinity, -0, true, 12n, null, undefined, { a: 1 }, [1, 2], Symbol('s'), Object.create(null)]
  app.get('/:i', (req, reply) => reply.fail('resource_not_found', { resource: 'R', id: values[Number((req.params as { i: string }).i)] as string }))

  // A symbol shows as a fixed token, never its description (test/reliability/bounds.test.ts).
  const expected = ['NaN', 'Infinity', 0, true, '12', undefined, undefined, '[object Object]', '1,2', '[symbol]', '']
  for (let i = 0; i < values.length; i++) {
    const res = await app.inject(`/${i}`)
    t.equal(res.statusCode, 404)
    t.same(res.json().error.params?.id, expected[i], `value #${i}`)
  }
})

t.test('details JSON cannot encode (cycles, BigInt) are left out, the answer still sent', async t => {
  const app = await build(t, { catalogue: { stuck: { status: 409, message: 'Stuck', details: { type: 'object' } } } })
  const circular: Record<string, unknown> = { a: 1 }
  circular.self = circular
  app.get('/circular', (_req, reply) => reply.fail('stuck', {}, { details: circular }))
  app.get('/bigint', (_req, reply) => reply.fail('stuck', {}, { details: { n: 10n } }))
  // @ts-expect-error a function is no JSON object, as plain JavaScript could pass
  app.get('/function', (_req, reply) => reply.fail('stuck', {}, { details: () => 1 }))
  for (const url of ['/circular', '/bigint', '/function']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 409)
    t.same(res.json().error, { code: 'stuck', message: 'Stuck', request_id: res.json().error.request_id })
  }
})

t.test('params that are not an object (plain JavaScript callers) render as empty placeholders', async t => {
  const app = await build(t)
  app.get('/:kind', (req, reply) => {
    const params = (req.params as { kind: string }).kind === 'null' ? null : 'Project'
    return reply.fail('resource_not_found', params as never)
  })
  for (const kind of ['null', 'string']) {
    const res = await app.inject(`/${kind}`)
    t.equal(res.statusCode, 404)
    t.equal(res.json().error.message, " '' not found", kind)
    t.equal(res.json().error.params, undefined)
  }
})
