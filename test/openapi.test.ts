import swagger from '@fastify/swagger'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import t from 'tap'
import errorsPlugin, { type FastifyErrorCatalogueOptions } from '../lib/index.js'
import { definedCatalogue as catalogue } from './fixtures/defined-catalogue.js'

/** An app with swagger in OpenAPI mode, the plugin, and one route declaring its error codes. */
async function documented(t: { teardown(fn: () => unknown): void }, options: FastifyErrorCatalogueOptions = {}): Promise<FastifyInstance> {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(swagger, { openapi: { info: { title: 'Projects', version: '1.0.0' } } })
  await app.register(errorsPlugin, { catalogue, ...options })
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = request.params as { id: string }
    if (id === 'missing') return reply.fail('resource_not_found', { resource: 'Project', id })
    if (id === 'busy') return reply.fail('rate_limit_exceeded')
    if (id === 'gone') throw app.errors.not_found()
    return { id }
  }
  const codes = ['resource_not_found', 'not_found', 'rate_limit_exceeded'] as const
  app.get(
    '/projects/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string' } } },
        response: {
          200: { type: 'object', properties: { id: { type: 'string' } } },
          ...app.errorCatalogue.responses(codes)
        }
      }
    },
    handler
  )
  // The same route with no response schema: what the error bodies are without any reshaping.
  app.get('/plain/:id', handler)
  return app
}

/** Validates `value` against `schema` with Fastify's own validator (Ajv with formats). */
async function conforms(schema: Record<string, unknown>, value: unknown): Promise<boolean> {
  const app = Fastify()
  app.post('/', { schema: { body: schema } }, async () => 'ok')
  const res = await app.inject({ method: 'POST', url: '/', payload: value as object })
  await app.close()
  return res.statusCode === 200
}

t.test('@fastify/swagger documents the declared error responses, with schema and examples', async t => {
  const app = await documented(t)
  await app.ready()
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, { responses: Record<string, any> }>> }
  const responses = doc.paths['/projects/{id}']!.get!.responses

  t.same(Object.keys(responses).sort(), ['200', '404', '429'])

  const notFound = responses['404']
  t.equal(notFound.description, 'Not Found (resource_not_found, not_found)')
  const media404 = notFound.content['application/json']
  t.same(
    media404.schema.oneOf.map((s: any) => s.properties.error.properties.code),
    [
      { type: 'string', enum: ['resource_not_found'] },
      { type: 'string', enum: ['not_found'] }
    ],
    'two codes with one status: oneOf their schemas (swagger writes const as a one-value enum)'
  )
  t.ok(media404.schema.oneOf[0].properties.error.properties.params, 'a code with placeholders documents params')
  t.notOk(media404.schema.oneOf[1].properties.error.properties.params)
  t.same(media404.examples.resource_not_found, {
    summary: 'Not Found',
    value: {
      error: {
        code: 'resource_not_found',
        message: "Project '42' not found",
        params: { resource: 'Project', id: '42' },
        fix: media404.examples.resource_not_found.value.error.fix,
        request_id: 'req-1'
      }
    }
  })
  t.type(media404.examples.resource_not_found.value.error.fix, 'string')
  t.equal(media404.examples.not_found.value.error.code, 'not_found')

  const limited = responses['429']
  t.same(limited.headers, { 'Retry-After': { schema: { type: 'integer', minimum: 0 }, description: 'Seconds to wait before retrying' } })
  const media429 = limited.content['application/json']
  t.same(media429.schema.properties.error.properties.code.enum, ['rate_limit_exceeded'])
  t.equal(media429.examples.rate_limit_exceeded.value.error.retry_after, 60)

  for (const [status, response] of Object.entries({ 404: notFound, 429: limited })) {
    for (const [code, example] of Object.entries(response.content['application/json'].examples as Record<string, { value: unknown }>)) {
      t.ok(await conforms(response.content['application/json'].schema, example.value), `${status} ${code}: the example fits the schema`)
    }
  }
})

t.test("the route's error responses are still exactly the catalogue's, and fit the documented schema", async t => {
  const app = await documented(t)
  const responses = app.errorCatalogue.responses(['resource_not_found', 'not_found', 'rate_limit_exceeded'])

  for (const id of ['missing', 'busy', 'gone']) {
    const withSchema = await app.inject(`/projects/${id}`)
    const without = await app.inject(`/plain/${id}`)
    t.equal(withSchema.statusCode, without.statusCode, id)
    t.equal(withSchema.headers['content-type'], 'application/json; charset=utf-8', id)
    t.equal(withSchema.body.replace(/req-\d+/, 'req-x'), without.body.replace(/req-\d+/, 'req-x'), `${id}: the same bytes`)
    const documentedSchema = responses[withSchema.statusCode]!.content['application/json']!.schema
    t.ok(await conforms(documentedSchema, withSchema.json()), `${id}: the real body fits the documented schema`)
  }

  const missing = await app.inject('/projects/missing')
  t.equal(missing.statusCode, 404)
  t.same(missing.json(), {
    error: {
      code: 'resource_not_found',
      message: "Project 'missing' not found",
      params: { resource: 'Project', id: 'missing' },
      fix: missing.json().error.fix,
      request_id: missing.json().error.request_id
    }
  })
  t.type(missing.json().error.fix, 'string')
  const busy = await app.inject('/projects/busy')
  t.equal(busy.statusCode, 429)
  t.equal(busy.headers['retry-after'], '60')
  t.equal(busy.json().error.retry_after, 60)
})

t.test('problem format: its media type, RFC 9457 members and catalogue headers', async t => {
  const app = await documented(t, { format: 'problem', includeFix: false })
  const responses = app.errorCatalogue.responses(['unauthenticated', 'validation_error', 'defined_job_locked', 'defined_quota', 'defined_plan_required'])

  t.same(Object.keys(responses), ['400', '401', '402', '423'])
  const unauthenticated = responses[401]!
  t.same(unauthenticated.headers, { 'WWW-Authenticate': { type: 'string', description: 'Sent with unauthenticated' } })
  t.same(Object.keys(unauthenticated.content), ['application/problem+json'])
  const media = unauthenticated.content['application/problem+json']!
  t.equal((media.schema as { properties: { status: { const: number } } }).properties.status.const, 401)
  t.same(media.examples.unauthenticated!.value, {
    type: 'about:blank',
    title: 'Unauthorized',
    status: 401,
    detail: 'Authentication credentials were not provided',
    instance: '/v1/projects/42',
    code: 'unauthenticated',
    request_id: 'req-1'
  })

  const invalid = responses[400]!.content['application/problem+json']!.examples.validation_error!.value as Record<string, unknown>
  t.same(invalid.errors, [{ field: 'items[2].id', in: 'body', message: 'must be string' }], 'validation_error shows a validation item')

  const locked = responses[423]!
  t.ok(locked.headers?.['Retry-After'], 'retryable without a retryAfter still documents Retry-After')
  t.equal((locked.content['application/problem+json']!.examples.defined_job_locked!.value as { detail: string }).detail, 'Job 50 is locked by <owner>')

  const quota = responses[402]!.content['application/problem+json']!
  t.same((quota.examples.defined_quota!.value as { details: unknown }).details, { required: '100.00', available: '50.50' }, 'details example from the schema `examples`')
  t.same((quota.examples.defined_plan_required!.value as { details: unknown }).details, { plan: 'pro' }, 'or from its `example`')
  t.equal((quota.schema as { oneOf: unknown[] }).oneOf.length, 2)
})

t.test('a custom format: its schema once, examples from its own formatter', async t => {
  const app = await documented(t, {
    format: {
      format: view => ({ kind: view.code, text: view.message }),
      schema: { type: 'object', properties: { kind: { type: 'string' }, text: { type: 'string' } } },
      contentType: 'application/vnd.errors+json'
    }
  })
  const responses = app.errorCatalogue.responses(['resource_not_found', 'not_found', 'not_found'])
  const media = responses[404]!.content['application/vnd.errors+json']!
  t.same(media.schema, { type: 'object', properties: { kind: { type: 'string' }, text: { type: 'string' } } }, 'not oneOf of copies')
  t.same(Object.keys(media.examples), ['resource_not_found', 'not_found'], 'a repeated code counts once')
  t.same(media.examples.not_found!.value, { kind: 'not_found', text: 'The requested resource could not be found' })
  t.equal(responses[404]!.headers, undefined)
})

t.test('unknown codes fail when the route is declared, all of them named', async t => {
  const app = await documented(t)
  let thrown: unknown
  try {
    app.errorCatalogue.responses(['resource_not_fund' as 'not_found', 'not_found', 'ratelimit' as 'not_found'])
  } catch (error) {
    thrown = error
  }
  t.ok(thrown instanceof TypeError)
  t.match(thrown, { code: 'FST_CATALOGUE_UNKNOWN_CODE', message: 'Unknown error catalogue code: "resource_not_fund", "ratelimit"' })
})
